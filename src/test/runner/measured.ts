import type { ProfileTestOptions, SecurityTestOptions, StressTestOptions } from "../options.ts";
import { compareWithBaseline } from "../profile/baseline.ts";
import { profileFunction } from "../profile/profile.ts";
import { fuzz } from "../security/fuzz.ts";
import { describeFinding } from "../security/report.ts";
import { describeStress } from "../stress/report.ts";
import { runStress } from "../stress/run.ts";
import { type BodyContext, type BodyOutput, MeasuredFailure } from "./body.ts";
import type { TestPlan } from "./plan.ts";
import { withTimeout } from "./timeout.ts";

/** Runs a `@profile` body and compares it with the baseline, if one is loaded. */
export async function runProfile(
  plan: TestPlan,
  call: () => unknown,
  options: ProfileTestOptions,
  controller: AbortController | undefined,
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

/** Runs a `@stress` body as the operation of a stress run; missed thresholds fail it. */
export async function runStressTest(
  call: () => unknown,
  options: StressTestOptions,
  controller: AbortController | undefined,
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

/** Runs a `@security` body as the probe of a fuzz run; any finding fails it. */
export async function runSecurity(
  call: (input: unknown) => unknown,
  options: SecurityTestOptions,
  controller: AbortController | undefined,
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
