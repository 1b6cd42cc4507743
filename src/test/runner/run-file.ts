import { relative } from "node:path";
import { collecting, FileCollector } from "../collector.ts";
import type { SuiteResult } from "../result.ts";
import { toErrorInfo } from "./error-info.ts";
import { type ExecuteContext, executeSuite } from "./execute.ts";
import { type PlanFilter, planFile, type SuitePlan } from "./plan.ts";

let loads = 0;

/** Settings for running one file. */
export interface FileContext extends ExecuteContext {
  filter: PlanFilter;
  /** Paths in results are relative to this folder. */
  cwd: string;
}

/**
 * Imports a test file (a fresh copy each time, so a file can be run twice in one process),
 * collects its suites and runs them in order. A file that fails to load becomes a failed suite.
 */
export async function runFile(path: string, context: FileContext): Promise<SuiteResult[]> {
  const file = relative(context.cwd, path) || path;
  const collector = new FileCollector(file);
  let plans: SuitePlan[];
  const started = performance.now();
  try {
    // A query string makes Bun evaluate the file afresh (a file URL with a query would be cached).
    const specifier = `${path}?data-bridge-load=${++loads}`;
    const exports = await collecting(collector, () => import(specifier));
    plans = planFile(file, exports, collector, context.filter);
  } catch (error) {
    return [
      {
        name: file,
        file,
        status: "failed",
        durationMs: performance.now() - started,
        error: toErrorInfo(error, "loading the file"),
        tests: [],
      },
    ];
  }
  const results: SuiteResult[] = [];
  for (const plan of plans) results.push(await executeSuite(plan, context));
  return results;
}
