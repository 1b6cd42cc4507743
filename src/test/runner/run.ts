import { resolve } from "node:path";
import type { Reporter } from "../../reports/reporter.ts";
import { writeBaseline } from "../profile/baseline.ts";
import type { ProfileStats } from "../profile/stats.ts";
import { type RunReport, type SuiteResult, summarize, type TestKind, type TestResult } from "../result.ts";
import { fileContext } from "./context.ts";
import { DEFAULT_PATTERNS, discoverFiles } from "./discover.ts";
import { runFile } from "./run-file.ts";
import type { RunSettings } from "./settings.ts";

/** Options of {@link runTests}; the CLI builds them from its flags. */
export interface RunOptions {
  /** Files or folders (default: the working directory). */
  paths?: string[];
  /** Globs matched against paths inside the folders (default `**\/*.test.ts`, `**\/*.spec.ts`). */
  patterns?: string[];
  /** Keep tests whose `Suite > test` id matches. */
  grep?: RegExp;
  /** Keep tests with at least one of these tags. */
  tags?: string[];
  /** Keep tests of these kinds (`["profile"]`: only `@profile` tests). */
  kinds?: TestKind[];
  /** Stop after the first failing test; later tests are reported as skipped. */
  failFast?: boolean;
  /** Worker processes (default 1: run in this process). */
  parallel?: number;
  /** Default per-test time limit in ms (default 5000). */
  timeout?: number;
  /** Compare profiles with this baseline file; written from this run when it does not exist yet. */
  baseline?: string;
  /** Rewrite the baseline file from this run's profiles. */
  updateBaseline?: boolean;
  reporters?: Reporter[];
  cwd?: string;
}

/**
 * Finds and runs test files and returns the run's report (also handed to every reporter).
 *
 * @example
 * const report = await runTests({ paths: ["tests/api"], tags: ["unit"], reporters: [consoleReporter()] });
 * process.exitCode = report.summary.failed === 0 ? 0 : 1;
 */
export async function runTests(options: RunOptions = {}): Promise<RunReport> {
  const startedAt = new Date();
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const files = await discoverFiles(options.paths ?? [], options.patterns ?? DEFAULT_PATTERNS, cwd);
  const reporters = options.reporters ?? [];
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, files.length || 1));
  const settings: RunSettings = {
    cwd,
    timeout: options.timeout ?? 5000,
    failFast: options.failFast ?? false,
  };
  if (options.grep) settings.grep = { source: options.grep.source, flags: options.grep.flags };
  if (options.tags?.length) settings.tags = options.tags;
  if (options.kinds?.length) settings.kinds = options.kinds;
  const baselineFile = options.baseline ? resolve(cwd, options.baseline) : undefined;
  // --update-baseline records this run's numbers instead of judging them against the old ones.
  if (baselineFile && !options.updateBaseline) settings.baseline = baselineFile;

  for (const r of reporters) r.onRunStart?.({ files: files.length, parallel });
  const onTest = (result: TestResult) => {
    for (const r of reporters) r.onTest?.(result);
  };
  const byFile = new Map<string, SuiteResult[]>();
  const onFile = (path: string, suites: SuiteResult[]) => {
    byFile.set(path, suites);
    for (const suite of suites) for (const r of reporters) r.onSuite?.(suite);
  };

  if (parallel > 1) {
    const { runInPool } = await import("./pool.ts");
    await runInPool(files, parallel, settings, { onTest, onFile });
  } else {
    const context = await fileContext(settings, onTest);
    context.capture.install();
    context.stray.install();
    try {
      for (const file of files) {
        if (context.stopped.value) break;
        onFile(file, await runFile(file, context));
      }
    } finally {
      context.capture.uninstall();
      context.stray.uninstall();
    }
  }

  const suites = files.flatMap((f) => byFile.get(f) ?? []);
  const report: RunReport = {
    schemaVersion: 1,
    tool: "data-bridge",
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    summary: summarize(suites),
    suites,
  };
  if (baselineFile) await saveBaseline(baselineFile, suites, options.updateBaseline ?? false);
  for (const r of reporters) await r.onRunEnd?.(report);
  return report;
}

async function saveBaseline(path: string, suites: SuiteResult[], update: boolean): Promise<void> {
  if (!update && (await Bun.file(path).exists())) return;
  const profiles: Record<string, ProfileStats> = {};
  for (const suite of suites) for (const t of suite.tests) if (t.profile) profiles[t.id] = t.profile;
  if (Object.keys(profiles).length > 0) await writeBaseline(path, profiles);
}
