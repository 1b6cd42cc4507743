import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "../test/result.ts";
import type { Reporter } from "./reporter.ts";

/**
 * A reporter that renders one file at the end of the run. The renderer module is imported only
 * then, so a run that never writes HTML never loads the HTML renderer.
 */
function fileReporter(
  outDir: string,
  name: string,
  render: () => Promise<(report: RunReport) => string>,
): Reporter {
  return {
    async onRunEnd(report) {
      const content = (await render())(report);
      mkdirSync(outDir, { recursive: true });
      await Bun.write(join(outDir, name), content);
    },
  };
}

/** Writes `report.html` (self-contained, filterable) into `outDir` at the end of the run. */
export function htmlReporter(outDir: string): Reporter {
  return fileReporter(outDir, "report.html", async () => (await import("./html.ts")).renderHtml);
}

/** Writes `report.json` (schema in docs/testing.md) into `outDir` at the end of the run. */
export function jsonReporter(outDir: string): Reporter {
  return fileReporter(outDir, "report.json", async () => (await import("./json.ts")).renderJson);
}

/** Writes `junit.xml` into `outDir` at the end of the run. */
export function junitReporter(outDir: string): Reporter {
  return fileReporter(outDir, "junit.xml", async () => (await import("./junit.ts")).renderJunit);
}

/** Writes `report.md` into `outDir` at the end of the run. */
export function markdownReporter(outDir: string): Reporter {
  return fileReporter(outDir, "report.md", async () => (await import("./markdown.ts")).renderMarkdown);
}
