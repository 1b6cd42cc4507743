import { asDocument } from "./bson-type.ts";
import { canonicalTypeOrder, TypeOrder } from "./compare.ts";
import { decFromDoubleExact, decodeDecimal128, type Dec } from "./decimal.ts";
import { type NumericValue, numberKind, toDouble } from "./numbers.ts";

/**
 * Order-preserving binary keys: `memcmp(encodeKey(a), encodeKey(b))` has the sign of comparing the
 * tuples `a` and `b` element-wise with `compareValues` (descending elements inverted). SQLite orders
 * BLOBs with memcmp, so these are the index keys of the storage layer.
 *
 * Layout of one value: a type byte (ascending in MongoDB's canonical type order) and a payload. Every
 * value's encoding is prefix-free, so tuples concatenate and descending fields simply invert their bytes.
 * Numbers of all four types share one exact decimal form (sign class, decimal exponent, digits), so equal
 * values encode equal (1 == 1.0 == 1L == NumberDecimal("1.00")).
 */
const TYPE_BYTE: Readonly<Record<number, number>> = {
  [TypeOrder.MinKey]: 0x0a,
  [TypeOrder.Undefined]: 0x0f,
  [TypeOrder.Null]: 0x14,
  [TypeOrder.Number]: 0x1e,
  [TypeOrder.String]: 0x3c,
  [TypeOrder.Object]: 0x46,
  [TypeOrder.Array]: 0x50,
  [TypeOrder.BinData]: 0x5a,
  [TypeOrder.ObjectId]: 0x64,
  [TypeOrder.Boolean]: 0x6e,
  [TypeOrder.Date]: 0x78,
  [TypeOrder.Timestamp]: 0x7d,
  [TypeOrder.RegExp]: 0x82,
  [TypeOrder.DBPointer]: 0x8c,
  [TypeOrder.Code]: 0x96,
  [TypeOrder.CodeWithScope]: 0x9b,
  [TypeOrder.MaxKey]: 0xf0,
};

const NUM_NAN = 0x01;
const NUM_NEG_INF = 0x02;
const NUM_NEG = 0x03;
const NUM_ZERO = 0x04;
const NUM_POS = 0x05;
const NUM_POS_INF = 0x06;
const END = 0x00;

const utf8 = new TextEncoder();

/** A growable byte buffer. */
class KeyWriter {
  bytes = new Uint8Array(64);
  length = 0;

  #reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  byte(b: number): void {
    this.#reserve(1);
    this.bytes[this.length++] = b;
  }

  raw(data: Uint8Array): void {
    this.#reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  uint32(n: number): void {
    this.byte((n >>> 24) & 0xff);
    this.byte((n >>> 16) & 0xff);
    this.byte((n >>> 8) & 0xff);
    this.byte(n & 0xff);
  }

  /** UTF-8 bytes with 0x00 escaped as 00 FF, terminated by 00 00 (so "a" < "a\0" < "a\x01"). */
  string(s: string): void {
    const data = utf8.encode(s);
    this.#reserve(data.length * 2 + 2);
    for (const b of data) {
      this.bytes[this.length++] = b;
      if (b === 0) this.bytes[this.length++] = 0xff;
    }
    this.bytes[this.length++] = 0;
    this.bytes[this.length++] = 0;
  }

  invertFrom(start: number): void {
    for (let i = start; i < this.length; i++) this.bytes[i] = ~this.bytes[i]! & 0xff;
  }
}

/** Decimal digits of a positive value and its exponent E, with value = 0.d1d2d3... x 10^E and d1 != 0. */
function normalizedDigits(coefficient: string, exp: number): { digits: string; e: number } {
  let end = coefficient.length;
  while (end > 1 && coefficient.charCodeAt(end - 1) === 48) end--;
  return { digits: coefficient.slice(0, end), e: coefficient.length + exp };
}

function writeMagnitude(w: KeyWriter, digits: string, e: number, negative: boolean): void {
  const start = w.length;
  const biased = e + 0x8000;
  w.byte((biased >> 8) & 0xff);
  w.byte(biased & 0xff);
  // two digits per byte, 1..100; an odd last digit is padded with 0, which does not change the value
  for (let i = 0; i < digits.length; i += 2) {
    const hi = digits.charCodeAt(i) - 48;
    const lo = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0;
    w.byte(hi * 10 + lo + 1);
  }
  w.byte(END);
  if (negative) w.invertFrom(start);
}

function writeDec(w: KeyWriter, d: Dec) {
  if (d.kind === "nan") return w.byte(NUM_NAN);
  if (d.kind === "inf") return w.byte(d.neg ? NUM_NEG_INF : NUM_POS_INF);
  if (d.coef === 0n) return w.byte(NUM_ZERO);
  w.byte(d.neg ? NUM_NEG : NUM_POS);
  const { digits, e } = normalizedDigits(d.coef.toString(), d.exp);
  writeMagnitude(w, digits, e, d.neg);
}

