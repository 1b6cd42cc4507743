/**
 * The abort signal of one attempt: fires when `timeoutMs` passes or when the caller's signal aborts,
 * whichever comes first. Only built when a timeout is set; without one the caller's signal goes to
 * fetch as is. Uses `handleEvent` and a shared timer callback, so no closures per attempt.
 */
export class AttemptSignal {
  readonly timeoutMs: number;
  timedOut = false;
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.timeoutMs = timeoutMs;
    this.#caller = caller;
    this.#timer = setTimeout(expire, timeoutMs, this);
    this.#timer.unref?.();
    caller?.addEventListener("abort", this, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Called by the caller's signal (EventListenerObject). */
  handleEvent(): void {
    this.#controller.abort(this.#caller?.reason);
  }

  expire(): void {
    this.timedOut = true;
    this.#timer = undefined;
    this.#controller.abort(new DOMException(`timed out after ${this.timeoutMs} ms`, "TimeoutError"));
  }

  /** Stops the timer and detaches from the caller's signal; the attempt is over. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#caller?.removeEventListener("abort", this);
  }
}

function expire(signal: AttemptSignal): void {
  signal.expire();
}
