import { join } from "node:path";
import { type RunOptions, type RunReport, runTests, type TestResult } from "../../src/test/index.ts";

export const ROOT = join(import.meta.dir, "../..");
export const FIXTURES = join(import.meta.dir, "fixtures");

/** Runs fixture suites (`*.suite.ts`) in this process. */
export function runFixtures(paths: string[], options: RunOptions = {}): Promise<RunReport> {
  return runTests({
    cwd: ROOT,
    patterns: ["**/*.suite.ts"],
    paths: paths.map((p) => join(FIXTURES, p)),
    ...options,
  });
}

/** Every test result of a report, by id. */
export function byId(report: RunReport): Map<string, TestResult> {
  return new Map(report.suites.flatMap((s) => s.tests).map((t) => [t.id, t]));
}

/** Runs `data-bridge test` through the CLI entry in a child process. */
export async function runCli(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src/test/cli.ts"), ...args], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code, lastLine: stdout.trimEnd().split("\n").pop() ?? "" };
}