function writeNumber(w: KeyWriter, v: NumericValue) {
  const kind = numberKind(v);
  if (kind === "decimal") return writeDec(w, decodeDecimal128(v as never));
  if (kind === "long") {
    const n = typeof v === "bigint" ? v : (v as { toBigInt(): bigint }).toBigInt();
    if (n === 0n) return w.byte(NUM_ZERO);
    w.byte(n < 0n ? NUM_NEG : NUM_POS);
    const { digits, e } = normalizedDigits((n < 0n ? -n : n).toString(), 0);
    return writeMagnitude(w, digits, e, n < 0n);
  }
  const d = toDouble(v);
  if (Number.isNaN(d)) return w.byte(NUM_NAN);
  if (d === 0) return w.byte(NUM_ZERO);
  if (Number.isSafeInteger(d)) {
    w.byte(d < 0 ? NUM_NEG : NUM_POS);
    const { digits, e } = normalizedDigits(String(Math.abs(d)), 0);
    return writeMagnitude(w, digits, e, d < 0);
  }
  writeDec(w, decFromDoubleExact(d));
}

interface BinaryLike {
  sub_type: number;
  value(): Uint8Array;
}

function writeValue(w: KeyWriter, v: unknown) {
  const order = typeof v === "symbol" ? TypeOrder.Null : canonicalTypeOrder(v);
  w.byte(TYPE_BYTE[order]!);
  writePayload(w, order, v);
}

function writePayload(w: KeyWriter, order: number, v: unknown) {
  switch (order) {
    case TypeOrder.Number:
      return writeNumber(w, v as NumericValue);
    case TypeOrder.String:
      return w.string(typeof v === "string" ? v : (v as { value: string }).value);
    case TypeOrder.Object:
      return writeDocument(w, asDocument(v) as Record<string, unknown>);
    case TypeOrder.Array:
      for (const element of v as unknown[]) writeValue(w, element);
      return w.byte(END);
    case TypeOrder.BinData: {
      const bin = v instanceof Uint8Array ? { sub_type: 0, value: () => v } : (v as BinaryLike);
      const data = bin.value();
      w.uint32(data.length);
      w.byte(bin.sub_type);
      return w.raw(data);
    }
    case TypeOrder.ObjectId:
      return w.raw((v as { id: Uint8Array }).id);
    case TypeOrder.Boolean:
      return w.byte(v ? 1 : 0);
    case TypeOrder.Date: {
      const ms = BigInt((v as Date).getTime() || 0) + (1n << 63n);
      w.uint32(Number(ms >> 32n));
      return w.uint32(Number(ms & 0xffffffffn));
    }
    case TypeOrder.Timestamp: {
      const ts = v as { high: number; low: number };
      w.uint32(ts.high >>> 0);
      return w.uint32(ts.low >>> 0);
    }
    case TypeOrder.RegExp: {
      const re =
        v instanceof RegExp
          ? { pattern: v.source, options: v.flags }
          : (v as { pattern: string; options: string });
      w.string(re.pattern);
      return w.string(re.options);
    }
    case TypeOrder.Code:
      return w.string(typeof v === "function" ? v.toString() : (v as { code: string }).code);
    case TypeOrder.CodeWithScope: {
      const code = v as { code: string; scope: Record<string, unknown> };
      w.string(code.code);
      return writeDocument(w, code.scope);
    }
  }
}

/** Fields in order: value type byte, field name, value payload (mongod compares type, then name, then value). */
function writeDocument(w: KeyWriter, doc: Record<string, unknown>) {
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    const order = canonicalTypeOrder(value);
    w.byte(TYPE_BYTE[order]!);
    w.string(key);
    writePayload(w, order, value);
  }
  w.byte(END);
}

/**
 * Encodes a tuple of BSON values as an order-preserving byte string (see the module comment).
 * `directions[i] === -1` makes element i sort descending. A missing value (the MISSING symbol) encodes
 * like null, as index keys treat missing fields.
 *
 * @example
 * const a = encodeKey([new Int32(1), "x"]);
 * const b = encodeKey([new Double(1.5), "a"]);
 * Buffer.compare(a, b) // -1, like compareValues(1, 1.5)
 */
export function encodeKey(values: readonly unknown[], directions?: readonly (1 | -1)[]): Uint8Array {
  const w = new KeyWriter();
  for (let i = 0; i < values.length; i++) {
    const start = w.length;
    writeValue(w, values[i]);
    if (directions?.[i] === -1) w.invertFrom(start);
  }
  return w.bytes.slice(0, w.length);
}

/**
 * Bounds of a canonical type in key space, for range scans under type bracketing: every ascending
 * single-value key of a value with the same canonical type as `sample` is `> min` and `< max`.
 *
 * @example typeBracket(new Int32(5)) // keys of all numbers (NaN included) lie strictly between min and max
 */
export function typeBracket(sample: unknown): { min: Uint8Array; max: Uint8Array } {
  const byte = TYPE_BYTE[canonicalTypeOrder(sample)]!;
  return { min: Uint8Array.of(byte), max: Uint8Array.of(byte + 1) };
}
