import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { compileSort, type DocumentComparator } from "../../query/sort.ts";
import type { Stage, StageCompiler } from "../stage.ts";
import { isDocument } from "../values.ts";
import { parseLimit } from "./limit.ts";

/** Beyond this many kept documents a full sort is cheaper than insertion into the top-k buffer. */
const TOP_K_MAX = 10_000;

/** The first `k` documents in sort order, keeping at most `k` in memory (stable like the full sort). */
function* topK(input: Iterable<Document>, compare: DocumentComparator, k: number): Generator<Document> {
  const best: Document[] = [];
  for (const doc of input) {
    if (best.length === k && compare(doc, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid]!, doc) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, doc);
    if (best.length > k) best.pop();
  }
  yield* best;
}

/** Compiles a sort specification into a stage, bounded by `limit` when one follows. */
export function sortDocuments(compare: DocumentComparator, limit: number | undefined): Stage {
  if (limit !== undefined && limit <= TOP_K_MAX) return (input) => topK(input, compare, limit);
  return function* sortAll(input) {
    const all = Array.from(input);
    all.sort(compare);
    yield* limit === undefined ? all : all.slice(0, limit);
  };
}

/** `$sort` (a following `$limit` makes it a bounded top-k sort). */
export const sortStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec)) fail(15973, "the $sort key specification must be an object");
  if (Object.keys(spec).length === 0) fail(15976, "$sort stage must have at least one sort key");
  const compare = compileSort(spec, sc.ctx.collation ? { collation: sc.ctx.collation } : {});
  const next = sc.next;
  const limit = next && Object.keys(next)[0] === "$limit" ? parseLimit(next.$limit) : undefined;
  return sortDocuments(compare, limit);
};
