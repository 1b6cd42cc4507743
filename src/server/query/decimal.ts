import { Decimal128 } from "bson";

/**
 * Exact decimal arithmetic for Decimal128 values (IEEE 754-2008 decimal, 34 digits, round half even).
 *
 * `bson` only stores Decimal128 bytes; MongoDB's `$inc`, `$add`, `$sum`... need real arithmetic, so it is
 * hand-written here on BigInt coefficients. A `Dec` may also carry an unbounded coefficient, which is how
 * doubles and longs are compared exactly against decimals.
 */
export type Dec =
  | { readonly kind: "nan" }
  | { readonly kind: "inf"; readonly neg: boolean }
  | { readonly kind: "finite"; readonly neg: boolean; readonly coef: bigint; readonly exp: number };

const MAX_DIGITS = 34;
const EXP_MAX = 6111;
const EXP_MIN = -6176;
const EXP_BIAS = 6176;
const MASK64 = (1n << 64n) - 1n;
const MAX_COEF = 10n ** 34n - 1n;

const DEC_NAN: Dec = { kind: "nan" };
const pow10Cache: bigint[] = [];

/** 10^n as a BigInt, cached for small n. */
export function pow10(n: number): bigint {
  if (n < 64) {
    let v = pow10Cache[n];
    if (v === undefined) pow10Cache[n] = v = 10n ** BigInt(n);
    return v;
  }
  return 10n ** BigInt(n);
}

/** Number of decimal digits of a non-negative BigInt (0 has 1 digit). */
function digitCount(v: bigint): number {
  return v.toString().length;
}

function finite(neg: boolean, coef: bigint, exp: number): Dec {
  return { kind: "finite", neg, coef, exp };
}

/** Decodes the BID bytes of a Decimal128 (little endian) into a `Dec`. */
export function decodeDecimal128(value: Decimal128): Dec {
  const b = value.bytes;
  let high = 0n;
  let low = 0n;
  for (let i = 15; i >= 8; i--) high = (high << 8n) | BigInt(b[i]!);
  for (let i = 7; i >= 0; i--) low = (low << 8n) | BigInt(b[i]!);
  const neg = high >> 63n === 1n;
  const combination = Number((high >> 58n) & 0x1fn);
  if (combination === 0x1f) return DEC_NAN;
  if (combination === 0x1e) return { kind: "inf", neg };
  let exp: number;
  let coef: bigint;
  if (((high >> 61n) & 3n) === 3n) {
    // "11" form: the implied coefficient is >= 2^113 > 10^34, which is non-canonical and means zero.
    exp = Number((high >> 47n) & 0x3fffn) - EXP_BIAS;
    coef = 0n;
  } else {
    exp = Number((high >> 49n) & 0x3fffn) - EXP_BIAS;
    coef = ((high & ((1n << 49n) - 1n)) << 64n) | low;
    if (coef > MAX_COEF) coef = 0n;
  }
  return finite(neg, coef, exp);
}

/** Encodes a `Dec` whose coefficient fits 34 digits and exponent range (see `roundDec`) as Decimal128. */
export function encodeDecimal128(d: Dec): Decimal128 {
  let high: bigint;
  let low = 0n;
  if (d.kind === "nan") high = 0x7c00000000000000n;
  else if (d.kind === "inf") high = d.neg ? 0xf800000000000000n : 0x7800000000000000n;
  else {
    const r = roundDec(d);
    if (r.kind !== "finite") return encodeDecimal128(r);
    high = (BigInt(r.exp + EXP_BIAS) << 49n) | (r.coef >> 64n);
    if (r.neg) high |= 1n << 63n;
    low = r.coef & MASK64;
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    bytes[i] = Number((low >> BigInt(8 * i)) & 0xffn);
    bytes[8 + i] = Number((high >> BigInt(8 * i)) & 0xffn);
  }
  return new Decimal128(bytes);
}

