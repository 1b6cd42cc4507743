import { Double, Int32, Long } from "bson";
import {
  addDec,
  type Dec,
  decFromBigInt,
  decFromDoubleExact,
  decodeDecimal128,
  divideDec,
  encodeDecimal128,
  roundDec,
} from "../../query/decimal.ts";
import { type NumericValue, numberKind, toDouble, toInt64, toSafeInteger } from "../../query/numbers.ts";

/** Beyond this, the small integer sum moves into the BigInt (a safe integer plus an int64 stays exact). */
const SMALL_LIMIT = 2 ** 52;
const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A running sum with mongod's typing: the widest input type decides the result type. As in mongod,
 * every non-decimal value also goes into a compensated double sum (Neumaier, like mongod's
 * double-double summation), which gives Double results and the non-decimal part of Decimal128
 * results; integer-only sums are exact (Int32 overflowing to Long, Long overflowing to Double).
 */
export class NumericSum {
  #kind: "int" | "long" | "double" | "decimal" = "int";
  /** Exact integer sum: `#integers` plus `#small`, a JS number kept below 2^53 for speed. */
  #integers = 0n;
  #small = 0;
  #double = 0;
  #compensation = 0;
  #decimal: Dec | undefined;
  count = 0;

  add(v: NumericValue): void {
    this.count++;
    const kind = numberKind(v)!;
    if (kind === "decimal") {
      this.#kind = "decimal";
      const d = decodeDecimal128(v as never);
      this.#decimal = this.#decimal === undefined ? d : addDec(this.#decimal, d);
      return;
    }
    if (kind === "double") {
      if (this.#kind !== "decimal") this.#kind = "double";
      this.#addDouble(toDouble(v));
      return;
    }
    if (kind === "long" && this.#kind === "int") this.#kind = "long";
    const safe = kind === "int" ? toDouble(v) : toSafeInteger(v);
    if (safe === undefined) {
      const n = toInt64(v)!;
      this.#integers += n;
      this.#addDouble(Number(n));
      return;
    }
    this.#small += safe;
    if (this.#small > SMALL_LIMIT || this.#small < -SMALL_LIMIT) {
      this.#integers += BigInt(this.#small);
      this.#small = 0;
    }
    this.#addDouble(safe);
  }

  #addDouble(x: number): void {
    const t = this.#double + x;
    if (Math.abs(this.#double) >= Math.abs(x)) this.#compensation += this.#double - t + x;
    else this.#compensation += x - t + this.#double;
    this.#double = t;
  }

  /** The non-decimal part as one double. */
  #doubleTotal(): number {
    return this.#double + this.#compensation;
  }

  /** The sum typed as mongod types `$sum`. */
  result(): Int32 | Long | Double | ReturnType<typeof encodeDecimal128> {
    switch (this.#kind) {
      case "decimal":
        return encodeDecimal128(this.#decimalTotal());
      case "double":
        return new Double(this.#doubleTotal());
      default: {
        const n = this.#integers + BigInt(this.#small);
        if (this.#kind === "int" && n >= INT32_MIN && n <= INT32_MAX) return new Int32(Number(n));
        if (n >= INT64_MIN && n <= INT64_MAX) return Long.fromBigInt(n);
        return new Double(Number(n));
      }
    }
  }

  /** Decimals plus the double-double non-decimal part, each half rounded to 34 digits (as mongod). */
  #decimalTotal(): Dec {
    const high = this.#double + this.#compensation;
    const low = this.#compensation - (high - this.#double);
    let total = this.#decimal ?? decFromBigInt(0n);
    if (high !== 0) total = addDec(total, roundDec(decFromDoubleExact(high)));
    if (low !== 0) total = addDec(total, roundDec(decFromDoubleExact(low)));
    return total;
  }

  /** The mean typed as mongod types `$avg` (Double, or Decimal128 when a decimal was seen); null when empty. */
  average(): Double | ReturnType<typeof encodeDecimal128> | null {
    if (this.count === 0) return null;
    if (this.#kind === "decimal")
      return encodeDecimal128(divideDec(this.#decimalTotal(), decFromBigInt(BigInt(this.count))));
    return new Double(this.#doubleTotal() / this.count);
  }
}
