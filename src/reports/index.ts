import { consoleReporter } from "./console.ts";
import { htmlReporter, jsonReporter, junitReporter, markdownReporter } from "./files.ts";
import type { Reporter } from "./reporter.ts";

export { type ConsoleReporterOptions, consoleReporter } from "./console.ts";
export { htmlReporter, jsonReporter, junitReporter, markdownReporter } from "./files.ts";
export type { Reporter } from "./reporter.ts";

/** Names accepted by `--reporter`. */
export const REPORTER_NAMES = ["console", "markdown", "html", "json", "junit"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/**
 * Builds reporters by name; file reporters write into `outDir` (report.md, report.html,
 * report.json, junit.xml).
 *
 * @example
 * createReporters(["console", "junit"], { outDir: "reports" });
 */
export function createReporters(names: readonly ReporterName[], options: { outDir: string }): Reporter[] {
  const factories: Record<ReporterName, () => Reporter> = {
    console: () => consoleReporter(),
    markdown: () => markdownReporter(options.outDir),
    html: () => htmlReporter(options.outDir),
    json: () => jsonReporter(options.outDir),
    junit: () => junitReporter(options.outDir),
  };
  return [...new Set(names)].map((name) => factories[name]());
}
