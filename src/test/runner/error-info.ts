import { type ComparisonDiff, isAssertionError } from "../expect/assertion-error.ts";
import type { ErrorInfo } from "../result.ts";
import { TestTimeoutError } from "./timeout.ts";

/** Frames of the runner itself, dropped from stacks so the user's frames stand out. */
const INTERNAL_FRAME =
  /[/\\]src[/\\]test[/\\](runner[/\\]|expect[/\\]|cli\.ts)|node:internal|^\s+at processTicksAndRejections/;

/**
 * Converts anything thrown into a serialisable {@link ErrorInfo}, prefixing `where` (a hook name)
 * to the message when given.
 */
export function toErrorInfo(error: unknown, where?: string): ErrorInfo {
  const prefix = where ? `${where}: ` : "";
  if (!(error instanceof Error)) {
    return { kind: "error", name: "NonError", message: `${prefix}thrown value ${String(error)}` };
  }
  const kind = isAssertionError(error)
    ? "assertion"
    : error instanceof TestTimeoutError
      ? "timeout"
      : "error";
  const diff = (error as { diff?: ComparisonDiff }).diff;
  const hasDiff = diff !== undefined && typeof diff.unified === "string";
  // An assertion's message ends with its printed diff; the diff is kept apart instead.
  const message = hasDiff ? error.message.split("\n\n")[0]! : error.message;
  const info: ErrorInfo = { kind, name: error.name, message: `${prefix}${message}` };
  const stack = cleanStack(error.stack);
  if (stack) info.stack = stack;
  if (hasDiff) info.diff = diff;
  return info;
}

function cleanStack(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split("\n").filter((line) => /^\s+at /.test(line) && !INTERNAL_FRAME.test(line));
  return frames.length > 0 ? frames.join("\n") : undefined;
}
