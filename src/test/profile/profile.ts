import { percentileOf, type ProfileStats } from "./stats.ts";

/** How to profile a body: `warmup` untimed runs, then `iterations` timed ones. */
export interface ProfileOptions {
  /** Timed runs (default 100). */
  iterations?: number;
  /** Untimed runs first, so the JIT and caches settle (default 10). */
  warmup?: number;
  /** Allowed slowdown against a saved baseline as a fraction: 0.2 lets the mean grow by 20 % (default 0.2). */
  tolerance?: number;
}

/** Thrown for profile options that are not positive integers. */
export class ProfileOptionsError extends Error {
  override name = "ProfileOptionsError";
}

const RSS_SAMPLES = 64;

/**
 * Runs `body` `warmup` times, then `iterations` times timing each run, and reports the latency
 * distribution, throughput, heap growth over the run (after full GCs) and peak RSS.
 *
 * @example
 * const stats = await profileFunction(() => parse(doc), { iterations: 1000, warmup: 50 });
 * stats.p95; // ms
 */
export async function profileFunction(
  body: () => unknown,
  options: ProfileOptions = {},
): Promise<ProfileStats> {
  const iterations = options.iterations ?? 100;
  const warmup = options.warmup ?? 10;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new ProfileOptionsError(`profile "iterations" must be a positive integer, got ${iterations}`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new ProfileOptionsError(`profile "warmup" must be 0 or a positive integer, got ${warmup}`);
  }
  for (let i = 0; i < warmup; i++) await body();
  Bun.gc(true);
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage.rss();
  const sampleEvery = Math.max(1, Math.floor(iterations / RSS_SAMPLES));
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const result = body();
    if (result && typeof (result as Promise<unknown>).then === "function") await result;
    times[i] = performance.now() - start;
    if (i % sampleEvery === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  Bun.gc(true);
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  const sorted = Array.from(times).sort((a, b) => a - b);
  const total = sorted.reduce((sum, t) => sum + t, 0);
  const mean = total / iterations;
  return {
    iterations,
    warmup,
    mean,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p50: percentileOf(sorted, 50),
    p95: percentileOf(sorted, 95),
    p99: percentileOf(sorted, 99),
    opsPerSecond: mean > 0 ? 1000 / mean : Number.POSITIVE_INFINITY,
    heapGrowth,
    peakRss,
  };
}
