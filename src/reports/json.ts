import type { RunReport } from "../test/result.ts";

/**
 * The JSON report: the {@link RunReport} as it is (schema in docs/testing.md, `schemaVersion` 1).
 *
 * @example
 * renderJson(report) // '{\n  "schemaVersion": 1, …'
 */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
