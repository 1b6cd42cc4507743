import { expect } from "bun:test";
import { CommandError } from "../../src/server/errors.ts";

/** Asserts that `fn` throws a CommandError with `code` (and `message`, exact or by pattern). */
export function rejects(fn: () => unknown, code: number, message?: string | RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).code).toBe(code);
    if (typeof message === "string") expect((e as CommandError).message).toBe(message);
    else if (message) expect((e as CommandError).message).toMatch(message);
    return;
  }
  throw new Error("expected a CommandError, but nothing was thrown");
}
