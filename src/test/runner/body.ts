import { AssertionError } from "../expect/assertion-error.ts";
import { profileFunction } from "../profile/profile.ts";
import type { ProfileTestOptions, SecurityTestOptions, StressTestOptions } from "../options.ts";
import { compareWithBaseline, type BaselineFile } from "../profile/baseline.ts";
import type { TestResult } from "../result.ts";
import { fuzz } from "../security/fuzz.ts";
import { describeFinding } from "../security/report.ts";
import { describeStress } from "../stress/report.ts";
import { runStress } from "../stress/run.ts";
import type { TestPlan } from "./plan.ts";
import { withTimeout } from "./timeout.ts";

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
export async function runBody(
  plan: TestPlan,
  instance: object | undefined,
  controller: AbortController,
  context: BodyContext,
): Promise<BodyOutput> {
  const call = (...args: unknown[]) => plan.body.apply(instance, args);
  const d = plan.declaration;
  switch (d.kind) {
    case "test":
      await withTimeout(call, d.options.timeout ?? context.defaultTimeout, "test", controller);
      return {};
    case "profile":
      return runProfile(plan, call, d.options, controller, context);
    case "stress":
      return runStressTest(call, d.options, controller);
    case "security":
      return runSecurity(call, d.options, controller);
  }
}

async function runProfile(
  plan: TestPlan,
  call: () => unknown,
  options: ProfileTestOptions,
  controller: AbortController,
  context: BodyContext,
): Promise<BodyOutput> {
  const stats = await withTimeout(
    () => profileFunction(call, options),
    options.timeout ?? 120_000,
    "profile",
    controller,
  );
  const saved = context.baseline?.profiles[plan.id];
  if (saved) {
    stats.baseline = compareWithBaseline(stats, saved, options.tolerance ?? 0.2);
    if (!stats.baseline.passed) {
      const { ratio, tolerance, baselineMean } = stats.baseline;
      throw new MeasuredFailure(
        `profile mean ${stats.mean.toFixed(4)} ms is ${ratio.toFixed(2)}x the baseline ${baselineMean.toFixed(4)} ms (tolerance ${(tolerance * 100).toFixed(0)}%)`,
        { profile: stats },
      );
    }
  }
  return { profile: stats };
}

async function runStressTest(
  call: () => unknown,
  options: StressTestOptions,
  controller: AbortController,
): Promise<BodyOutput> {
  const bound = (options.duration ?? options.maxDuration ?? 600_000) + (options.rampUp ?? 0);
  const limit = options.timeout ?? bound + (options.operationTimeout ?? 10_000) + 5_000;
  const report = await withTimeout(() => runStress(call, options), limit, "stress", controller);
  if (!report.passed) {
    const missed = report.thresholds
      .filter((t) => !t.passed)
      .map((t) => `${t.metric} ${format(t.actual)} (limit ${format(t.limit)})`);
    throw new MeasuredFailure(`stress thresholds missed: ${missed.join(", ")}\n${describeStress(report)}`, {
      stress: report,
    });
  }
  return { stress: report };
}

async function runSecurity(
  call: (input: unknown) => unknown,
  options: SecurityTestOptions,
  controller: AbortController,
): Promise<BodyOutput> {
  const limit = options.timeout ?? (options.maxDuration ?? 60_000) + 10_000;
  const report = await withTimeout(() => fuzz(call, options), limit, "security", controller);
  if (!report.passed) {
    const lines = report.findings.map(
      (f) => `  - ${describeFinding(f)}\n    input: ${JSON.stringify(f.input)}`,
    );
    throw new MeasuredFailure(`${report.findings.length} security finding(s):\n${lines.join("\n")}`, {
      security: report,
    });
  }
  return { security: report };
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
