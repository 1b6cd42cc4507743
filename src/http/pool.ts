import { type LatencySummary, LatencyHistogram } from "./histogram.ts";

/** Counters of one origin, as returned by `client.metrics()`. */
export interface OriginMetrics {
  readonly origin: string;
  /** Requests holding a slot: sent and not yet done reading their body. */
  readonly inFlight: number;
  /** Requests waiting for a slot. */
  readonly queued: number;
  /** Attempts sent (each retry counts). */
  readonly requests: number;
  /** Attempts that ended without a usable response: connection failure, timeout, abort, broken body. */
  readonly errors: number;
  /** Requests refused because the queue was full. */
  readonly rejected: number;
  /** Attempts that were retried. */
  readonly retries: number;
  /** Time to response headers, in ms. */
  readonly latency: LatencySummary;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  /** Set once the waiter got a slot or gave up; the queue skips it. */
  settled: boolean;
  handleEvent(): void;
}

/**
 * Concurrency cap for one origin with a bounded FIFO queue. Bun's fetch keeps connections alive by
 * itself; capping the requests in flight per origin is what keeps the number of connections bounded.
 * A freed slot passes straight to the oldest waiter, so the in-flight count never exceeds the cap.
 */
export class OriginPool {
  readonly origin: string;
  readonly maxInFlight: number;
  readonly maxQueue: number;
  readonly latency = new LatencyHistogram();
  inFlight = 0;
  requests = 0;
  errors = 0;
  rejected = 0;
  retries = 0;
  #queue: (Waiter | undefined)[] = [];
  #head = 0;
  #queued = 0;
  /** Waiters that gave up but still sit in `#queue`; swept so aborts cannot grow it without bound. */
  #abandoned = 0;

  constructor(origin: string, maxInFlight: number, maxQueue: number) {
    this.origin = origin;
    this.maxInFlight = maxInFlight;
    this.maxQueue = maxQueue;
  }

  get queued(): number {
    return this.#queued;
  }

  get queueFull(): boolean {
    return this.#queued >= this.maxQueue;
  }

  /** Takes a slot if one is free, without waiting. */
  tryAcquire(): boolean {
    if (this.inFlight >= this.maxInFlight) return false;
    this.inFlight++;
    return true;
  }

  /**
   * Waits in line for a slot. Check {@link queueFull} first. Rejects with the signal's reason if it
   * aborts while waiting, and the waiter leaves the line.
   */
  wait(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        settled: false,
        handleEvent: () => {
          if (waiter.settled) return;
          waiter.settled = true;
          this.#queued--;
          this.#abandoned++;
          if (this.#abandoned > 64 && this.#abandoned > this.#queued) this.#dropAbandoned();
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", waiter, { once: true });
      this.#queue.push(waiter);
      this.#queued++;
    });
  }

  /** Gives a slot back: to the oldest waiter if any, otherwise to the pool. */
  release(): void {
    if (this.#queued === 0 && this.#abandoned === 0) {
      this.inFlight--;
      return;
    }
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const waiter = queue[this.#head];
      queue[this.#head++] = undefined;
      if (waiter === undefined) continue;
      if (waiter.settled) {
        this.#abandoned--;
        continue;
      }
      waiter.settled = true;
      this.#queued--;
      waiter.signal?.removeEventListener("abort", waiter);
      this.#compact();
      waiter.resolve();
      return;
    }
    this.#compact();
    this.inFlight--;
  }

  metrics(): OriginMetrics {
    return {
      origin: this.origin,
      inFlight: this.inFlight,
      queued: this.#queued,
      requests: this.requests,
      errors: this.errors,
      rejected: this.rejected,
      retries: this.retries,
      latency: this.latency.summary(),
    };
  }

  #dropAbandoned(): void {
    this.#queue = this.#queue.slice(this.#head).filter((w) => w !== undefined && !w.settled);
    this.#head = 0;
    this.#abandoned = 0;
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
