import { checkCount, checkDuration } from "./check.ts";

/** Retry settings. A number is shorthand for `{ limit }`; `false` or `0` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit?: number;
  /** Methods that may be retried. Default: the idempotent ones, GET HEAD OPTIONS PUT DELETE TRACE. */
  methods?: readonly string[];
  /** Statuses that cause a retry. Default 408 429 500 502 503 504. */
  statusCodes?: readonly number[];
  /**
   * Base delay in ms for exponential backoff with full jitter (default 100): the wait before retry `n`
   * is a random value in `[0, min(maxDelay, backoff * 2^(n-1))]`. A function returns the delay itself.
   */
  backoff?: number | ((retry: number) => number);
  /** Upper bound in ms for any wait, including one asked for by `Retry-After`. Default 30000. */
  maxDelay?: number;
}

export type RetrySetting = RetryOptions | number | false;

/** Resolved retry settings; built once per client (and per request only when it overrides them). */
export interface RetryPolicy {
  readonly limit: number;
  readonly methods: ReadonlySet<string>;
  readonly statusCodes: ReadonlySet<number>;
  readonly backoff: number | ((retry: number) => number);
  readonly maxDelay: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  limit: 2,
  methods: new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]),
  statusCodes: new Set([408, 429, 500, 502, 503, 504]),
  backoff: 100,
  maxDelay: 30_000,
};

/**
 * Applies `setting` over `base`, checking every value.
 *
 * @example
 * retryPolicy({ limit: 5, statusCodes: [503] }, defaultRetryPolicy).limit; // 5
 */
export function retryPolicy(setting: RetrySetting | undefined, base: RetryPolicy): RetryPolicy {
  if (setting === undefined) return base;
  if (setting === false) return { ...base, limit: 0 };
  if (typeof setting === "number") return { ...base, limit: checkCount("retries", setting) };
  const { limit, methods, statusCodes, backoff, maxDelay } = setting;
  if (typeof backoff === "number") checkDuration("retries.backoff", backoff);
  else if (backoff !== undefined && typeof backoff !== "function") {
    throw new TypeError(`retries.backoff must be a number of ms or a function, got ${typeof backoff}`);
  }
  return {
    limit: limit === undefined ? base.limit : checkCount("retries.limit", limit),
    methods: methods === undefined ? base.methods : new Set(methods.map((m) => m.toUpperCase())),
    statusCodes: statusCodes === undefined ? base.statusCodes : new Set(statusCodes.map(checkStatus)),
    backoff: backoff ?? base.backoff,
    maxDelay: maxDelay === undefined ? base.maxDelay : checkDuration("retries.maxDelay", maxDelay),
  };
}

/**
 * The wait before retry number `retry` (1-based): what `Retry-After` asks for when present and valid,
 * otherwise exponential backoff with full jitter; never more than `maxDelay`.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfter: string | null): number {
  const asked = retryAfter === null ? undefined : parseRetryAfter(retryAfter, Date.now());
  if (asked !== undefined) return Math.min(asked, policy.maxDelay);
  const { backoff } = policy;
  if (typeof backoff === "function") return Math.min(Math.max(0, backoff(retry)), policy.maxDelay);
  return Math.random() * Math.min(policy.maxDelay, backoff * 2 ** (retry - 1));
}

/**
 * Reads a `Retry-After` header: delay-seconds (`"120"`) or an HTTP-date. Returns ms to wait (0 for a
 * date in the past), or `undefined` when the value is neither.
 *
 * @example
 * parseRetryAfter("2", Date.now()); // 2000
 */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Resolves after `ms`, or rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return Bun.sleep(ms);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function checkStatus(status: number): number {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`retries.statusCodes must hold HTTP statuses (100-599), got ${String(status)}`);
  }
  return status;
}
