import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { RunReport } from "../test/result.ts";
import type { Reporter } from "./reporter.ts";

/**
 * The JSON report: the {@link RunReport} as it is (schema in docs/testing.md, `schemaVersion` 1).
 *
 * @example
 * renderJson(report) // '{\n  "schemaVersion": 1, …'
 */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes `report.json` into `outDir` at the end of the run. */
export function jsonReporter(outDir: string): Reporter {
  return { onRunEnd: (report) => writeReport(outDir, "report.json", renderJson(report)) };
}

/** Creates `outDir` if needed and writes one report file into it. */
export async function writeReport(outDir: string, name: string, content: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await Bun.write(join(outDir, name), content);
}
