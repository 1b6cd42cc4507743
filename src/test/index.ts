/**
 * `data-bridge/test`: decorator test suites, `expect`, profiling, a stress engine, a security and
 * fuzz engine, and reporters; run with `data-bridge test`.
 *
 * @example
 * import { TestSuite, test, expect } from "data-bridge/test";
 * export class MathTests extends TestSuite {
 *   @test({ tags: ["unit"] }) adds() { expect(1 + 1).toBe(2); }
 * }
 */
export { run } from "./cli.ts";
export {
  DecoratorUsageError,
  type MethodDecorator,
  profile,
  security,
  type SuiteOptions,
  stress,
  suite,
  test,
} from "./decorators.ts";
export {
  AssertionError,
  diffLines,
  equals,
  type Expectation,
  expect,
  format,
  isAssertionError,
  type Matchers,
  matchesObject,
} from "./expect/index.ts";
export type { DatabaseFixture } from "./fixtures/database.ts";
export { type FetchApp, FixtureError } from "./fixtures/http.ts";
export type { ProfileTestOptions, SecurityTestOptions, StressTestOptions, TestOptions } from "./options.ts";
export { type BaselineFile, BaselineFileError } from "./profile/baseline.ts";
export { fuzz, profileFunction, runStress } from "./engines.ts";
export { type ProfileOptions, ProfileOptionsError } from "./profile/profile.ts";
export type { BaselineComparison, ProfileStats } from "./profile/stats.ts";
export type {
  ErrorInfo,
  RunReport,
  RunSummary,
  SuiteResult,
  TestKind,
  TestResult,
  TestStatus,
} from "./result.ts";
export { type RunOptions, runTests } from "./runner/run.ts";
export { TestTimeoutError } from "./runner/timeout.ts";
export type { FuzzOptions } from "./security/fuzz.ts";
export {
  PAYLOAD_SETS,
  PAYLOADS,
  type Payload,
  type PayloadSet,
  PayloadSetError,
  payloadsFor,
} from "./security/payloads.ts";
export {
  type FetchHandler,
  type HttpProbeOptions,
  httpProbe,
  type Probe,
  type ProbeResponse,
} from "./security/probe.ts";
export { describeFinding, type Finding, type FindingKind, type SecurityReport } from "./security/report.ts";
export { type HistogramBucket, LatencyHistogram } from "./stress/histogram.ts";
export { StressOptionsError, type StressOptions, type StressThresholds } from "./stress/options.ts";
export {
  describeStress,
  type LatencySummary,
  type StressReport,
  type ThresholdResult,
} from "./stress/report.ts";
export { isLoopback, type RequestTarget, StressTargetError } from "./stress/target.ts";
export { TestSuite } from "./suite.ts";
export {
  consoleReporter,
  createReporters,
  htmlReporter,
  jsonReporter,
  junitReporter,
  markdownReporter,
  REPORTER_NAMES,
  type Reporter,
  type ReporterName,
} from "../reports/index.ts";
