import type { Document } from "bson";
import { bsonTypeOf } from "../query/bson-type.ts";
import { fromJsNumber, isNumber, isZero, toSafeInteger } from "../query/numbers.ts";

/**
 * A value that is a BSON subdocument (a plain object, not an array, date or BSON wrapper). Unlike the
 * matcher's `isDocument`, a `bson` DBRef instance stays an opaque value here: expressions copy and
 * spread documents, which would turn a DBRef's class fields into document fields.
 */
export function isDocument(value: unknown): value is Document {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    (value as { _bsontype?: unknown })._bsontype === undefined
  );
}

/** Missing or null: the values most expressions answer with null. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** The `$type` name of a value, "missing" for an absent one. */
export function typeName(value: unknown): string {
  return value === undefined ? "missing" : bsonTypeOf(value);
}

/**
 * MongoDB truthiness: false, null, missing and numeric zero (of any numeric type) are false;
 * everything else, including NaN, empty strings and empty arrays, is true.
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  return !(isNumber(value) && isZero(value));
}

/** Deeply replaces bare JS numbers (written in commands by our own code) with BSON Int32/Double. */
export function normalizeConstant(value: unknown): unknown {
  if (typeof value === "number") return fromJsNumber(value);
  if (Array.isArray(value)) return value.map(normalizeConstant);
  if (isDocument(value)) {
    const out: Document = {};
    for (const key of Object.keys(value)) out[key] = normalizeConstant(value[key]);
    return out;
  }
  return value;
}

/** The value as a JS integer when it is a number with an integral value within int32 range; else undefined. */
export function int32Value(value: unknown): number | undefined {
  if (!isNumber(value)) return undefined;
  const n = toSafeInteger(value);
  return n !== undefined && n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
}

/** The value as a JS integer when it is a number with an integral value within ±2^53; else undefined. */
export function integerValue(value: unknown): number | undefined {
  return isNumber(value) ? toSafeInteger(value) : undefined;
}
