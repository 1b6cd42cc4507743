import type { Document } from "bson";
import type { DocumentComparator } from "../../query/sort.ts";
import type { Accumulator } from "./basic.ts";

/** What `$top`-style accumulators receive per document: the document (for `sortBy`) and its output. */
export interface Ranked {
  readonly doc: Document;
  readonly output: unknown;
}

/**
 * `$topN` / `$bottomN`: the first (or last) `n` documents in `sortBy` order, as their outputs, in sort
 * order; ties keep arrival order. With `single`, the result is the one output instead of an array.
 */
export function rankAccumulator(
  compare: DocumentComparator,
  n: number,
  bottom: boolean,
  single: boolean,
): Accumulator {
  const kept: Ranked[] = [];
  return {
    add: (value) => {
      const entry = value as Ranked;
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(kept[mid]!.doc, entry.doc) <= 0) lo = mid + 1;
        else hi = mid;
      }
      if (!bottom && lo >= n) return;
      kept.splice(lo, 0, entry);
      if (kept.length > n) {
        if (bottom) kept.shift();
        else kept.pop();
      }
    },
    result: () => {
      const outputs = kept.map((e) => (e.output === undefined ? null : e.output));
      return single ? (outputs[0] ?? null) : outputs;
    },
  };
}
