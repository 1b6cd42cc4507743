/** Counters for values below 16 µs, then 16 sub-buckets per power of two up to 2^32 µs (about 71 minutes). */
const SUB_BITS = 4;
const SUB_COUNT = 1 << SUB_BITS;
const BUCKETS = SUB_COUNT + (32 - SUB_BITS) * SUB_COUNT;
const MAX_MICROS = 0xffffffff;

/** Latency percentiles in milliseconds, from a {@link LatencyHistogram}. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * A fixed-memory log-linear histogram of durations (about 1.9 KB whatever the number of samples).
 * Values are kept in microseconds with at most 1/16 relative error, so p99 over millions of
 * requests costs no more memory than over ten.
 *
 * @example
 * const h = new LatencyHistogram();
 * h.record(1.25); h.record(3);
 * h.quantile(0.5); // ~1.25
 */
export class LatencyHistogram {
  #counts = new Uint32Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #max = 0;
  #min = Number.POSITIVE_INFINITY;

  /** Adds one duration, in milliseconds. */
  record(ms: number): void {
    const micros = ms <= 0 ? 0 : Math.min(MAX_MICROS, Math.round(ms * 1000));
    this.#counts[bucketOf(micros)]!++;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
    if (ms < this.#min) this.#min = ms;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * The duration (ms) below which a fraction `q` (0..1) of the recorded values fall: the middle of
   * its bucket, kept within the smallest and largest values seen. 0 when empty.
   */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, midpointOf(i) / 1000));
    }
    return this.#max;
  }

  summary(): LatencySummary {
    return {
      count: this.#count,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count,
      max: this.#max,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }
}

function bucketOf(micros: number): number {
  if (micros < SUB_COUNT) return micros;
  const exponent = 31 - Math.clz32(micros);
  const shift = exponent - SUB_BITS;
  return SUB_COUNT + shift * SUB_COUNT + ((micros >>> shift) & (SUB_COUNT - 1));
}

function midpointOf(bucket: number): number {
  if (bucket < SUB_COUNT) return bucket;
  const shift = (bucket - SUB_COUNT) >> SUB_BITS;
  const sub = (bucket - SUB_COUNT) & (SUB_COUNT - 1);
  const width = 2 ** shift;
  return (SUB_COUNT + sub) * width + width / 2;
}
