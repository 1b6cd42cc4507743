import { Binary, Decimal128, Long, ObjectId } from "bson";

/** Returned by the converters when a value cannot become the requested type. */
export const INVALID: unique symbol = Symbol("invalid");
export type Converted = unknown | typeof INVALID;

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function toLong(value: unknown): Converted {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : INVALID;
  if (typeof value !== "string" || !INTEGER.test(value)) return INVALID;
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) return INVALID;
  const small = Number(big);
  return Number.isSafeInteger(small) ? small : Long.fromBigInt(big);
}

function toDecimal(value: unknown): Converted {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL.test(text)) return INVALID;
  try {
    return Decimal128.fromString(text);
  } catch {
    return INVALID; // out of Decimal128's range
  }
}

function toDate(value: unknown): Converted {
  if (typeof value !== "string" || !DATE.test(value)) return INVALID;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? INVALID : date;
}

const converters: Record<string, (value: unknown) => Converted> = {
  ObjectId: (value) =>
    typeof value === "string" && OBJECT_ID.test(value) ? ObjectId.createFromHexString(value) : INVALID,
  Date: toDate,
  Long: toLong,
  Decimal128: toDecimal,
  Binary: (value) =>
    typeof value === "string" && BASE64.test(value) ? Binary.createFromBase64(value) : INVALID,
};

/** What each BSON kind is written as in JSON (and query strings), for error messages. */
const EXPECTED: Record<string, string> = {
  ObjectId: "an ObjectId (24 hex digits)",
  Date: "an ISO 8601 date (2024-05-01 or 2024-05-01T10:00:00Z)",
  Long: "a 64-bit integer",
  Decimal128: "a decimal number",
  Binary: "base64 data",
};

/** True for schema kinds that JSON cannot carry directly (ObjectId, Date, Long, Decimal128, Binary). */
export function isBsonKind(kind: string): boolean {
  return kind in converters;
}

/**
 * Converts the JSON form of a BSON value (hex string, ISO date, integer, decimal string, base64)
 * to the value the schema expects, or `INVALID`.
 *
 * @example
 * fromJson("ObjectId", "65f0c0ffee00000000000001");   // ObjectId
 * fromJson("Date", "yesterday");                        // INVALID
 */
export function fromJson(kind: string, value: unknown): Converted {
  const convert = converters[kind];
  return convert ? convert(value) : INVALID;
}

/** How a BSON kind is written in JSON, for messages ("an ObjectId (24 hex digits)"). */
export function expectedBson(kind: string): string {
  return EXPECTED[kind] ?? kind;
}
