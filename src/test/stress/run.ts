import { runClosed } from "./closed.ts";
import type { Operation } from "./operation.ts";
import { runOpen } from "./open.ts";
import { resolveStressOptions, type StressOptions } from "./options.ts";
import { Recorder } from "./recorder.ts";
import { buildStressReport, type StressReport } from "./report.ts";
import { type RequestTarget, requestOperation } from "./target.ts";

/**
 * Generates load against `target` (a function, or a loopback URL / request) and reports
 * latency percentiles, throughput, errors and threshold results. Always bounded by `duration`
 * and/or `iterations` and by `maxDuration`.
 *
 * @example
 * const report = await runStress(() => fetch(`${base}/health`), {
 *   workers: 8, duration: 2000, thresholds: { p95: 50, errorRate: 0.01 },
 * });
 * report.passed; // false if p95 > 50 ms or more than 1 % failed
 */
export async function runStress(
  target: Operation | string | RequestTarget,
  options: StressOptions,
): Promise<StressReport> {
  const resolved = resolveStressOptions(options);
  const operation = typeof target === "function" ? target : requestOperation(target);
  const recorder = new Recorder(performance.now());
  if (resolved.rate === undefined) await runClosed(operation, resolved, recorder);
  else await runOpen(operation, resolved, recorder);
  return buildStressReport(recorder, resolved, performance.now());
}
