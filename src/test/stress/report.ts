import type { HistogramBucket } from "./histogram.ts";
import type { ResolvedStressOptions, StressThresholds } from "./options.ts";
import type { Recorder } from "./recorder.ts";

/** Latency summary in milliseconds. */
export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** One threshold and whether the run met it. */
export interface ThresholdResult {
  metric: keyof StressThresholds;
  limit: number;
  actual: number;
  passed: boolean;
}

/** Everything a stress run measured; serialisable as JSON. */
export interface StressReport {
  model: "closed" | "open";
  workers?: number;
  targetRate?: number;
  durationMs: number;
  operations: number;
  ok: number;
  errors: number;
  errorRate: number;
  /** Completed operations per second over the whole run. */
  throughput: number;
  latency: LatencySummary;
  histogram: HistogramBucket[];
  statusCodes: Record<string, number>;
  errorKinds: Record<string, number>;
  timeline: { intervalMs: number; points: { t: number; ok: number; errors: number }[] };
  thresholds: ThresholdResult[];
  passed: boolean;
}

/** Turns a finished recording into a report and checks the thresholds against it. */
export function buildStressReport(
  recorder: Recorder,
  options: ResolvedStressOptions,
  end: number,
): StressReport {
  const h = recorder.latency;
  const durationMs = end - recorder.start;
  const operations = recorder.ok + recorder.errors;
  const latency: LatencySummary = {
    min: h.min,
    mean: h.mean,
    p50: h.percentile(50),
    p90: h.percentile(90),
    p95: h.percentile(95),
    p99: h.percentile(99),
    p999: h.percentile(99.9),
    max: h.max,
  };
  const errorRate = operations ? recorder.errors / operations : 0;
  const throughput = durationMs > 0 ? (operations / durationMs) * 1000 : 0;
  const thresholds = checkThresholds(options.thresholds ?? {}, {
    ...latency,
    errorRate,
    minThroughput: throughput,
  });
  return {
    model: options.rate === undefined ? "closed" : "open",
    ...(options.rate === undefined ? { workers: options.workers } : { targetRate: options.rate }),
    durationMs,
    operations,
    ok: recorder.ok,
    errors: recorder.errors,
    errorRate,
    throughput,
    latency,
    histogram: h.buckets(),
    statusCodes: recorder.statusCodes,
    errorKinds: recorder.errorKinds,
    timeline: timeline(recorder, durationMs, options.interval),
    thresholds,
    passed: thresholds.every((t) => t.passed),
  };
}

function checkThresholds(
  limits: StressThresholds,
  actual: Record<keyof StressThresholds, number>,
): ThresholdResult[] {
  return (Object.keys(limits) as (keyof StressThresholds)[])
    .filter((metric) => limits[metric] !== undefined)
    .map((metric) => {
      const limit = limits[metric]!;
      const value = actual[metric];
      const passed = metric === "minThroughput" ? value >= limit : value <= limit;
      return { metric, limit, actual: value, passed };
    });
}

const SLOT_MS = 10;

function timeline(
  recorder: Recorder,
  durationMs: number,
  interval: number | undefined,
): StressReport["timeline"] {
  const intervalMs = Math.max(
    SLOT_MS,
    Math.round((interval ?? Math.max(50, durationMs / 60)) / SLOT_MS) * SLOT_MS,
  );
  const perPoint = intervalMs / SLOT_MS;
  const points: StressReport["timeline"]["points"] = [];
  const count = Math.max(1, Math.ceil(recorder.slots.length / perPoint));
  for (let p = 0; p < count; p++) {
    let ok = 0;
    let errors = 0;
    for (let s = p * perPoint; s < (p + 1) * perPoint; s++) {
      ok += recorder.slots[s]?.ok ?? 0;
      errors += recorder.slots[s]?.errors ?? 0;
    }
    points.push({ t: p * intervalMs, ok, errors });
  }
  return { intervalMs, points };
}

/** A one-line text form: `closed 4 workers: 1234 ops, 617 ops/s, p95 3.2 ms, 0.0% errors`. */
export function describeStress(report: StressReport): string {
  const l = report.latency;
  return (
    `${describeModel(report)}: ${report.operations} ops in ${(report.durationMs / 1000).toFixed(2)} s, ` +
    `${report.throughput.toFixed(0)} ops/s, p50 ${l.p50.toFixed(2)} ms, p95 ${l.p95.toFixed(2)} ms, ` +
    `p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(2)} ms, ${(report.errorRate * 100).toFixed(2)}% errors`
  );
}

/** `closed, 8 workers` or `open, 200 ops/s`. */
export function describeModel(report: Pick<StressReport, "model" | "workers" | "targetRate">): string {
  return report.model === "closed" ? `closed, ${report.workers} workers` : `open, ${report.targetRate} ops/s`;
}
