import type { RunReport, SuiteResult, TestResult } from "../test/result.ts";

/**
 * Receives a run's events. Live reporters (console) use the per-test events; file reporters
 * write their output in `onRunEnd`.
 */
export interface Reporter {
  onRunStart?(info: { files: number; parallel: number }): void;
  onTest?(result: TestResult): void;
  onSuite?(result: SuiteResult): void;
  onRunEnd?(report: RunReport): void | Promise<void>;
}
