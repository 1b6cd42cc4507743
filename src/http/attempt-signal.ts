/** Attempts waiting for their deadline, oldest first; one list (and one timer) per timeout value. */
interface DeadlineLine {
  readonly timeoutMs: number;
  head: AttemptSignal | undefined;
  tail: AttemptSignal | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The abort signal of one attempt: fires when `timeoutMs` passes or when the caller's signal aborts,
 * whichever comes first. Only built when a timeout is set; without one the caller's signal goes to
 * fetch as is.
 *
 * A timer per request costs more than the request itself at high concurrency, so attempts with the
 * same timeout share one: they join a list in deadline order (appending keeps the order, since
 * they all wait the same time), leave it in O(1) when done, and a single timer wakes for the oldest.
 */
export class AttemptSignal {
  static readonly #lines = new Map<number, DeadlineLine>();

  readonly timeoutMs: number;
  timedOut = false;
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #deadline: number;
  #line: DeadlineLine | undefined;
  #prev: AttemptSignal | undefined;
  #next: AttemptSignal | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.timeoutMs = timeoutMs;
    this.#caller = caller;
    this.#deadline = performance.now() + timeoutMs;
    this.#join();
    caller?.addEventListener("abort", this, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Called by the caller's signal (EventListenerObject). */
  handleEvent(): void {
    this.#leave();
    this.#controller.abort(this.#caller?.reason);
  }

  /** Stops the clock and detaches from the caller's signal; the attempt is over. */
  dispose(): void {
    this.#leave();
    this.#caller?.removeEventListener("abort", this);
  }

  #expire(): void {
    this.timedOut = true;
    this.#caller?.removeEventListener("abort", this);
    this.#controller.abort(new DOMException(`timed out after ${this.timeoutMs} ms`, "TimeoutError"));
  }

  #join(): void {
    let line = AttemptSignal.#lines.get(this.timeoutMs);
    if (line === undefined) {
      line = { timeoutMs: this.timeoutMs, head: undefined, tail: undefined, timer: undefined };
      AttemptSignal.#lines.set(this.timeoutMs, line);
    }
    this.#line = line;
    this.#prev = line.tail;
    if (line.tail === undefined) line.head = this;
    else line.tail.#next = this;
    line.tail = this;
    if (line.timer === undefined) AttemptSignal.#arm(line, this.timeoutMs);
  }

  #leave(): void {
    const line = this.#line;
    if (line === undefined) return;
    if (this.#prev === undefined) line.head = this.#next;
    else this.#prev.#next = this.#next;
    if (this.#next === undefined) line.tail = this.#prev;
    else this.#next.#prev = this.#prev;
    this.#line = this.#prev = this.#next = undefined;
  }

  static #arm(line: DeadlineLine, delay: number): void {
    line.timer = setTimeout(AttemptSignal.#fire, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(delay))), line);
    line.timer.unref?.();
  }

  /**
   * Expires every attempt whose deadline has passed, then sleeps until the next one's. An empty
   * line is dropped, so timeouts computed per request (a remaining budget) do not pile up lines.
   */
  static #fire(line: DeadlineLine): void {
    line.timer = undefined;
    const now = performance.now();
    let head = line.head;
    while (head !== undefined && head.#deadline <= now) {
      head.#leave();
      head.#expire();
      head = line.head;
    }
    if (head !== undefined) AttemptSignal.#arm(line, head.#deadline - now);
    else AttemptSignal.#lines.delete(line.timeoutMs);
  }
}
