import { asDocument } from "./bson-type.ts";
import { type Collation, collatorFor, type StringComparator } from "./collation.ts";
import { type NumericValue, numericCompare } from "./numbers.ts";

export type { Collation, StringComparator } from "./collation.ts";

/** Canonical type ranks of MongoDB's comparison order (mongod's `canonicalizeBSONType`). */
export const TypeOrder = {
  MinKey: -1,
  Undefined: 0,
  Null: 5,
  Number: 10,
  String: 15,
  Object: 20,
  Array: 25,
  BinData: 30,
  ObjectId: 35,
  Boolean: 40,
  Date: 45,
  Timestamp: 47,
  RegExp: 50,
  DBPointer: 55,
  Code: 60,
  CodeWithScope: 65,
  MaxKey: 127,
} as const;

const ORDER_BY_BSONTYPE: Readonly<Record<string, number>> = {
  Int32: TypeOrder.Number,
  Double: TypeOrder.Number,
  Long: TypeOrder.Number,
  Decimal128: TypeOrder.Number,
  BSONSymbol: TypeOrder.String,
  DBRef: TypeOrder.Object,
  Binary: TypeOrder.BinData,
  ObjectId: TypeOrder.ObjectId,
  Timestamp: TypeOrder.Timestamp,
  BSONRegExp: TypeOrder.RegExp,
  MinKey: TypeOrder.MinKey,
  MaxKey: TypeOrder.MaxKey,
};

/**
 * The rank of a value's type in MongoDB's comparison order: values of different ranks compare by rank
 * (MinKey < undefined < null < numbers < strings/symbols < objects < arrays < binData < ObjectId < bool
 * < Date < Timestamp < regex < code < code with scope < MaxKey).
 *
 * @example canonicalTypeOrder(new Int32(1)) === canonicalTypeOrder(new Double(2)) // true
 */
export function canonicalTypeOrder(v: unknown): number {
  switch (typeof v) {
    case "string":
      return TypeOrder.String;
    case "number":
    case "bigint":
      return TypeOrder.Number;
    case "boolean":
      return TypeOrder.Boolean;
    case "undefined":
      return TypeOrder.Undefined;
    case "function":
      return TypeOrder.Code;
  }
  if (v === null) return TypeOrder.Null;
  if (Array.isArray(v)) return TypeOrder.Array;
  const tag = (v as { _bsontype?: unknown })._bsontype;
  if (typeof tag === "string") {
    if (tag === "Code") return (v as { scope?: unknown }).scope ? TypeOrder.CodeWithScope : TypeOrder.Code;
    const order = ORDER_BY_BSONTYPE[tag];
    if (order !== undefined) return order;
  }
  if (v instanceof Date) return TypeOrder.Date;
  if (v instanceof RegExp) return TypeOrder.RegExp;
  if (v instanceof Uint8Array) return TypeOrder.BinData;
  return TypeOrder.Object;
}

function fixSurrogate(c: number): number {
  // moves surrogates (D800-DFFF) above E000-FFFF so UTF-16 units compare like code points
  return c >= 0xe000 ? c - 0x800 : c + 0x2000;
}

