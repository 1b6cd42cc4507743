import type { ProfileOptions } from "./profile/profile.ts";
import type { ProfileStats } from "./profile/stats.ts";
import type { FuzzOptions } from "./security/fuzz.ts";
import type { Probe } from "./security/probe.ts";
import type { SecurityReport } from "./security/report.ts";
import type { Operation } from "./stress/operation.ts";
import type { StressOptions } from "./stress/options.ts";
import type { StressReport } from "./stress/report.ts";
import type { RequestTarget } from "./stress/target.ts";

// The engines are loaded on first call: most test files use none of them, and importing
// `data-bridge/test` should cost little more than a plain test runner's import.

/**
 * Attacks `probe` with payload sets, then with fast-check generated inputs, and reports every
 * finding (5xx, crash, timeout, unescaped reflection, injection, prototype pollution) with the
 * smallest input that reproduces it.
 *
 * @example
 * const report = await fuzz(httpProbe(app, { path: "/login" }), {
 *   template: { username: "ada", password: "secret" }, sets: ["nosql", "xss"], seed: 42,
 * });
 * report.findings; // [{ kind: "injection", path: "password", payload: '{"$ne": null}', … }]
 */
export async function fuzz(probe: Probe, options: FuzzOptions = {}): Promise<SecurityReport> {
  return (await import("./security/fuzz.ts")).fuzz(probe, options);
}

/**
 * Generates load against `target` (a function, or a loopback URL / request) and reports
 * latency percentiles, throughput, errors and threshold results; the same as `stress(target, options)`.
 *
 * @example
 * const report = await runStress(() => fetch(`${base}/health`), { workers: 8, duration: 2000 });
 */
export async function runStress(
  target: Operation | string | RequestTarget,
  options: StressOptions,
): Promise<StressReport> {
  return (await import("./stress/run.ts")).runStress(target, options);
}

/**
 * Runs `body` `warmup` times, then `iterations` timed times, and reports the latency
 * distribution, throughput, heap growth and peak RSS.
 *
 * @example
 * const stats = await profileFunction(() => parse(doc), { iterations: 1000, warmup: 50 });
 */
export async function profileFunction(
  body: () => unknown,
  options: ProfileOptions = {},
): Promise<ProfileStats> {
  return (await import("./profile/profile.ts")).profileFunction(body, options);
}
