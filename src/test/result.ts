import type { ProfileStats } from "./profile/stats.ts";
import type { SecurityReport } from "./security/report.ts";
import type { StressReport } from "./stress/report.ts";

/** Outcome of one test. */
export type TestStatus = "passed" | "failed" | "skipped";

/** What kind of body a test has, which decides how the runner executes it. */
export type TestKind = "test" | "profile" | "stress" | "security";

/**
 * A serialisable error. `kind` separates a failed expectation (`assertion`) from an exception
 * (`error`) and an exceeded time limit (`timeout`), which JUnit reports as failure vs error.
 */
export interface ErrorInfo {
  kind: "assertion" | "error" | "timeout";
  name: string;
  message: string;
  stack?: string;
  /** Present for assertion failures that compared two values. */
  diff?: { expected: string; received: string; unified: string };
}

/** Result of one test, the unit every reporter reads. */
export interface TestResult {
  /** `Suite > test`, unique within a run per file. */
  id: string;
  name: string;
  suite: string;
  file: string;
  kind: TestKind;
  status: TestStatus;
  durationMs: number;
  tags: string[];
  /** How many times the body ran (1 + retries used). */
  attempts: number;
  error?: ErrorInfo;
  skipReason?: string;
  stdout?: string;
  stderr?: string;
  profile?: ProfileStats;
  stress?: StressReport;
  security?: SecurityReport;
}

/** Result of one suite: a decorated class, or the plain `test()` calls of one file. */
export interface SuiteResult {
  name: string;
  file: string;
  status: TestStatus;
  durationMs: number;
  /** A failure outside any test: loading the file, setupSuite or teardownSuite. */
  error?: ErrorInfo;
  tests: TestResult[];
}

/** Counts over a whole run. */
export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

/** Everything a run produced; the JSON reporter writes exactly this (see docs/testing.md). */
export interface RunReport {
  schemaVersion: 1;
  tool: "data-bridge";
  startedAt: string;
  durationMs: number;
  summary: RunSummary;
  suites: SuiteResult[];
}

/** Counts tests by status; a suite-level error with no tests counts as one failure. */
export function summarize(suites: readonly SuiteResult[]): RunSummary {
  const summary: RunSummary = { total: 0, passed: 0, failed: 0, skipped: 0 };
  for (const suite of suites) {
    if (suite.error && suite.tests.every((t) => t.status !== "failed")) summary.failed++;
    for (const t of suite.tests) summary[t.status]++;
  }
  summary.total = summary.passed + summary.failed + summary.skipped;
  return summary;
}
