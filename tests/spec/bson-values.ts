import { EJSON } from "bson";
import type { Document } from "./types.ts";

/**
 * Helpers over the values that flow through the runner: Extended JSON parse results (with
 * `Int32`/`Long`/`Double` wrappers) and driver results (promoted JS numbers). BSON classes are
 * told apart by their `_bsontype` tag, never by `instanceof`.
 */

import { bsonTypeOf } from "../../src/server/query/bson-type.ts";

export type { BsonTypeName as BsonTypeAlias } from "../../src/server/query/bson-type.ts";
/** The `$type` alias of a value: the embedded server's own classification, right for driver-decoded values too. */
export { bsonTypeOf };

/** The `_bsontype` tag of a BSON class instance, if `value` is one. */
export function bsonTag(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === "string" ? tag : undefined;
}

/** True for a plain document (not an array, date, regex, byte array or BSON class instance). */
export function isDocument(value: unknown): value is Document {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !ArrayBuffer.isView(value) &&
    bsonTag(value) === undefined
  );
}

/**
 * Whether `value` has the BSON type named by `alias` ("number" covers every numeric type).
 * A promoted JS integer may have been an int32, int64 or double on the wire, so it matches all three.
 */
export function hasBsonType(value: unknown, alias: string): boolean {
  if (alias === "number") return isNumeric(value) || bsonTag(value) === "Decimal128";
  if (typeof value === "number" && Number.isInteger(value)) {
    return alias === "int" || alias === "long" || alias === "double";
  }
  return bsonTypeOf(value) === alias;
}

/** int32, int64 or double, whether wrapped or promoted (Decimal128 is not included). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "bigint") return true;
  const tag = bsonTag(value);
  return tag === "Int32" || tag === "Double" || tag === "Long";
}

/** An exact representation of a numeric value: bigint when integral, number otherwise. */
function numericValue(value: unknown): number | bigint {
  if (typeof value === "number" || typeof value === "bigint") return value;
  const tag = bsonTag(value);
  if (tag === "Long") return BigInt((value as { toString(): string }).toString());
  return (value as { valueOf(): number }).valueOf();
}

/**
 * Compares two numerics by value across int32/int64/double (NaN equals NaN).
 * Returns negative, 0 or positive like a sort comparator.
 */
export function compareNumeric(a: unknown, b: unknown): number {
  const left = numericValue(a);
  const right = numericValue(b);
  if (typeof left === "number" && typeof right === "number") {
    if (Number.isNaN(left) || Number.isNaN(right))
      return Number.isNaN(left) && Number.isNaN(right) ? 0 : Number.NaN;
    return left - right;
  }
  const l = typeof left === "bigint" ? left : toBigIntIfIntegral(left);
  const r = typeof right === "bigint" ? right : toBigIntIfIntegral(right);
  if (l !== undefined && r !== undefined) return l < r ? -1 : l > r ? 1 : 0;
  return Number(left) - Number(right);
}

function toBigIntIfIntegral(value: number): bigint | undefined {
  return Number.isInteger(value) ? BigInt(value) : undefined;
}

/** Converts wrapped numbers (deeply) to JS numbers, for option objects handed to the driver. */
export function toNative(value: unknown): unknown {
  const tag = bsonTag(value);
  if (tag === "Int32" || tag === "Double") return (value as { valueOf(): number }).valueOf();
  if (tag === "Long") return Number((value as { toString(): string }).toString());
  if (Array.isArray(value)) return value.map(toNative);
  if (isDocument(value)) {
    const out: Document = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toNative(inner);
    return out;
  }
  return value;
}

/**
 * Turns driver result objects into documents: class instances become plain objects of their
 * own enumerable fields, `Map`s become documents keyed by the stringified key.
 */
export function toDocumentTree(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Document = {};
    for (const [key, inner] of value) out[String(key)] = toDocumentTree(inner);
    return out;
  }
  if (Array.isArray(value)) return value.map(toDocumentTree);
  if (isDocument(value)) {
    const out: Document = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined && typeof inner !== "function") out[key] = toDocumentTree(inner);
    }
    return out;
  }
  return value;
}

/** A short Extended JSON rendering of a value for failure messages. */
export function describe(value: unknown, max = 160): string {
  let text: string;
  if (value === undefined) return "(absent)";
  try {
    text = EJSON.stringify(value as Document, { relaxed: true });
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
