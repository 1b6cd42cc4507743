import type { AttemptSignal } from "./attempt-signal.ts";
import {
  HttpAbortError,
  HttpConnectionError,
  type HttpPhase,
  HttpTimeoutError,
  isHttpError,
} from "./errors.ts";

/**
 * Turns what fetch, a body read or a queue wait threw into the client's typed error.
 * Timeouts and the caller's abort win over the runtime's own error (which is only a symptom of them).
 * Errors that are not about the network (bad input, bugs) come back unchanged.
 */
export function toHttpError(
  error: unknown,
  method: string,
  url: string,
  phase: HttpPhase,
  guard: AttemptSignal | undefined,
  caller: AbortSignal | undefined,
): unknown {
  if (guard?.timedOut) return new HttpTimeoutError(method, url, guard.timeoutMs, phase);
  if (caller?.aborted) return new HttpAbortError(method, url, caller.reason);
  if (isHttpError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  if (code === "ERR_INVALID_URL") return new TypeError(`${method} ${url}: invalid URL`, { cause: error });
  if (code.startsWith("ERR_")) return error;
  return new HttpConnectionError(method, url, code, phase, error);
}
