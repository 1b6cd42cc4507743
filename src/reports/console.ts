import { fstatSync } from "node:fs";
import type { RunReport, TestResult } from "../test/result.ts";
import { describeStress } from "../test/stress/report.ts";
import { formatBytes, formatDuration, formatMs, headline } from "./format.ts";
import type { Reporter } from "./reporter.ts";

/** Where the console reporter writes and whether it colours. */
export interface ConsoleReporterOptions {
  write?: (text: string) => void;
  /** Default: stdout is a TTY, NO_COLOR unset (FORCE_COLOR=1 forces). */
  colors?: boolean;
}

type Paint = (text: string) => string;

function palette(enabled: boolean) {
  const code = (open: number, close: number): Paint =>
    enabled ? (t) => `\x1b[${open}m${t}\x1b[${close}m` : (t) => t;
  return {
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    dim: code(2, 22),
    bold: code(1, 22),
  };
}

function defaultColors(): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  // fstat instead of process.stdout.isTTY, which builds Node's stream machinery (~20 ms).
  return !process.env.NO_COLOR && fstatSync(1).isCharacterDevice();
}

/**
 * Prints one line per finished test as it happens, then the failures in detail (message, diff,
 * stack, captured output) and the measurements of profile, stress and security tests.
 *
 * @example
 * await runTests({ reporters: [consoleReporter()] });
 */
export function consoleReporter(options: ConsoleReporterOptions = {}): Reporter {
  const out = options.write ? { write: options.write, flush() {} } : bufferedStdout();
  const write = out.write;
  const c = palette(options.colors ?? defaultColors());
  const mark = { passed: c.green("✓"), failed: c.red("✗"), skipped: c.yellow("-") };

  return {
    onTest(result) {
      const retried = result.attempts > 1 ? c.yellow(` (${result.attempts} attempts)`) : "";
      const detail = result.skipReason
        ? c.dim(`(${result.skipReason})`)
        : c.dim(formatDuration(result.durationMs));
      write(`${mark[result.status]} ${result.id} ${detail}${retried}\n`);
    },
    async onRunEnd(report: RunReport) {
      const measured = report.suites
        .flatMap((s) => s.tests)
        .filter((t) => t.profile || t.stress || t.security);
      if (measured.length > 0) write(`\n${c.bold("Measurements")}\n${measured.map(measurement).join("")}`);
      const broken = report.suites.filter((s) => s.error);
      const failed = report.suites.flatMap((s) => s.tests).filter((t) => t.status === "failed");
      if (broken.length + failed.length > 0) write(`\n${c.bold(c.red("Failures"))}\n`);
      for (const suite of broken) {
        const where = suite.name === suite.file ? "" : ` ${c.dim(`(${suite.file})`)}`;
        write(`\n${c.red("●")} ${suite.name}${where}\n  ${headline(suite.error!)}\n`);
        if (suite.error!.stack) write(`${c.dim(indent(trimLines(suite.error!.stack), 4))}\n`);
      }
      for (const test of failed) write(failure(test, c));
      const s = report.summary;
      write(
        `\n${c.green(`${s.passed} passed`)}, ${s.failed ? c.red(`${s.failed} failed`) : "0 failed"}, ` +
          `${c.yellow(`${s.skipped} skipped`)} in ${formatDuration(report.durationMs)}\n`,
      );
      await out.flush();
    },
  };
}

/**
 * Writes to stdout in batches through Bun's file sink: one write per line costs more than a
 * trivial test, so lines wait at most 50 ms (or until 16 KiB) and the end of the run flushes.
 */
function bufferedStdout(): { write(text: string): void; flush(): unknown } {
  const sink = Bun.stdout.writer();
  let pending = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending) sink.write(pending);
    pending = "";
    return sink.flush();
  };
  return {
    write(text) {
      pending += text;
      if (pending.length > 16_384) flush();
      else timer ??= setTimeout(flush, 50);
    },
    flush,
  };
}

function measurement(test: TestResult): string {
  const lines = [`  ${test.id}`];
  if (test.profile) {
    const p = test.profile;
    lines.push(
      `    ${p.iterations} iterations: mean ${formatMs(p.mean)} ms, p50 ${formatMs(p.p50)}, p95 ${formatMs(p.p95)}, ` +
        `p99 ${formatMs(p.p99)}, ${p.opsPerSecond.toFixed(0)} ops/s, heap ${formatBytes(p.heapGrowth)}, peak RSS ${formatBytes(p.peakRss)}`,
    );
    if (p.baseline)
      lines.push(`    baseline: ${p.baseline.ratio.toFixed(2)}x (${p.baseline.passed ? "ok" : "slower"})`);
  }
  if (test.stress) lines.push(`    ${describeStress(test.stress)}`);
  if (test.security) {
    const sec = test.security;
    lines.push(`    ${sec.probes} probes, ${sec.findings.length} finding(s), seed ${sec.seed}`);
  }
  return `${lines.join("\n")}\n`;
}

function failure(test: TestResult, c: ReturnType<typeof palette>): string {
  const error = test.error;
  let out = `\n${c.red("●")} ${c.bold(test.id)} ${c.dim(`(${test.file})`)}\n`;
  if (!error) return out;
  out += `${indent(headline(error), 2)}\n`;
  if (error.diff) {
    const colored = error.diff.unified
      .split("\n")
      .map((l) => (l.startsWith("- ") ? c.green(l) : l.startsWith("+ ") ? c.red(l) : l))
      .join("\n");
    out += `\n  ${c.green("- Expected")}\n  ${c.red("+ Received")}\n\n${indent(colored, 2)}\n`;
  }
  if (error.stack) out += `\n${c.dim(indent(trimLines(error.stack), 4))}\n`;
  if (test.stdout) out += `\n  ${c.dim("stdout:")}\n${indent(test.stdout.trimEnd(), 4)}\n`;
  if (test.stderr) out += `\n  ${c.dim("stderr:")}\n${indent(test.stderr.trimEnd(), 4)}\n`;
  return out;
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => pad + line)
    .join("\n");
}

function trimLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
}
