import { fail } from "../errors.ts";
import { type Collation, collatorFor, type StringComparator } from "./collation.ts";
import { compareValues } from "./compare.ts";
import { isNumber, toDouble } from "./numbers.ts";
import { type FieldPath, isDocument, MISSING, parsePath, walkPath } from "./path.ts";

/** A comparator of documents for `Array.prototype.sort`. */
export type DocumentComparator = (a: Record<string, unknown>, b: Record<string, unknown>) => number;

interface SortField {
  readonly path: FieldPath;
  readonly direction: 1 | -1;
}

/** Parses `{ field: 1 | -1 }` (numbers of any type; `$meta` sorts are rejected: there is no text search). */
function parseSortSpec(spec: Record<string, unknown>): SortField[] {
  if (!isDocument(spec)) fail("TypeMismatch", "sort must be an object");
  const keys = Object.keys(spec).filter((field) => {
    if (field !== "$natural") return true;
    // stable sorting keeps natural order; a reversed scan is the caller's (storage's) business
    if (!isNumber(spec.$natural) || toDouble(spec.$natural) !== 1) {
      fail(
        "BadValue",
        "$natural: -1 must be applied by scanning backwards; compileSort only keeps natural order",
      );
    }
    return false;
  });
  return keys.map((field) => {
    const value = spec[field];
    if (field === "") fail(40352, "FieldPath cannot be constructed with empty string");
    if (isDocument(value) && Object.hasOwn(value, "$meta")) {
      fail("BadValue", `$meta sort by '${String(value.$meta)}' is not supported by this server`);
    }
    const n = isNumber(value) ? toDouble(value) : Number.NaN;
    if (n !== 1 && n !== -1)
      fail(15975, "$sort key ordering must be 1 (for ascending) or -1 (for descending)");
    return { path: parsePath(field), direction: n };
  });
}

/**
 * The sort key of one field: with arrays, ascending sorts use the smallest element and descending the
 * largest (over every value the path reaches); a missing field sorts as null, an empty array below null.
 */
function sortKey(doc: Record<string, unknown>, field: SortField, cmp: StringComparator | undefined): unknown {
  let best: unknown = MISSING;
  let sawEmptyArray = false;
  const consider = (v: unknown) => {
    if (best === MISSING || compareValues(v, best, cmp) * field.direction < 0) best = v;
  };
  walkPath(doc, field.path, false, (v) => {
    if (v === MISSING) consider(null);
    else if (!Array.isArray(v)) consider(v);
    else if (v.length === 0) sawEmptyArray = true;
    else for (const element of v) consider(element);
    return false;
  });
  if (best === MISSING) return sawEmptyArray ? undefined : null;
  // an empty array sorts below null: it wins an ascending sort and loses a descending one
  if (sawEmptyArray && field.direction === 1) return undefined;
  return best;
}

/**
 * Compiles a sort specification into a document comparator. Sort keys are computed once per document
 * (cached by identity), so sorting n documents walks each path n times, not n log n.
 *
 * @example
 * const cmp = compileSort({ age: -1, name: 1 });
 * docs.sort(cmp);
 */
export function compileSort(
  spec: Record<string, unknown>,
  options: { collation?: Collation } = {},
): DocumentComparator {
  const fields = parseSortSpec(spec);
  const cmp = collatorFor(options.collation);
  const keys = new WeakMap<object, unknown[]>();
  const keyOf = (doc: Record<string, unknown>): unknown[] => {
    let key = keys.get(doc);
    if (key === undefined) {
      key = fields.map((f) => sortKey(doc, f, cmp));
      keys.set(doc, key);
    }
    return key;
  };
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(ka[i], kb[i], cmp);
      if (c !== 0) return c * fields[i]!.direction;
    }
    return 0;
  };
}
