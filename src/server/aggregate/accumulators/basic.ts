import type { Document } from "bson";
import { Double } from "bson";
import { isNumber, toDouble } from "../../query/numbers.ts";
import { mergeInto } from "../expressions/objects.ts";
import type { StringComparator } from "../../query/collation.ts";
import { ValueMap } from "../value-map.ts";
import { isNullish } from "../values.ts";
import { NumericSum } from "./sum.ts";

/** A running aggregate over the values of one group (or of one array, in expression form). */
export interface Accumulator {
  add(value: unknown): void;
  result(): unknown;
}

type Compare = (a: unknown, b: unknown) => number;

export function sumAccumulator(): Accumulator {
  const sum = new NumericSum();
  return {
    add: (v) => {
      if (isNumber(v)) sum.add(v);
    },
    result: () => sum.result(),
  };
}

export function avgAccumulator(): Accumulator {
  const sum = new NumericSum();
  return {
    add: (v) => {
      if (isNumber(v)) sum.add(v);
    },
    result: () => sum.average(),
  };
}

/** `$min` (sign 1) or `$max` (sign -1): null and missing values are ignored. */
export function extremeAccumulator(compare: Compare, sign: 1 | -1): Accumulator {
  let best: unknown;
  return {
    add: (v) => {
      if (isNullish(v)) return;
      if (best === undefined || sign * compare(v, best) < 0) best = v;
    },
    result: () => (best === undefined ? null : best),
  };
}

export function firstAccumulator(): Accumulator {
  let seen = false;
  let first: unknown = null;
  return {
    add: (v) => {
      if (seen) return;
      seen = true;
      first = v === undefined ? null : v;
    },
    result: () => first,
  };
}

export function lastAccumulator(): Accumulator {
  let last: unknown = null;
  return {
    add: (v) => {
      last = v === undefined ? null : v;
    },
    result: () => last,
  };
}

export function pushAccumulator(): Accumulator {
  const values: unknown[] = [];
  return {
    add: (v) => {
      if (v !== undefined) values.push(v);
    },
    result: () => values,
  };
}

export function addToSetAccumulator(collator: StringComparator | undefined): Accumulator {
  const set = new ValueMap<true>(collator);
  return {
    add: (v) => {
      if (v !== undefined) set.addKey(v, true);
    },
    result: () => set.keys(),
  };
}

export function mergeObjectsAccumulator(): Accumulator {
  const out: Document = {};
  return {
    add: (v) => mergeInto(out, v),
    result: () => out,
  };
}

/** Population (`sample: false`) or sample standard deviation over the numeric values (Welford). */
export function stdDevAccumulator(sample: boolean): Accumulator {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  return {
    add: (v) => {
      if (!isNumber(v)) return;
      const x = toDouble(v);
      count++;
      const delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
    },
    result: () => {
      const n = sample ? count - 1 : count;
      if (n <= 0) return null;
      return new Double(Math.sqrt(m2 / n));
    },
  };
}

/** `$firstN` / `$lastN`: the first or last `n` values (missing counted as null). */
export function firstNAccumulator(n: number, last: boolean): Accumulator {
  const values: unknown[] = [];
  return {
    add: (v) => {
      const value = v === undefined ? null : v;
      if (!last) {
        if (values.length < n) values.push(value);
        return;
      }
      values.push(value);
      if (values.length > n) values.shift();
    },
    result: () => values,
  };
}

/** `$minN` (sign 1) / `$maxN` (sign -1): the `n` smallest/largest non-null values, best first. */
export function extremeNAccumulator(n: number, compare: Compare, sign: 1 | -1): Accumulator {
  const best: unknown[] = [];
  return {
    add: (v) => {
      if (isNullish(v)) return;
      let at = best.length;
      while (at > 0 && sign * compare(v, best[at - 1]) < 0) at--;
      if (at >= n) return;
      best.splice(at, 0, v);
      if (best.length > n) best.pop();
    },
    result: () => best,
  };
}
