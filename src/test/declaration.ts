import type { TestKind } from "./result.ts";
import type { ProfileTestOptions, SecurityTestOptions, StressTestOptions, TestOptions } from "./options.ts";

/** A declared test: what the decorators and `test()` record, and what the runner executes. */
export type TestDeclaration =
  | { kind: "test"; options: TestOptions }
  | { kind: "profile"; options: ProfileTestOptions }
  | { kind: "stress"; options: StressTestOptions }
  | { kind: "security"; options: SecurityTestOptions };

/** A global registry symbol, so that two copies of this package share declarations. */
export const DECLARATION = Symbol.for("data-bridge.test.declaration");

type Tagged = { [DECLARATION]?: TestDeclaration };

/** Reads the declaration a decorator attached to a method, if any. */
export function declarationOf(method: unknown): TestDeclaration | undefined {
  return typeof method === "function" ? (method as Tagged)[DECLARATION] : undefined;
}

/**
 * Attaches or merges a declaration onto a method. Decorators stack (`@test({ tags }) @profile()`):
 * the most specific kind wins and options are merged.
 */
export function declare(method: Function, kind: TestKind, options: object): void {
  const tagged = method as Tagged;
  const previous = tagged[DECLARATION];
  const merged = { ...previous?.options, ...options };
  const finalKind = kind === "test" && previous ? previous.kind : kind;
  tagged[DECLARATION] = { kind: finalKind, options: merged } as TestDeclaration;
}
