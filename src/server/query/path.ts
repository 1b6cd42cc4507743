import { asDocument } from "./bson-type.ts";

/** Marks a path that reaches no value (distinct from BSON `undefined`, which is a JS `undefined`). */
export const MISSING: unique symbol = Symbol("missing");
export type Missing = typeof MISSING;

/** A dotted path split into its components, with each component's array index pre-parsed. */
export interface FieldPath {
  readonly dotted: string;
  readonly parts: readonly string[];
  /** `indexes[i]` is the array index that `parts[i]` names (`"0"`, `"12"`), or -1. */
  readonly indexes: readonly number[];
  /** `unsafe[i]` is `isUnsafeKey(parts[i])`. */
  readonly unsafe: readonly boolean[];
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** The array index a path component names (`"3"` -> 3), or -1 (`"03"`, `"a"`, `"-1"` name none). */
export function arrayIndexOf(part: string): number {
  return INDEX.test(part) && part.length < 16 ? Number(part) : -1;
}

/**
 * Splits and pre-parses a dotted path once, for repeated lookups.
 *
 * @example parsePath("a.0.b").indexes // [-1, 0, -1]
 */
export function parsePath(dotted: string): FieldPath {
  const parts = dotted.split(".");
  return { dotted, parts, indexes: parts.map(arrayIndexOf), unsafe: parts.map(isUnsafeKey) };
}

/** True for an embedded document (a plain object or a DBRef), false for arrays and other BSON values. */
export function isDocument(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const tag = (v as { _bsontype?: unknown })._bsontype;
  if (tag === undefined) return !(v instanceof Date || v instanceof RegExp || v instanceof Uint8Array);
  return tag === "DBRef";
}

/** Names a plain property read could answer wrongly: inherited ones, and a `bson` DBRef's own properties. */
const UNSAFE_KEYS = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "collection",
  "oid",
  "db",
  "fields",
]);

/** True when reading `key` needs `getField`'s careful path (precompute it per path component). */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/**
 * The own field `key` of a document (a DBRef read as its `{ $ref, $id, $db }` document), or MISSING.
 * Pass `unsafe = isUnsafeKey(key)` when it is known, to skip the check on the hot path.
 */
export function getField(doc: Record<string, unknown>, key: string, unsafe = UNSAFE_KEYS.has(key)): unknown {
  const v = doc[key];
  if (v !== undefined && !unsafe) return v;
  const d =
    (doc as { _bsontype?: unknown })._bsontype === "DBRef"
      ? (asDocument(doc) as Record<string, unknown>)
      : doc;
  return Object.hasOwn(d, key) ? d[key] : MISSING;
}

/** Element `index` of an array, or MISSING. */
function getElement(arr: unknown[], index: number): unknown {
  return index >= 0 && index < arr.length ? arr[index] : MISSING;
}

/**
 * Called for each value a path reaches. `arrayIndex` is the position in the first array the path went
 * through (what the positional `$` refers to), undefined when no array was traversed.
 * Returning true stops the walk (and `walkPath` returns true).
 */
export type PathVisitor = (value: unknown, arrayIndex: number | undefined) => boolean;

/**
 * Visits the values a query path reaches in a document, the way mongod's matcher does:
 * - arrays met in the middle of a path are traversed implicitly: `a.b` looks for `b` in each element of
 *   `a` that is a document (nested arrays are not flattened further), and a numeric component also
 *   selects the element at that index;
 * - a path that ends at an array visits each element, then the array itself (`expandLeafArrays`);
 * - a missing field visits MISSING, except inside array traversal where non-documents are skipped,
 *   and a scalar in the middle of the path visits MISSING.
 *
 * @example
 * walkPath({ a: [{ b: 1 }, { b: 2 }] }, parsePath("a.b"), true, (v, i) => { console.log(v, i); return false; });
 * // Int32(1) 0, Int32(2) 1
 */
export function walkPath(
  root: unknown,
  path: FieldPath,
  expandLeafArrays: boolean,
  visit: PathVisitor,
): boolean {
  return walkFrom(root, path, 0, expandLeafArrays, visit, undefined);
}

function walkFrom(
  container: unknown,
  path: FieldPath,
  i: number,
  expand: boolean,
  visit: PathVisitor,
  arrayIndex: number | undefined,
): boolean {
  const child = Array.isArray(container)
    ? getElement(container, path.indexes[i]!)
    : getField(container as Record<string, unknown>, path.parts[i]!, path.unsafe[i]);
  return visitChild(child, path, i + 1, expand, visit, arrayIndex);
}

function visitChild(
  child: unknown,
  path: FieldPath,
  next: number,
  expand: boolean,
  visit: PathVisitor,
  arrayIndex: number | undefined,
): boolean {
  if (next === path.parts.length) return visitLeaf(child, expand, visit, arrayIndex);
  if (Array.isArray(child)) return walkArray(child, path, next, expand, visit, arrayIndex);
  if (child !== MISSING && isDocument(child)) return walkFrom(child, path, next, expand, visit, arrayIndex);
  return visit(MISSING, arrayIndex);
}

function visitLeaf(
  value: unknown,
  expand: boolean,
  visit: PathVisitor,
  arrayIndex: number | undefined,
): boolean {
  if (expand && Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      if (visit(value[k], arrayIndex ?? k)) return true;
    }
  }
  return visit(value, arrayIndex);
}

function walkArray(
  arr: unknown[],
  path: FieldPath,
  i: number,
  expand: boolean,
  visit: PathVisitor,
  arrayIndex: number | undefined,
): boolean {
  const index = path.indexes[i]!;
  if (index >= 0 && index < arr.length) {
    if (visitChild(arr[index], path, i + 1, expand, visit, arrayIndex ?? index)) return true;
  }
  for (let k = 0; k < arr.length; k++) {
    const element = arr[k];
    if (isDocument(element) && walkFrom(element, path, i, expand, visit, arrayIndex ?? k)) return true;
  }
  return false;
}

/**
 * The value at a dotted path without implicit array traversal (numeric components index arrays);
 * MISSING when absent. This is the "one value" view used by updates, projections and `$getField`-like code.
 *
 * @example getPath({ a: [{ b: 1 }] }, parsePath("a.0.b")) // Int32(1)
 */
export function getPath(doc: unknown, path: FieldPath): unknown {
  let current: unknown = doc;
  for (let i = 0; i < path.parts.length; i++) {
    if (Array.isArray(current)) current = getElement(current, path.indexes[i]!);
    else if (isDocument(current)) current = getField(current, path.parts[i]!, path.unsafe[i]);
    else return MISSING;
    if (current === MISSING) return MISSING;
  }
  return current;
}

/**
 * All values a path reaches with implicit array traversal and leaf arrays expanded (the values an index
 * or a sort key on that path sees). Missing positions yield MISSING.
 *
 * @example collectValues({ a: [{ b: 1 }, { b: [2, 3] }] }, parsePath("a.b")) // [1, 2, 3, [2, 3]]
 */
export function collectValues(doc: unknown, path: FieldPath, expandLeafArrays = true): unknown[] {
  const out: unknown[] = [];
  walkPath(doc, path, expandLeafArrays, (v) => {
    out.push(v);
    return false;
  });
  return out;
}
