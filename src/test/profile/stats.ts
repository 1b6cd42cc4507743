/** What a profile run measured; times in milliseconds, memory in bytes. */
export interface ProfileStats {
  iterations: number;
  warmup: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  opsPerSecond: number;
  /** Heap used after the run minus before it, both after a full GC; persistent growth suggests a leak. */
  heapGrowth: number;
  /** Highest resident set size sampled during the run. */
  peakRss: number;
  /** Set when compared against a baseline. */
  baseline?: BaselineComparison;
}

/** The outcome of comparing a profile with its saved baseline. */
export interface BaselineComparison {
  baselineMean: number;
  /** current mean / baseline mean. */
  ratio: number;
  tolerance: number;
  passed: boolean;
}

/** Percentile by nearest rank over an ascending array. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
