import { raceDeadline, TIMED_OUT } from "../deadline.ts";
import type { Outcome } from "./recorder.ts";

/** One unit of load: called once per operation; may return a Response-like `{ status }`. */
export type Operation = () => unknown;

/**
 * Runs one operation under a time limit and classifies it: thrown errors by `code` or `name`,
 * results by their `status` (via `isError`, default status >= 400).
 */
export async function runOperation(
  operation: Operation,
  timeoutMs: number,
  isError: ((result: unknown) => boolean) | undefined,
): Promise<Outcome> {
  try {
    const result = await raceDeadline(Promise.resolve().then(operation), timeoutMs);
    if (result === TIMED_OUT) return { error: "timeout" };
    await drain(result);
    const status = statusOf(result);
    const failed = isError ? isError(result) : status !== undefined && status >= 400;
    if (!failed) return status === undefined ? {} : { status };
    return status === undefined ? { error: "rejected" } : { status, error: `status ${status}` };
  } catch (error) {
    return { error: errorKind(error) };
  }
}

/** Reads an unread response body so its connection (or client pool slot) is released. */
async function drain(result: unknown): Promise<void> {
  const body = result as { bodyUsed?: unknown; arrayBuffer?: unknown } | null | undefined;
  if (body && body.bodyUsed === false && typeof body.arrayBuffer === "function") {
    await (body.arrayBuffer as () => Promise<unknown>).call(body);
  }
}

function statusOf(result: unknown): number | undefined {
  const status = (result as { status?: unknown } | null | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A short, stable label for an error: its `code` (ECONNREFUSED), else its class name. */
export function errorKind(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code) return code;
    if (typeof name === "string" && name) return name;
  }
  return typeof error;
}