/** Drops `k` low digits from `coef` rounding half-to-even; `sticky` says a nonzero tail was already cut. */
function roundDigits(coef: bigint, k: number, sticky: boolean): bigint {
  if (k <= 0) return coef;
  const div = pow10(k);
  const q = coef / div;
  const r = coef % div;
  const half = div / 2n;
  if (r > half || (r === half && (sticky || (q & 1n) === 1n))) return q + 1n;
  return q;
}

/**
 * Rounds an exact decimal to Decimal128 precision and exponent range.
 * `sticky` marks that the true value is slightly larger in magnitude than `coef` (a discarded nonzero tail).
 */
export function roundDec(d: Dec, sticky = false): Dec {
  if (d.kind !== "finite") return d;
  let { coef, exp } = d;
  let digits = digitCount(coef);
  if (digits > MAX_DIGITS) {
    const k = digits - MAX_DIGITS;
    coef = roundDigits(coef, k, sticky);
    exp += k;
    if (coef > MAX_COEF) {
      coef /= 10n;
      exp += 1;
    }
    digits = MAX_DIGITS;
  }
  if (exp > EXP_MAX) {
    if (coef === 0n) return finite(d.neg, 0n, EXP_MAX);
    const pad = exp - EXP_MAX;
    if (digits + pad > MAX_DIGITS) return { kind: "inf", neg: d.neg };
    return finite(d.neg, coef * pow10(pad), EXP_MAX);
  }
  if (exp < EXP_MIN) {
    coef = roundDigits(coef, EXP_MIN - exp, sticky);
    exp = EXP_MIN;
  }
  return finite(d.neg, coef, exp);
}

