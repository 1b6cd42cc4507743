import { Decimal128 } from "bson";
import { type Dec, decodeDecimal128, encodeDecimal128, pow10 } from "../../query/decimal.ts";

/** IEEE 754 rounding directions used by `$round`, `$trunc`, `$ceil` and `$floor`. */
export type RoundingMode = "halfEven" | "towardZero" | "floor" | "ceil";

function dropDigits(coef: bigint, k: number, neg: boolean, mode: RoundingMode): bigint {
  const div = pow10(k);
  const q = coef / div;
  const r = coef % div;
  if (r === 0n) return q;
  switch (mode) {
    case "towardZero":
      return q;
    case "floor":
      return neg ? q + 1n : q;
    case "ceil":
      return neg ? q : q + 1n;
    case "halfEven": {
      const twice = r * 2n;
      return twice > div || (twice === div && (q & 1n) === 1n) ? q + 1n : q;
    }
  }
}

/**
 * Decimal `quantize`: the value with exactly `place` digits after the point (`place` may be
 * negative), rounded in `mode`. Non-finite values are returned as they are.
 */
export function quantizeDec(d: Dec, place: number, mode: RoundingMode): Dec {
  if (d.kind !== "finite") return d;
  const target = -place;
  if (d.exp >= target) {
    const coef = d.coef * pow10(d.exp - target);
    return coef.toString().length > 34 ? d : { ...d, coef, exp: target };
  }
  const coef = dropDigits(d.coef, target - d.exp, d.neg, mode);
  return { kind: "finite", neg: d.neg, coef, exp: target };
}

/** Rounds a Decimal128 to `place` digits. */
export function quantizeDecimal128(value: Decimal128, place: number, mode: RoundingMode): Decimal128 {
  return encodeDecimal128(quantizeDec(decodeDecimal128(value), place, mode));
}

/** The Decimal128 closest to a double's shortest decimal form (`2` for 2.0, `0.1` for 0.1). */
export function decimalFromDouble(x: number): Decimal128 {
  if (Number.isNaN(x)) return Decimal128.fromString("NaN");
  if (!Number.isFinite(x)) return Decimal128.fromString(x > 0 ? "Infinity" : "-Infinity");
  return Decimal128.fromString(Object.is(x, -0) ? "-0" : String(x));
}
