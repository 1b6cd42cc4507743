/** Pass/fail limits on a stress run: latencies in ms are upper bounds, `minThroughput` a lower bound. */
export interface StressThresholds {
  mean?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  p999?: number;
  max?: number;
  /** Fraction of operations that failed, 0–1. */
  errorRate?: number;
  /** Completed operations per second. */
  minThroughput?: number;
}

/**
 * How to load the target. Giving `rate` selects the open model (operations start on a schedule,
 * latency measured from the scheduled start); otherwise `workers` loop back to back (closed model).
 * At least one of `duration` and `iterations` is required; `maxDuration` caps any run.
 */
export interface StressOptions {
  /** Concurrent workers of the closed model (default 1). */
  workers?: number;
  /** Target operations per second of the open model. */
  rate?: number;
  /** How long to generate load, in ms. */
  duration?: number;
  /** Most operations to start. */
  iterations?: number;
  /** Ms over which workers start, or the rate climbs linearly from 0 (default 0). */
  rampUp?: number;
  /** Per-operation time limit in ms; a slower operation counts as a `timeout` error (default 10000). */
  operationTimeout?: number;
  /** Hard cap on the whole run in ms, ramp-up included (default 600000). */
  maxDuration?: number;
  /** Open model only: operations in flight beyond this are dropped and counted as `overload` (default 10000). */
  maxInFlight?: number;
  /** Width of a throughput-over-time point in ms (default: the run split into ~60 points, at least 50 ms). */
  interval?: number;
  thresholds?: StressThresholds;
  /** Decides whether an operation's result is a failure; default: a `status` of 400 or more. */
  isError?: (result: unknown) => boolean;
}

/** Thrown for options that would make a run unbounded or meaningless. */
export class StressOptionsError extends Error {
  override name = "StressOptionsError";
}

export const DEFAULT_MAX_DURATION = 600_000;
const MAX_ITERATIONS = 100_000_000;

/** Checks the bounds and returns the options with defaults filled in. */
export function resolveStressOptions(
  options: StressOptions,
): Required<Pick<StressOptions, "workers" | "rampUp" | "operationTimeout" | "maxDuration" | "maxInFlight">> &
  StressOptions & { duration: number; iterations: number } {
  const positive = (name: keyof StressOptions, value: number | undefined, integer = false) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      throw new StressOptionsError(
        `stress option "${name}" must be a positive ${integer ? "integer" : "number"}, got ${value}`,
      );
    }
  };
  positive("workers", options.workers, true);
  positive("rate", options.rate);
  positive("duration", options.duration);
  positive("iterations", options.iterations, true);
  positive("operationTimeout", options.operationTimeout);
  positive("maxDuration", options.maxDuration);
  positive("maxInFlight", options.maxInFlight, true);
  positive("interval", options.interval);
  if (options.rampUp !== undefined && !(options.rampUp >= 0)) {
    throw new StressOptionsError(`stress option "rampUp" must be 0 or more ms, got ${options.rampUp}`);
  }
  if (options.duration === undefined && options.iterations === undefined) {
    throw new StressOptionsError('stress needs a bound: give "duration" (ms) or "iterations" (or both)');
  }
  if (options.rate !== undefined && options.workers !== undefined) {
    throw new StressOptionsError('stress takes "rate" (open model) or "workers" (closed model), not both');
  }
  if ((options.iterations ?? 0) > MAX_ITERATIONS) {
    throw new StressOptionsError(
      `stress "iterations" is capped at ${MAX_ITERATIONS}, got ${options.iterations}`,
    );
  }
  const maxDuration = options.maxDuration ?? DEFAULT_MAX_DURATION;
  return {
    ...options,
    workers: options.workers ?? 1,
    rampUp: options.rampUp ?? 0,
    operationTimeout: options.operationTimeout ?? 10_000,
    maxDuration,
    maxInFlight: options.maxInFlight ?? 10_000,
    duration: Math.min(options.duration ?? maxDuration, maxDuration),
    iterations: options.iterations ?? MAX_ITERATIONS,
  };
}

export type ResolvedStressOptions = ReturnType<typeof resolveStressOptions>;
