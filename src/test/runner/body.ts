import { AssertionError } from "../expect/assertion-error.ts";
import type { BaselineFile } from "../profile/baseline.ts";
import type { TestResult } from "../result.ts";
import type { TestPlan } from "./plan.ts";
import { isPromiseLike, withTimeout } from "./timeout.ts";

/** What a body produced besides pass/fail: the measurements reporters show. */
export type BodyOutput = Pick<TestResult, "profile" | "stress" | "security">;

/** Thrown when a profile, stress or security test measured a failure; reported like a failed expectation. */
export class MeasuredFailure extends AssertionError {
  override name = "MeasuredFailure";
  constructor(
    message: string,
    readonly output: BodyOutput,
  ) {
    super(message);
  }
}

/** Settings of the run a body needs. */
export interface BodyContext {
  defaultTimeout: number;
  baseline?: BaselineFile;
}

/**
 * Runs a test's body according to its kind: once (test), as a profile, as the unit of a stress
 * run, or as the probe of a security run. Throws on failure; measured failures carry their output.
 */
export function runBody(
  plan: TestPlan,
  instance: object | undefined,
  controller: AbortController | undefined,
  context: BodyContext,
): BodyOutput | Promise<BodyOutput> {
  const call = (...args: unknown[]) => plan.body.apply(instance, args);
  const d = plan.declaration;
  if (d.kind === "test") {
    const done = withTimeout(call, d.options.timeout ?? context.defaultTimeout, "test", controller);
    return isPromiseLike(done) ? Promise.resolve(done).then(() => NO_OUTPUT) : NO_OUTPUT;
  }
  return runMeasured(plan, call, controller, context);
}

const NO_OUTPUT: BodyOutput = Object.freeze({});

async function runMeasured(
  plan: TestPlan,
  call: (...args: unknown[]) => unknown,
  controller: AbortController | undefined,
  context: BodyContext,
): Promise<BodyOutput> {
  const d = plan.declaration;
  switch (d.kind) {
    case "test":
      return NO_OUTPUT;
    // The engines load only when a file has tests of their kind.
    case "profile":
      return (await import("./measured.ts")).runProfile(plan, call, d.options, controller, context);
    case "stress":
      return (await import("./measured.ts")).runStressTest(call, d.options, controller);
    case "security":
      return (await import("./measured.ts")).runSecurity(call, d.options, controller);
  }
}
