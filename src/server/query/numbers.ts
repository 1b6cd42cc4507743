import { type Decimal128, Double, Int32, Long } from "bson";
import {
  addDec,
  compareDec,
  type Dec,
  decFromBigInt,
  decFromDouble15,
  decFromDoubleExact,
  decodeDecimal128,
  decToDouble,
  divideDec,
  encodeDecimal128,
  modDec,
  multiplyDec,
  negateDec,
} from "./decimal.ts";

/** A stored BSON number (the wrapper classes produced by `deserialize(..., { promoteValues: false })`). */
export type BsonNumber = Int32 | Long | Double | Decimal128;
/** A BSON number or a bare JS number/bigint written by our own code (treated as Int32/Double/Long). */
export type NumericValue = BsonNumber | number | bigint;
/** The four BSON numeric types, in MongoDB's promotion order. */
export type NumberKind = "int" | "long" | "double" | "decimal";
/** What `$inc`-style arithmetic does when a 64-bit integer result overflows. */
export type LongOverflow = "double" | "fail";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_63 = 2 ** 63;
const KIND_RANK: Record<NumberKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

/**
 * The numeric BSON type of a value, or undefined when it is not a number.
 * A bare JS number counts as "int" when it is an integer that fits 32 bits, else "double".
 *
 * @example numberKind(new Long(5)) // "long"
 */
export function numberKind(v: unknown): NumberKind | undefined {
  if (typeof v === "number") return isInt32Number(v) ? "int" : "double";
  if (typeof v === "bigint") return "long";
  if (typeof v !== "object" || v === null) return undefined;
  switch ((v as { _bsontype?: unknown })._bsontype) {
    case "Int32":
      return "int";
    case "Double":
      return "double";
    case "Long":
      return "long";
    case "Decimal128":
      return "decimal";
    default:
      return undefined;
  }
}

function isInt32Number(v: number): boolean {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0);
}

/**
 * True for Int32, Long, Double, Decimal128 and bare JS numbers/bigints.
 *
 * @example isNumber(new Int32(1)) // true
 */
export function isNumber(v: unknown): v is NumericValue {
  return numberKind(v) !== undefined;
}

/**
 * The value as a JS double (nearest, for Long and Decimal128).
 *
 * @example toDouble(Decimal128.fromString("0.5")) // 0.5
 */
export function toDouble(v: NumericValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  switch (v._bsontype) {
    case "Int32":
    case "Double":
      return v.value;
    case "Long":
      return v.toNumber();
    case "Decimal128":
      return decToDouble(decodeDecimal128(v));
  }
}

/** The exact integer value of an integral type (Int32/Long/bigint/integral JS number). */
function toBigIntExact(v: NumericValue): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  if (v._bsontype === "Long") return v.toBigInt();
  return BigInt(v.valueOf() as number);
}

/** A Long whose value a double represents exactly, as a JS number; undefined otherwise. */
function longAsExactNumber(v: Long | bigint): number | undefined {
  if (typeof v === "bigint") {
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : undefined;
  }
  return v.high >= -0x200000 && v.high < 0x200000 ? v.toNumber() : undefined;
}

/** The exact value as a decimal (doubles expanded exactly), for cross-type comparison. */
export function toDecExact(v: NumericValue): Dec {
  const kind = numberKind(v);
  if (kind === "decimal") return decodeDecimal128(v as Decimal128);
  if (kind === "double") return decFromDoubleExact(toDouble(v));
  return decFromBigInt(toBigIntExact(v));
}

/** The value converted the way mongod converts operands of mixed Decimal128 arithmetic. */
function toDecForArithmetic(v: NumericValue): Dec {
  const kind = numberKind(v);
  if (kind === "decimal") return decodeDecimal128(v as Decimal128);
  if (kind === "double") return decFromDouble15(toDouble(v));
  return decFromBigInt(toBigIntExact(v));
}

function compareDoubles(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // at least one NaN: NaN sorts below every number and equals NaN
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  return nx && ny ? 0 : nx ? -1 : 1;
}

function compareLongToDouble(l: bigint, d: number): number {
  if (Number.isNaN(d)) return 1;
  if (d >= TWO_63) return -1;
  if (d < -TWO_63) return 1;
  const floor = Math.floor(d);
  const fb = BigInt(floor);
  if (l < fb) return -1;
  if (l > fb) return 1;
  return d === floor ? 0 : -1;
}

/**
 * Exact numeric comparison across Int32/Long/Double/Decimal128 (-1, 0, 1).
 * NaN is below every number and equal to NaN; -0 equals 0; Long vs Double is compared exactly.
 *
 * @example numericCompare(Long.fromString("9007199254740993"), new Double(9007199254740992)) // 1
 */
