import type { RunReport } from "../test/result.ts";
import { writeReport } from "./json.ts";
import type { Reporter } from "./reporter.ts";

export function renderHtml(report: RunReport): string {
  return `<!doctype html><title>report</title><pre>${report.summary.total}</pre>`;
}

/** Writes `report.html` into `outDir` at the end of the run. */
export function htmlReporter(outDir: string): Reporter {
  return { onRunEnd: (report) => writeReport(outDir, "report.html", renderHtml(report)) };
}