/**
 * Binary string order as mongod has it (UTF-8 bytes, i.e. code point order — not UTF-16 unit order).
 *
 * @example compareStrings("\uFF61", "\u{1F600}") // -1 (JS `<` says the opposite)
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return fixSurrogate(x) < fixSurrogate(y) ? -1 : 1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return sign(a.length - b.length);
}

interface BinaryLike {
  sub_type: number;
  value(): Uint8Array;
}
interface ObjectIdLike {
  i0?: number;
  i1?: number;
  i2?: number;
  i3?: number;
  id: Uint8Array;
}
interface LongLike {
  high: number;
  low: number;
}

function binaryParts(v: unknown): { subtype: number; bytes: Uint8Array } {
  if (v instanceof Uint8Array) return { subtype: 0, bytes: v };
  const bin = v as BinaryLike;
  return { subtype: bin.sub_type, bytes: bin.value() };
}

function compareBinary(a: unknown, b: unknown): number {
  const x = binaryParts(a);
  const y = binaryParts(b);
  if (x.bytes.length !== y.bytes.length) return x.bytes.length < y.bytes.length ? -1 : 1;
  if (x.subtype !== y.subtype) return x.subtype < y.subtype ? -1 : 1;
  return compareBytes(x.bytes, y.bytes);
}

function compareObjectIds(a: ObjectIdLike, b: ObjectIdLike): number {
  if (a.i0 !== undefined && b.i0 !== undefined) {
    // bson keeps the 12 bytes as four big-endian 24-bit integers
    if (a.i0 !== b.i0) return a.i0 < b.i0 ? -1 : 1;
    if (a.i1 !== b.i1) return a.i1! < b.i1! ? -1 : 1;
    if (a.i2 !== b.i2) return a.i2! < b.i2! ? -1 : 1;
    if (a.i3 !== b.i3) return a.i3! < b.i3! ? -1 : 1;
    return 0;
  }
  return compareBytes(a.id, b.id);
}

function compareTimestamps(a: LongLike, b: LongLike): number {
  const ha = a.high >>> 0;
  const hb = b.high >>> 0;
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = a.low >>> 0;
  const lb = b.low >>> 0;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

function compareDocuments(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  cmp?: StringComparator,
): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]!];
    const vb = b[kb[i]!];
    const ta = canonicalTypeOrder(va);
    const tb = canonicalTypeOrder(vb);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const names = compareStrings(ka[i]!, kb[i]!);
    if (names !== 0) return names;
    const c = compareSameType(ta, va, vb, cmp);
    if (c !== 0) return c;
  }
  return sign(ka.length - kb.length);
}

function compareArrays(a: unknown[], b: unknown[], cmp?: StringComparator): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareWith(a[i], b[i], cmp);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function stringValue(v: unknown): string {
  return typeof v === "string" ? v : (v as { value: string }).value;
}

function compareSameType(order: number, a: unknown, b: unknown, cmp?: StringComparator): number {
  switch (order) {
    case TypeOrder.Number:
      return numericCompare(a as NumericValue, b as NumericValue);
    case TypeOrder.String:
      return cmp ? sign(cmp(stringValue(a), stringValue(b))) : compareStrings(stringValue(a), stringValue(b));
    case TypeOrder.Object:
      return compareDocuments(
        asDocument(a) as Record<string, unknown>,
        asDocument(b) as Record<string, unknown>,
        cmp,
      );
    case TypeOrder.Array:
      return compareArrays(a as unknown[], b as unknown[], cmp);
    case TypeOrder.BinData:
      return compareBinary(a, b);
    case TypeOrder.ObjectId:
      return compareObjectIds(a as ObjectIdLike, b as ObjectIdLike);
    case TypeOrder.Boolean:
      return a === b ? 0 : a ? 1 : -1;
    case TypeOrder.Date: {
      const x = (a as Date).getTime();
      const y = (b as Date).getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TypeOrder.Timestamp:
      return compareTimestamps(a as LongLike, b as LongLike);
    case TypeOrder.RegExp: {
      const [pa, fa] = regexParts(a);
      const [pb, fb] = regexParts(b);
      return compareStrings(pa, pb) || compareStrings(fa, fb);
    }
    case TypeOrder.Code:
      return compareStrings(codeText(a), codeText(b));
    case TypeOrder.CodeWithScope:
      return (
        compareStrings(codeText(a), codeText(b)) ||
        compareDocuments(
          (a as { scope: Record<string, unknown> }).scope,
          (b as { scope: Record<string, unknown> }).scope,
          cmp,
        )
      );
    default:
      return 0;
  }
}

function codeText(v: unknown): string {
  return typeof v === "function" ? v.toString() : (v as { code: string }).code;
}

function compareWith(a: unknown, b: unknown, cmp?: StringComparator): number {
  if (a === b) return 0;
  const ta = canonicalTypeOrder(a);
  const tb = canonicalTypeOrder(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareSameType(ta, a, b, cmp);
}

function resolveComparator(
  collation: Collation | StringComparator | undefined,
): StringComparator | undefined {
  if (collation === undefined) return undefined;
  return typeof collation === "function" ? collation : collatorFor(collation);
}

/**
 * MongoDB's total order over BSON values (-1, 0, 1): first by canonical type rank, then by value —
 * numbers exactly across types, strings in code point order (or by the collation's rules), documents
 * field by field (type, then name, then value), arrays element by element, binData by length then subtype
 * then bytes.
 *
 * @example compareValues(new Int32(1), new Double(1.0)) // 0
 * @example compareValues("a", "B", { locale: "en", strength: 2 }) // -1
 */
export function compareValues(a: unknown, b: unknown, collation?: Collation | StringComparator): number {
  return compareWith(a, b, resolveComparator(collation));
}

/**
 * Equality under MongoDB's order (1 == 1.0 == 1L, {a:1} != {a:1,b:2}, field order matters).
 *
 * @example valuesEqual({ a: new Int32(1) }, { a: new Double(1) }) // true
 */
export function valuesEqual(a: unknown, b: unknown, collation?: Collation | StringComparator): boolean {
  if (a === b) return true;
  if (typeof a === "string" && typeof b === "string" && collation === undefined) return false;
  return compareWith(a, b, resolveComparator(collation)) === 0;
}
