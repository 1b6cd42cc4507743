import { PROFILE_COLUMNS, profileCells, headline, summaryLine } from "../../reports/format.ts";
import { parseCommandLine, UsageError } from "../cli.ts";
import type { TestResult } from "../result.ts";
import { runTests } from "../runner/run.ts";

const USAGE = `Usage: data-bridge profile [paths...] [options]

Runs only the @profile tests of the test files (*.test.ts, *.spec.ts) and prints their
measurements as a table. Exit code 0 when every profile ran and none is slower than its baseline.

Options:
  --baseline FILE      compare each mean with FILE (written from this run if missing)
  --update-baseline    rewrite the baseline file from this run
  --pattern GLOB       file pattern inside folders (repeatable)
  --grep REGEX         only profiles whose "Suite > test" matches
  --tags a,b           only profiles with one of these tags
  --timeout MS         per-profile time limit (default 5000)
  --parallel N         run files in N worker processes
  --reporter LIST      also report through these reporters (console, json, junit, markdown, html)
  --out DIR            folder for report files (default reports)
  -h, --help           show this help`;

/** Aligned text columns; the first column (names) is left-aligned, the others right-aligned. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "),
    )
    .join("\n")
    .replace(/ +$/gm, "");
}

/** The profile table: one row per `@profile` test that produced measurements. */
export function profileTable(tests: readonly TestResult[]): string {
  const rows = tests.filter((t) => t.profile).map((t) => [t.id, ...profileCells(t.profile!)]);
  return rows.length === 0 ? "" : table([["Test", ...PROFILE_COLUMNS], ...rows]);
}

/**
 * `data-bridge profile`: the test runner limited to `@profile` tests, printing the profile table
 * (and the failures: a throwing body, or a mean slower than the baseline allows).
 *
 * @example
 * process.exit(await profile(["tests/perf", "--baseline", "perf-baseline.json"]));
 */
export async function profile(argv: string[]): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`data-bridge profile: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  options.kinds = ["profile"];
  if (!argv.some((arg) => arg === "--reporter" || arg.startsWith("--reporter="))) options.reporters = [];
  const report = await runTests(options);
  const tests = report.suites.flatMap((suite) => suite.tests);
  const shown = profileTable(tests);
  console.log(shown || "no @profile tests found");
  for (const test of tests)
    if (test.status === "failed" && test.error) console.log(`\n✗ ${test.id}: ${headline(test.error)}`);
  for (const suite of report.suites)
    if (suite.error) console.log(`\n✗ ${suite.name}: ${headline(suite.error)}`);
  console.log(summaryLine(report.summary));
  return report.summary.failed === 0 && report.summary.total > 0 ? 0 : 1;
}
