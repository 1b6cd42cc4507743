import type { ErrorInfo } from "../test/result.ts";
import type { ProfileStats } from "../test/profile/stats.ts";

/** `12 ms`, `1.24 s`: a duration for people. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A latency with enough digits to be useful: `0.042`, `3.21`, `120`. */
export function formatMs(ms: number): string {
  if (ms === 0) return "0";
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(2);
  return ms.toFixed(0);
}

/** `1.5 MiB`: a byte count for people (negative for shrinkage). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  for (const unit of ["B", "KiB", "MiB", "GiB"]) {
    if (value < 1024 || unit === "GiB") return `${sign}${unit === "B" ? value : value.toFixed(1)} ${unit}`;
    value /= 1024;
  }
  return `${bytes} B`;
}

/** Column titles of a profile table, after the test's name. */
export const PROFILE_COLUMNS = [
  "Iterations",
  "Mean ms",
  "p50",
  "p95",
  "p99",
  "ops/s",
  "Heap growth",
  "Peak RSS",
  "Baseline",
];

/** One profile's cells, under {@link PROFILE_COLUMNS}. */
export function profileCells(p: ProfileStats): string[] {
  const baseline = p.baseline ? `${p.baseline.ratio.toFixed(2)}x ${p.baseline.passed ? "ok" : "slower"}` : "";
  return [
    String(p.iterations),
    formatMs(p.mean),
    formatMs(p.p50),
    formatMs(p.p95),
    formatMs(p.p99),
    p.opsPerSecond.toFixed(0),
    formatBytes(p.heapGrowth),
    formatBytes(p.peakRss),
    baseline,
  ];
}

/** The summary line every run ends with, which CI reads. */
export function summaryLine(summary: { passed: number; failed: number; skipped: number }): string {
  return `tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
}

/** The error's message, with its class name unless it is a failed expectation. */
export function headline(error: ErrorInfo): string {
  return error.kind === "assertion" || error.name === "Error"
    ? error.message
    : `${error.name}: ${error.message}`;
}