/** Exact decimal value of a double (up to ~767 digits), so comparisons against decimals are exact. */
export function decFromDoubleExact(v: number): Dec {
  if (Number.isNaN(v)) return DEC_NAN;
  if (!Number.isFinite(v)) return { kind: "inf", neg: v < 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (mant === 0n) return finite(neg, 0n, 0);
  if (e2 >= 0) return finite(neg, mant << BigInt(e2), 0);
  // m * 2^e = m * 5^-e * 10^e
  return finite(neg, mant * 5n ** BigInt(-e2), e2);
}

/** Decimal128 value MongoDB gives a double in mixed arithmetic: rounded to 15 significant digits. */
export function decFromDouble15(v: number): Dec {
  if (Number.isNaN(v)) return DEC_NAN;
  if (!Number.isFinite(v)) return { kind: "inf", neg: v < 0 };
  const neg = v < 0 || Object.is(v, -0);
  if (v === 0) return finite(neg, 0n, 0);
  const [mantissa = "", expPart = "0"] = Math.abs(v).toExponential(14).split("e");
  return finite(neg, BigInt(mantissa.replace(".", "")), Number(expPart) - 14);
}

export function decFromBigInt(v: bigint): Dec {
  return finite(v < 0n, v < 0n ? -v : v, 0);
}

/** Compares two decimals exactly; NaN sorts below everything and equals NaN (MongoDB order). */
export function compareDec(a: Dec, b: Dec): number {
  if (a.kind === "nan") return b.kind === "nan" ? 0 : -1;
  if (b.kind === "nan") return 1;
  const sa = signOf(a);
  const sb = signOf(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const mag = compareMagnitude(a, b);
  return sa > 0 || mag === 0 ? mag : -mag;
}

function signOf(d: Dec): number {
  if (d.kind === "inf") return d.neg ? -1 : 1;
  if (d.kind === "nan" || d.coef === 0n) return 0;
  return d.neg ? -1 : 1;
}

function compareMagnitude(a: Dec, b: Dec): number {
  if (a.kind === "inf") return b.kind === "inf" ? 0 : 1;
  if (b.kind === "inf") return -1;
  if (a.kind !== "finite" || b.kind !== "finite") return 0;
  const adjA = digitCount(a.coef) + a.exp;
  const adjB = digitCount(b.coef) + b.exp;
  if (adjA !== adjB) return adjA < adjB ? -1 : 1;
  const e = Math.min(a.exp, b.exp);
  const ca = a.coef * pow10(a.exp - e);
  const cb = b.coef * pow10(b.exp - e);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

function signed(d: Extract<Dec, { kind: "finite" }>): bigint {
  return d.neg ? -d.coef : d.coef;
}

function fromSigned(v: bigint, exp: number, negZero: boolean): Dec {
  if (v === 0n) return finite(negZero, 0n, exp);
  return finite(v < 0n, v < 0n ? -v : v, exp);
}

export function addDec(a: Dec, b: Dec): Dec {
  if (a.kind === "nan" || b.kind === "nan") return DEC_NAN;
  if (a.kind === "inf") return b.kind === "inf" && b.neg !== a.neg ? DEC_NAN : a;
  if (b.kind === "inf") return b;
  const e = Math.min(a.exp, b.exp);
  const sum = signed(a) * pow10(a.exp - e) + signed(b) * pow10(b.exp - e);
  return roundDec(fromSigned(sum, e, a.neg && b.neg));
}

export function negateDec(a: Dec): Dec {
  if (a.kind === "nan") return a;
  return a.kind === "inf" ? { kind: "inf", neg: !a.neg } : finite(!a.neg, a.coef, a.exp);
}

export function multiplyDec(a: Dec, b: Dec): Dec {
  if (a.kind === "nan" || b.kind === "nan") return DEC_NAN;
  const neg = isNeg(a) !== isNeg(b);
  if (a.kind === "inf" || b.kind === "inf") {
    if ((a.kind === "finite" && a.coef === 0n) || (b.kind === "finite" && b.coef === 0n)) return DEC_NAN;
    return { kind: "inf", neg };
  }
  return roundDec(finite(neg, a.coef * b.coef, a.exp + b.exp));
}

function isNeg(d: Dec): boolean {
  return d.kind !== "nan" && d.neg;
}

export function divideDec(a: Dec, b: Dec): Dec {
  if (a.kind === "nan" || b.kind === "nan") return DEC_NAN;
  const neg = isNeg(a) !== isNeg(b);
  if (a.kind === "inf") return b.kind === "inf" ? DEC_NAN : { kind: "inf", neg };
  if (b.kind === "inf") return finite(neg, 0n, EXP_MIN);
  if (b.coef === 0n) return a.coef === 0n ? DEC_NAN : { kind: "inf", neg };
  const ideal = a.exp - b.exp;
  if (a.coef === 0n) return roundDec(finite(neg, 0n, ideal));
  const shift = Math.max(0, MAX_DIGITS + 1 + digitCount(b.coef) - digitCount(a.coef));
  const num = a.coef * pow10(shift);
  let q = num / b.coef;
  const r = num % b.coef;
  let exp = ideal - shift;
  if (r === 0n) {
    while (exp < ideal && q % 10n === 0n) {
      q /= 10n;
      exp += 1;
    }
  }
  return roundDec(finite(neg, q, exp), r !== 0n);
}

/** Remainder with the sign of the dividend (like C fmod and MongoDB `$mod`). */
export function modDec(a: Dec, b: Dec): Dec {
  if (a.kind === "nan" || b.kind === "nan" || a.kind === "inf") return DEC_NAN;
  if (b.kind === "inf") return a;
  if (b.coef === 0n) return DEC_NAN;
  const e = Math.min(a.exp, b.exp);
  const ca = a.coef * pow10(a.exp - e);
  const cb = b.coef * pow10(b.exp - e);
  return roundDec(finite(a.neg, ca % cb, e));
}

/** Converts to the nearest double (via the shortest decimal string, which JS parses correctly rounded). */
export function decToDouble(d: Dec): number {
  if (d.kind === "nan") return Number.NaN;
  if (d.kind === "inf") return d.neg ? -Infinity : Infinity;
  const v = Number(`${d.coef}e${d.exp}`);
  return d.neg ? -v : v;
}