export function numericCompare(a: NumericValue, b: NumericValue): number {
  const ka = numberKind(a);
  const kb = numberKind(b);
  if (ka === "decimal" || kb === "decimal") return compareDec(toDecExact(a), toDecExact(b));
  if (ka === "long" || kb === "long") {
    const la = ka === "long" ? longAsExactNumber(a as Long | bigint) : undefined;
    const lb = kb === "long" ? longAsExactNumber(b as Long | bigint) : undefined;
    if ((ka !== "long" || la !== undefined) && (kb !== "long" || lb !== undefined)) {
      return compareDoubles(la ?? toDouble(a), lb ?? toDouble(b));
    }
    if (ka === "double") return -compareLongToDouble(toBigIntExact(b), toDouble(a)) || 0;
    if (kb === "double") return compareLongToDouble(toBigIntExact(a), toDouble(b));
    const x = toBigIntExact(a);
    const y = toBigIntExact(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareDoubles(toDouble(a), toDouble(b));
}

/** True when two numbers are equal in value whatever their types (1 == 1.0 == 1L == NumberDecimal("1.00")). */
export function numbersEqual(a: NumericValue, b: NumericValue): boolean {
  return numericCompare(a, b) === 0;
}

/** True for a Double/Decimal128 NaN. */
export function isNaNNumber(v: NumericValue): boolean {
  const kind = numberKind(v);
  if (kind === "double") return Number.isNaN(toDouble(v));
  return kind === "decimal" && decodeDecimal128(v as Decimal128).kind === "nan";
}

/**
 * Converts a JS number into the BSON wrapper MongoDB would store: Int32 when integral and 32-bit, else Double.
 *
 * @example fromJsNumber(3) // Int32(3)
 */
export function fromJsNumber(n: number): Int32 | Double {
  return isInt32Number(n) ? new Int32(n) : new Double(n);
}

/** Wraps a bare JS number/bigint; BSON wrappers pass through. */
export function toBsonNumber(v: NumericValue): BsonNumber {
  if (typeof v === "number") return fromJsNumber(v);
  if (typeof v === "bigint") return Long.fromBigInt(v);
  return v;
}

/**
 * The value as a JS integer when it is integral (any type, e.g. Double 3.0) and within ±2^53; else undefined.
 *
 * @example toSafeInteger(new Double(2)) // 2
 */
export function toSafeInteger(v: NumericValue): number | undefined {
  const kind = numberKind(v);
  if (kind === "long") {
    const n = longAsExactNumber(v as Long | bigint);
    return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
  }
  const d = toDouble(v);
  return Number.isSafeInteger(d) ? d : undefined;
}

/** The value as an int64 BigInt when it is integral and fits 64 bits (doubles/decimals included); else undefined. */
export function toInt64(v: NumericValue): bigint | undefined {
  const kind = numberKind(v);
  if (kind === "int" || kind === "long") return toBigIntExact(v);
  const d = toDouble(v);
  if (!Number.isInteger(d) || d >= TWO_63 || d < -TWO_63) return undefined;
  if (kind === "decimal" && compareDec(toDecExact(v), decFromDoubleExact(d)) !== 0) return undefined;
  return BigInt(d);
}

function maxKind(a: NumberKind, b: NumberKind): NumberKind {
  return KIND_RANK[a] >= KIND_RANK[b] ? a : b;
}

type IntOp = (x: bigint, y: bigint) => bigint;
type DoubleOp = (x: number, y: number) => number;
type DecOp = (x: Dec, y: Dec) => Dec;
interface Operation {
  int: IntOp;
  double: DoubleOp;
  dec: DecOp;
}

const ADD: Operation = { int: (x, y) => x + y, double: (x, y) => x + y, dec: addDec };
const SUBTRACT: Operation = {
  int: (x, y) => x - y,
  double: (x, y) => x - y,
  dec: (x, y) => addDec(x, negateDec(y)),
};
const MULTIPLY: Operation = { int: (x, y) => x * y, double: (x, y) => x * y, dec: multiplyDec };

function arithmetic(
  op: Operation,
  a: NumericValue,
  b: NumericValue,
  overflow: LongOverflow,
): BsonNumber | undefined {
  const ka = numberKind(a);
  const kb = numberKind(b);
  if (ka === undefined || kb === undefined) throw new TypeError("arithmetic on a non-numeric value");
  const kind = maxKind(ka, kb);
  if (kind === "decimal") return encodeDecimal128(op.dec(toDecForArithmetic(a), toDecForArithmetic(b)));
  if (kind === "double") return new Double(op.double(toDouble(a), toDouble(b)));
  if (kind === "int") {
    const fast = op.double(toDouble(a), toDouble(b));
    if (isInt32Number(fast) || fast === 0) return new Int32(fast | 0);
    if (Number.isSafeInteger(fast)) return Long.fromNumber(fast);
  }
  const r = op.int(toBigIntExact(a), toBigIntExact(b));
  if (kind === "int" && r >= BigInt(INT32_MIN) && r <= BigInt(INT32_MAX)) return new Int32(Number(r));
  if (r >= INT64_MIN && r <= INT64_MAX) return Long.fromBigInt(r);
  return overflow === "double" ? new Double(op.double(toDouble(a), toDouble(b))) : undefined;
}

/**
 * `a + b` with MongoDB's type promotion: int+int stays Int32 unless it overflows (then Long), Long+int is
 * Long, anything+Double is Double, anything+Decimal128 is Decimal128. A Long overflow becomes a Double
 * (aggregation `$add`), or `undefined` with `overflow: "fail"` (update `$inc`, which then errors).
 *
 * @example addNumbers(new Int32(2147483647), new Int32(1)) // Long(2147483648)
 */
export function addNumbers(a: NumericValue, b: NumericValue): BsonNumber;
export function addNumbers(a: NumericValue, b: NumericValue, overflow: LongOverflow): BsonNumber | undefined;
export function addNumbers(a: NumericValue, b: NumericValue, overflow: LongOverflow = "double") {
  return arithmetic(ADD, a, b, overflow);
}

/** `a - b` with the same promotion rules as `addNumbers`. */
export function subtractNumbers(a: NumericValue, b: NumericValue): BsonNumber;
export function subtractNumbers(
  a: NumericValue,
  b: NumericValue,
  overflow: LongOverflow,
): BsonNumber | undefined;
export function subtractNumbers(a: NumericValue, b: NumericValue, overflow: LongOverflow = "double") {
  return arithmetic(SUBTRACT, a, b, overflow);
}

/**
 * `a * b` with the same promotion rules as `addNumbers`.
 *
 * @example multiplyNumbers(new Int32(3), new Double(0.5)) // Double(1.5)
 */
export function multiplyNumbers(a: NumericValue, b: NumericValue): BsonNumber;
export function multiplyNumbers(
  a: NumericValue,
  b: NumericValue,
  overflow: LongOverflow,
): BsonNumber | undefined;
export function multiplyNumbers(a: NumericValue, b: NumericValue, overflow: LongOverflow = "double") {
  return arithmetic(MULTIPLY, a, b, overflow);
}

/**
 * `a / b` as aggregation `$divide` computes it: Decimal128 if either is Decimal128, else Double.
 * Division by zero is not checked here (mongod rejects it in `$divide`; callers check `isZero`).
 *
 * @example divideNumbers(new Int32(1), new Int32(4)) // Double(0.25)
 */
export function divideNumbers(a: NumericValue, b: NumericValue): Double | Decimal128 {
  if (numberKind(a) === "decimal" || numberKind(b) === "decimal") {
    return encodeDecimal128(divideDec(toDecForArithmetic(a), toDecForArithmetic(b)));
  }
  return new Double(toDouble(a) / toDouble(b));
}

/**
 * Remainder with the sign of the dividend, typed like `addNumbers` (aggregation `$mod`).
 * The caller rejects a zero divisor.
 *
 * @example modNumbers(new Int32(-7), new Int32(3)) // Int32(-1)
 */
export function modNumbers(a: NumericValue, b: NumericValue): BsonNumber {
  const kind = maxKind(numberKind(a) ?? "double", numberKind(b) ?? "double");
  if (kind === "decimal") return encodeDecimal128(modDec(toDecForArithmetic(a), toDecForArithmetic(b)));
  if (kind === "double") return new Double(toDouble(a) % toDouble(b));
  const r = toBigIntExact(a) % toBigIntExact(b);
  return kind === "int" ? new Int32(Number(r)) : Long.fromBigInt(r);
}

/** True when the number equals zero (any type, including -0 and Decimal128 0E-6176). */
export function isZero(v: NumericValue): boolean {
  const kind = numberKind(v);
  if (kind === "decimal") {
    const d = decodeDecimal128(v as Decimal128);
    return d.kind === "finite" && d.coef === 0n;
  }
  if (kind === "long") return toBigIntExact(v) === 0n;
  return toDouble(v) === 0;
}
