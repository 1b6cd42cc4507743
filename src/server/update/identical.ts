import { bsonTypeOf } from "../query/bson-type.ts";
import { compareValues } from "../query/compare.ts";

/**
 * True when two values would serialize to the same BSON: same types all the way down (Int32(1) and
 * Double(1) differ, unlike `valuesEqual`), same field order. Used to report an update as a no-op.
 *
 * @example identical({ a: new Int32(1) }, { a: new Int32(1) }) // true
 */
export function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const type = bsonTypeOf(a);
  if (type !== bsonTypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => identical(v, other[i]));
  }
  if (type === "object") {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    return kx.length === ky.length && kx.every((k, i) => k === ky[i] && identical(x[k], y[k]));
  }
  if (type === "double") return Object.is((a as { value: number }).value, (b as { value: number }).value);
  if (type === "decimal") return String(a) === String(b);
  return compareValues(a, b) === 0;
}
