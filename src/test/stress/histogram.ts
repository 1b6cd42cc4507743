/** Linear sub-buckets per power of two: 2^7 = 128 keeps every recorded value within 1/128 (< 0.8 %). */
const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** Values are stored in microseconds; anything above ~305 hours lands in the last bucket. */
const MAX_VALUE = 2 ** 40;

/** One non-empty bucket: values in `[from, to)` milliseconds were recorded `count` times. */
export interface HistogramBucket {
  from: number;
  to: number;
  count: number;
}

/**
 * A high-dynamic-range latency histogram in the style of HdrHistogram: log-linear buckets
 * (powers of two split into 128 linear steps) so percentiles keep < 1 % relative error from a
 * microsecond to hours in a few kilobytes, with O(1) recording. Hand-written because the
 * reference package (hdr-histogram-js) is not a dependency and this needs ~100 lines.
 *
 * @example
 * const h = new LatencyHistogram();
 * h.record(1.25); // milliseconds
 * h.percentile(99);
 */
export class LatencyHistogram {
  #counts: number[] = [];
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** Records one latency in milliseconds (negative values count as 0). */
  record(ms: number): void {
    const value = Math.max(ms, 0) || 0;
    const index = bucketIndex(Math.min(MAX_VALUE, Math.round(value * 1000)));
    this.#counts[index] = (this.#counts[index] ?? 0) + 1;
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  /** Adds every recording of `other` to this histogram. */
  merge(other: LatencyHistogram): void {
    other.#counts.forEach((n, i) => {
      if (n) this.#counts[i] = (this.#counts[i] ?? 0) + n;
    });
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  get count(): number {
    return this.#count;
  }
  get min(): number {
    return this.#count ? this.#min : 0;
  }
  get max(): number {
    return this.#max;
  }
  get mean(): number {
    return this.#count ? this.#sum / this.#count : 0;
  }

  /**
   * The value at percentile `p` (0–100) in milliseconds: the upper edge of the bucket holding
   * that rank, clamped to the exact min and max seen.
   */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.#count));
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, bucketUpper(i) / 1000));
    }
    return this.#max;
  }

  /** The non-empty buckets in ascending order, edges in milliseconds. */
  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    this.#counts.forEach((count, i) => {
      if (count) out.push({ from: bucketLower(i) / 1000, to: bucketUpper(i) / 1000, count });
    });
    return out;
  }
}

/** Values below 2^(SUB_BITS+1) map to themselves; above, each power of two gets SUB_COUNT buckets. */
function bucketIndex(us: number): number {
  if (us < SUB_COUNT * 2) return us;
  const magnitude = Math.floor(Math.log2(us)) - SUB_BITS;
  return SUB_COUNT * 2 + (magnitude - 1) * SUB_COUNT + (Math.floor(us / 2 ** magnitude) - SUB_COUNT);
}

function bucketLower(index: number): number {
  if (index < SUB_COUNT * 2) return index;
  const magnitude = Math.floor((index - SUB_COUNT * 2) / SUB_COUNT) + 1;
  const sub = (index - SUB_COUNT * 2) % SUB_COUNT;
  return (SUB_COUNT + sub) * 2 ** magnitude;
}

function bucketUpper(index: number): number {
  return index < SUB_COUNT * 2 ? index + 1 : bucketLower(index + 1);
}
