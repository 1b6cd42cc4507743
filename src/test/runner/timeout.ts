import { raceDeadline, TIMED_OUT } from "../deadline.ts";

/** Thrown when a test or hook runs past its time limit. */
export class TestTimeoutError extends Error {
  override name = "TestTimeoutError";
}

/**
 * Calls `fn` and, only if it returns a promise, races it against `ms`. On timeout `controller` is
 * aborted (the body may watch its signal) and a {@link TestTimeoutError} naming `label` is thrown.
 * Synchronous bodies return synchronously and never create a timer, which keeps trivial tests cheap.
 */
export function withTimeout<T>(
  fn: () => T | Promise<T>,
  ms: number,
  label: string,
  controller?: AbortController,
): T | Promise<T> {
  const result = fn();
  if (!isPromiseLike(result)) return result;
  return raceDeadline(Promise.resolve(result), ms).then((outcome) => {
    if (outcome !== TIMED_OUT) return outcome;
    const error = new TestTimeoutError(`${label} timed out after ${ms} ms`);
    controller?.abort(error);
    throw error;
  });
}

/** True for promises and other thenables. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === "function";
}
