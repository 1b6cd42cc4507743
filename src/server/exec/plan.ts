import type { Document } from "bson";
import type { Collation } from "../query/compare.ts";
import { isOperatorDocument } from "../query/field-operators.ts";
import { filterPlan } from "../query/filter-plan.ts";
import { isNumber, toDouble } from "../query/numbers.ts";
import type { CollectionView } from "../storage/collection-view.ts";
import type { IndexStore } from "../storage/index-store.ts";

/** A predicate on one field that an index can answer: equality (one or more values) or a range. */
export interface FieldBounds {
  eq?: unknown[];
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

/** How a query reads its candidates. Every candidate is still checked by the full matcher. */
export type AccessPlan =
  | { stage: "EOF" }
  | { stage: "COLLSCAN" }
  | { stage: "IDHACK"; ids: unknown[] }
  | { stage: "IXSCAN"; index: IndexStore; field: string; bounds: FieldBounds; exact?: boolean };

/** Scalars whose key range is exactly a range predicate's matches (for `coversFilter`). */
function indexable(v: unknown): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
      return true;
    case "object": {
      if (v === null) return false;
      if (v instanceof Date) return true;
      const t = (v as { _bsontype?: string })._bsontype;
      return (
        t === "Int32" ||
        t === "Double" ||
        t === "Long" ||
        t === "Decimal128" ||
        t === "ObjectId" ||
        t === "Timestamp"
      );
    }
    default:
      return false;
  }
}

/**
 * On a multikey index, `{a: {$gt: 2, $lt: 5}}` matches `[1, 10]` (each bound met by another element),
 * so only one side of a range may narrow the scan.
 */
function oneSided(b: FieldBounds): FieldBounds {
  if (b.gt !== undefined) return { gt: b.gt };
  if (b.gte !== undefined) return { gte: b.gte };
  return b;
}

/** The index-usable predicates of a filter by field (the query engine's `filterPlan`), as key bounds. */
function fieldBounds(filter: Document, collation: Collation | undefined): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>();
  for (const [field, plan] of Object.entries(filterPlan(filter, { collation }))) {
    const { eq, in: values, ...range } = plan;
    out.set(field, eq !== undefined ? { eq: [eq] } : values !== undefined ? { eq: values } : range);
  }
  return out;
}

/**
 * Picks the access path: `_id` equality reads rows by key; otherwise the first index whose leading
 * field has equality (or else a range) is scanned; otherwise the collection is scanned.
 * Indexes with a collation, partial filter or sparse option are only used when the query can't miss documents.
 */
export function planQuery(
  store: CollectionView | undefined,
  filter: Document,
  hint?: IndexStore,
  collation?: Collation,
): AccessPlan {
  if (!store) return { stage: "EOF" };
  const bounds = fieldBounds(filter, collation);
  if (hint) {
    const field = hint.pattern[0]![0];
    return { stage: "IXSCAN", index: hint, field, bounds: bounds.get(field) ?? {} };
  }
  const id = bounds.get("_id");
  if (id?.eq && !store.options.timeseries) return { stage: "IDHACK", ids: id.eq };
  let best: AccessPlan | undefined;
  for (const index of store.indexes) {
    if (index.spec.partialFilterExpression || index.spec.sparse || index.spec.collation || index.spec.hidden)
      continue;
    const leading = index.pattern[0]!;
    if (typeof leading[1] !== "number") continue;
    const b = bounds.get(leading[0]);
    if (!b) continue;
    if (b.eq) return { stage: "IXSCAN", index, field: leading[0], bounds: { eq: b.eq } };
    best ??= { stage: "IXSCAN", index, field: leading[0], bounds: index.multikey ? oneSided(b) : b };
  }
  if (best?.stage === "IXSCAN") best.exact = coversFilter(filter, best);
  return best ?? { stage: "COLLSCAN" };
}

/**
 * Whether the scanned key range is exactly the filter's matches, so documents need no re-check:
 * the filter is a range on the index's only field, every operator became a bound, and no document
 * holds several keys. (Type-bracketed bounds and 1 == 1.0 == 1L keys make the range exact.)
 */
function coversFilter(filter: Document, plan: Extract<AccessPlan, { stage: "IXSCAN" }>): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== plan.field || plan.index.multikey || plan.index.pattern.length !== 1)
    return false;
  const value = filter[plan.field];
  if (!isOperatorDocument(value)) return false;
  return Object.entries(value).every(
    ([op, operand]) =>
      ["$gt", "$gte", "$lt", "$lte"].includes(op) && indexable(operand) && !isNaNValue(operand),
  );
}

function isNaNValue(v: unknown): boolean {
  return isNumber(v) && Number.isNaN(toDouble(v));
}
