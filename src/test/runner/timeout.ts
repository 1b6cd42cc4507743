import { raceDeadline, TIMED_OUT } from "../deadline.ts";

/** Thrown when a test or hook runs past its time limit. */
export class TestTimeoutError extends Error {
  override name = "TestTimeoutError";
}

/**
 * Calls `fn` and, only if it returns a promise, races it against `ms`. On timeout `controller` is
 * aborted (the body may watch its signal) and a {@link TestTimeoutError} naming `label` is thrown.
 * Synchronous bodies never create a timer, which keeps trivial tests cheap.
 */
export async function withTimeout<T>(
  fn: () => T | Promise<T>,
  ms: number,
  label: string,
  controller?: AbortController,
): Promise<T> {
  const result = fn();
  if (!result || typeof (result as Promise<T>).then !== "function") return result;
  const outcome = await raceDeadline(result as Promise<T>, ms);
  if (outcome !== TIMED_OUT) return outcome;
  const error = new TestTimeoutError(`${label} timed out after ${ms} ms`);
  controller?.abort(error);
  throw error;
}
