import { type Collation, collatorFor } from "./collation.ts";
import { compareValues } from "./compare.ts";
import { isOperatorDocument } from "./field-operators.ts";
import { isDocument } from "./path.ts";
import { isRegexValue } from "./value-tests.ts";

/**
 * Index-usable predicates on one field. Values keep MongoDB's type bracketing: a range only covers
 * values of its bound's canonical type (`gt: 5` means "numbers above 5"), so turn it into key bounds with
 * `typeBracket` from `key-string.ts`.
 */
export interface FieldPlan {
  eq?: unknown;
  in?: unknown[];
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}

/** Field path -> index-usable predicates on it. */
export type FilterPlan = Record<string, FieldPlan>;

type Bound = "gt" | "gte" | "lt" | "lte";
const BOUNDS: Readonly<Record<string, Bound>> = { $gt: "gt", $gte: "gte", $lt: "lt", $lte: "lte" };

/**
 * Describes the simple predicates of a filter that an index can narrow: equalities, `$in` lists and
 * ranges on top-level fields (dotted paths included) that are ANDed together (top level and `$and`).
 * Everything else is left out; the candidates an index yields must still go through the matcher.
 * With a non-simple collation, string and document values are left out (binary index keys would be
 * wrong for them). Invalid filters are not validated here: compile the filter first.
 *
 * @example filterPlan({ a: 1, b: { $gte: 2, $lt: 9 }, $or: [{ c: 1 }] }) // { a: { eq: 1 }, b: { gte: 2, lt: 9 } }
 */
export function filterPlan(
  filter: Record<string, unknown>,
  options: { collation?: Collation } = {},
): FilterPlan {
  const plan: FilterPlan = {};
  const usable = collatorFor(options.collation) ? (v: unknown) => indexable(v) && !hasStrings(v) : indexable;
  collect(filter, plan, usable);
  return plan;
}

function collect(filter: Record<string, unknown>, plan: FilterPlan, usable: (v: unknown) => boolean): void {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === "$and" && Array.isArray(value)) {
      for (const child of value) if (isDocument(child)) collect(child, plan, usable);
      continue;
    }
    if (key.startsWith("$")) continue;
    if (!isOperatorDocument(value)) {
      if (usable(value)) setEq(plan, key, value);
      continue;
    }
    for (const op of Object.keys(value)) {
      const arg = value[op];
      if (op === "$eq" && usable(arg)) setEq(plan, key, arg);
      else if (op === "$in" && Array.isArray(arg) && arg.every(usable)) {
        const field = (plan[key] ??= {});
        if (field.eq === undefined && field.in === undefined) field.in = arg;
      } else if (BOUNDS[op] !== undefined && usable(arg) && arg !== null)
        setBound(plan, key, BOUNDS[op], arg);
    }
  }
}

function indexable(v: unknown): boolean {
  return v !== undefined && !Array.isArray(v) && !isRegexValue(v);
}

function hasStrings(v: unknown): boolean {
  if (typeof v === "string") return true;
  if ((v as { _bsontype?: unknown } | null)?._bsontype === "BSONSymbol") return true;
  return isDocument(v);
}

function setEq(plan: FilterPlan, key: string, value: unknown): void {
  const field = (plan[key] ??= {});
  if (field.eq === undefined) {
    field.eq = value;
    delete field.in;
  }
}

function setBound(plan: FilterPlan, key: string, bound: Bound, value: unknown): void {
  const field = (plan[key] ??= {});
  const lower = bound === "gt" || bound === "gte";
  const [strict, loose] = lower ? (["gt", "gte"] as const) : (["lt", "lte"] as const);
  const current = field[strict] ?? field[loose];
  if (current !== undefined) {
    const c = compareValues(value, current);
    const tighter = lower ? c > 0 || (c === 0 && bound === strict) : c < 0 || (c === 0 && bound === strict);
    if (!tighter) return;
    delete field[strict];
    delete field[loose];
  }
  field[bound] = value;
}
