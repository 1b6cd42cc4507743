import type { SuiteResult, TestResult } from "../result.ts";
import type { RunSettings } from "./settings.ts";

/** Messages from the main process to a worker. */
export type ToWorker =
  | { type: "init"; settings: RunSettings }
  | { type: "file"; path: string }
  | { type: "stop" }
  | { type: "exit" };

/** Messages from a worker to the main process. */
export type FromWorker =
  | { type: "ready" }
  | { type: "test"; result: TestResult }
  | { type: "file"; path: string; suites: SuiteResult[] };
