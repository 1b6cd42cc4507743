import { diffLines } from "./diff.ts";
import { format } from "./format.ts";

const ASSERTION = Symbol.for("data-bridge.test.AssertionError");

/** The two sides of a failed comparison, printed, with their line diff. */
export interface ComparisonDiff {
  expected: string;
  received: string;
  unified: string;
}

/**
 * Thrown by a failed `expect()` matcher. Tagged with a registry symbol so the runner recognises it
 * even when a second copy of this package threw it.
 */
export class AssertionError extends Error {
  override name = "AssertionError";
  readonly diff: ComparisonDiff | undefined;
  readonly [ASSERTION] = true;

  constructor(message: string, comparison?: { expected: unknown; received: unknown }) {
    super(comparison ? `${message}\n\n${describeDiff(comparison.expected, comparison.received)}` : message);
    if (comparison) {
      const expected = format(comparison.expected);
      const received = format(comparison.received);
      this.diff = { expected, received, unified: diffLines(expected, received) };
    }
  }
}

/** True for errors thrown by a matcher of this package (any copy) or by another AssertionError. */
export function isAssertionError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    ((error as Record<symbol, unknown>)[ASSERTION] === true || (error as Error).name === "AssertionError")
  );
}

function describeDiff(expected: unknown, received: unknown): string {
  const e = format(expected);
  const r = format(received);
  if (!e.includes("\n") && !r.includes("\n")) return `Expected: ${e}\nReceived: ${r}`;
  return `- Expected\n+ Received\n\n${diffLines(e, r)}`;
}
