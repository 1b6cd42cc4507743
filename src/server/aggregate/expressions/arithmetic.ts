import { type Decimal128, Double, Int32, Long } from "bson";
import { fail } from "../../errors.ts";
import {
  decFromDoubleExact,
  decodeDecimal128,
  decToDouble,
  encodeDecimal128,
  roundDec,
} from "../../query/decimal.ts";
import {
  addNumbers,
  type BsonNumber,
  divideNumbers,
  isNumber,
  isZero,
  modNumbers,
  multiplyNumbers,
  type NumericValue,
  numberKind,
  subtractNumbers,
  toBsonNumber,
  toDouble,
  toInt64,
} from "../../query/numbers.ts";
import type { Evaluator, OperatorCompiler } from "../expression.ts";
import { integerValue, isDocument, isNullish, typeName } from "../values.ts";
import { fixedOperands, rangedOperands, variadicOperands } from "./args.ts";
import { decimalFromDouble, quantizeDecimal128, quantizeDec, type RoundingMode } from "./rounding.ts";

const INT_ZERO = new Int32(0);
const INT_ONE = new Int32(1);
const INT32_MIN = -2147483648;
const LONG_MIN = -(2n ** 63n);

/** llround: rounds half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Milliseconds to add to a date for a numeric operand (doubles rounded, decimals truncated). */
function millisOf(v: NumericValue): number {
  const kind = numberKind(v);
  if (kind === "double") {
    const d = toDouble(v);
    if (!(d >= -(2 ** 63) && d < 2 ** 63)) fail("Overflow", "date overflow");
    return roundHalfAway(d);
  }
  const ms = toInt64(v);
  if (ms === undefined) fail("Overflow", "date overflow");
  return Number(ms);
}

function dateFromMillis(ms: number): Date {
  if (!Number.isFinite(ms)) fail("Overflow", "date overflow");
  return new Date(ms);
}

/** A double-valued math function applied to a number: Decimal128 in, Decimal128 out; else Double. */
function mathResult(v: NumericValue, fn: (x: number) => number): Double | Decimal128 {
  const x = fn(toDouble(v));
  return numberKind(v) === "decimal" ? decimalFromDouble(x) : new Double(x);
}

function unaryNumeric(compute: (v: NumericValue, name: string) => unknown): OperatorCompiler {
  return (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (isNullish(v)) return null;
      if (!isNumber(v)) fail(28765, `${name} only supports numeric types, not ${typeName(v)}`);
      return compute(v, name);
    };
  };
}

function binaryNumeric(
  compute: (a: NumericValue, b: NumericValue) => unknown,
  typeError: (a: unknown, b: unknown) => never,
): OperatorCompiler {
  return (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const a = left(doc, vars);
      const b = right(doc, vars);
      if (isNumber(a) && isNumber(b)) return compute(a, b);
      if (isNullish(a) || isNullish(b)) return null;
      return typeError(a, b);
    };
  };
}

function roundOrTrunc(mode: RoundingMode): OperatorCompiler {
  return (args, c, name) => {
    const [operand, precision] = rangedOperands(args, c, name, 1, 2) as [Evaluator, Evaluator | undefined];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (isNullish(v)) return null;
      if (!isNumber(v)) fail(51081, `${name} only supports numeric types, not ${typeName(v)}`);
      let place = 0;
      if (precision !== undefined) {
        const p = precision(doc, vars);
        if (isNullish(p)) return null;
        const integral = integerValue(p);
        if (integral === undefined) fail(51082, `precision argument to  ${name} must be a integral value`);
        if (integral < -20 || integral > 100) {
          fail(51083, `cannot apply ${name} with precision value ${integral} value must be in [-20, 100]`);
        }
        place = integral;
      }
      return roundNumber(v, place, mode);
    };
  };
}

function roundNumber(v: NumericValue, place: number, mode: RoundingMode): BsonNumber {
  switch (numberKind(v)) {
    case "decimal":
      return quantizeDecimal128(v as Decimal128, place, mode);
    case "double": {
      const x = toDouble(v);
      if (!Number.isFinite(x)) return toBsonNumber(v);
      return new Double(decToDouble(quantizeDec(roundDec(decFromDoubleExact(x)), place, mode)));
    }
    default: {
      if (place >= 0) return toBsonNumber(v);
      const d = quantizeDec(decodeInteger(v), place, mode);
      const r = d.kind === "finite" ? (d.neg ? -d.coef : d.coef) * 10n ** BigInt(d.exp) : 0n;
      if (numberKind(v) === "int" && r <= 2147483647n && r >= -2147483648n) return new Int32(Number(r));
      return Long.fromBigInt(r);
    }
  }
}

function decodeInteger(v: NumericValue) {
  const n = toInt64(v) ?? 0n;
  return { kind: "finite", neg: n < 0n, coef: n < 0n ? -n : n, exp: 0 } as const;
}

function pow(base: NumericValue, exponent: NumericValue): BsonNumber {
  const kb = numberKind(base);
  const ke = numberKind(exponent);
  const b = toDouble(base);
  const e = toDouble(exponent);
  if (b === 0 && e < 0) fail(28764, "$pow cannot take a base of 0 and a negative exponent");
  if (kb === "decimal" || ke === "decimal") return decimalFromDouble(b ** e);
  if (kb === "double" || ke === "double") return new Double(b ** e);
  const format = (r: bigint): BsonNumber =>
    kb === "long" || ke === "long" || r > 2147483647n || r < -2147483648n
      ? Long.fromBigInt(r)
      : new Int32(Number(r));
  const bl = toInt64(base)!;
  const el = toInt64(exponent)!;
  if (bl === 0n) return format(el === 0n ? 1n : 0n);
  if (bl === 1n) return format(1n);
  if (bl === -1n) return format(el % 2n === 0n ? 1n : -1n);
  if (el > 63n || el < 0n) return new Double(b ** e);
  const r = bl ** el;
  if (r > 2n ** 63n - 1n || r < LONG_MIN) return new Double(b ** e);
  return format(r);
}

function logOf(value: NumericValue, base: NumericValue): BsonNumber {
  const x = toDouble(value);
  const b = toDouble(base);
  if (!(x > 0 || Number.isNaN(x))) fail(28758, `$log's argument must be a positive number, but is ${x}`);
  if (!((b > 0 && b !== 1) || Number.isNaN(b))) {
    fail(28759, `$log's base must be a positive number not equal to 1, but is ${b}`);
  }
  const r = Math.log(x) / Math.log(b);
  return numberKind(value) === "decimal" || numberKind(base) === "decimal"
    ? decimalFromDouble(r)
    : new Double(r);
}

function positiveLog(code: number, fn: (x: number) => number) {
  return (v: NumericValue, name: string) => {
    const x = toDouble(v);
    if (!(x > 0 || Number.isNaN(x))) fail(code, `${name}'s argument must be a positive number, but is ${x}`);
    return mathResult(v, fn);
  };
}

function trig(fn: (x: number) => number, domain?: (x: number) => boolean) {
  return (v: NumericValue, name: string) => {
    const x = toDouble(v);
    if (domain && !Number.isNaN(x) && !domain(x)) {
      fail(50989, `cannot apply ${name} to ${x}, value must be in the function's domain`);
    }
    return mathResult(v, fn);
  };
}

/** Numeric operators: `$add $subtract $multiply $divide $mod $abs $ceil $floor $round $trunc $sqrt $pow $exp $ln $log $log10` and trigonometry. */
export const arithmeticOperators: Record<string, OperatorCompiler> = {
  $add: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      let total: BsonNumber = INT_ZERO;
      let dateMillis: number | undefined;
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (isNullish(v)) return null;
        if (v instanceof Date) {
          if (dateMillis !== undefined) fail(16612, "only one date allowed in an $add expression");
          dateMillis = v.getTime() + millisOf(total);
        } else if (!isNumber(v)) {
          fail(16554, `$add only supports numeric or date types, not ${typeName(v)}`);
        } else if (dateMillis !== undefined) dateMillis += millisOf(v);
        else total = addNumbers(total, v);
      }
      return dateMillis === undefined ? total : dateFromMillis(dateMillis);
    };
  },

  $subtract: (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const a = left(doc, vars);
      const b = right(doc, vars);
      if (isNumber(a) && isNumber(b)) return subtractNumbers(a, b);
      if (isNullish(a) || isNullish(b)) return null;
      if (a instanceof Date) {
        if (b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
        if (isNumber(b)) return dateFromMillis(a.getTime() - millisOf(b));
        fail(16556, `can't $subtract ${typeName(b)} from Date`);
      }
      fail(16556, `can't $subtract ${typeName(b)} from ${typeName(a)}`);
    };
  },

  $multiply: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      let product: BsonNumber = INT_ONE;
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (isNullish(v)) return null;
        if (!isNumber(v)) fail(16555, `$multiply only supports numeric types, not ${typeName(v)}`);
        product = multiplyNumbers(product, v);
      }
      return product;
    };
  },

  $divide: binaryNumeric(
    (a, b) => {
      if (isZero(b)) fail(16608, "can't $divide by zero");
      return divideNumbers(a, b);
    },
    (a, b) => fail(16609, `$divide only supports numeric types, not ${typeName(a)} and ${typeName(b)}`),
  ),

  $mod: binaryNumeric(
    (a, b) => {
      if (isZero(b)) fail(16610, "can't $mod by zero");
      return modNumbers(a, b);
    },
    (a, b) => fail(16611, `$mod only supports numeric types, not ${typeName(a)} and ${typeName(b)}`),
  ),

  $pow: (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const base = left(doc, vars);
      const exponent = right(doc, vars);
      if (isNullish(base) || isNullish(exponent)) return null;
      if (!isNumber(base)) fail(28762, `$pow's base must be numeric, not ${typeName(base)}`);
      if (!isNumber(exponent)) fail(28763, `$pow's exponent must be numeric, not ${typeName(exponent)}`);
      return pow(base, exponent);
    };
  },

  $log: (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const value = left(doc, vars);
      const base = right(doc, vars);
      if (isNullish(value) || isNullish(base)) return null;
      if (!isNumber(value)) fail(28756, `$log's argument must be numeric, not ${typeName(value)}`);
      if (!isNumber(base)) fail(28757, `$log's base must be numeric, not ${typeName(base)}`);
      return logOf(value, base);
    };
  },

  $abs: unaryNumeric((v) => {
    switch (numberKind(v)) {
      case "double":
        return new Double(Math.abs(toDouble(v)));
      case "decimal": {
        const d = decodeDecimal128(v as Decimal128);
        return d.kind !== "nan" && d.neg ? encodeDecimal128({ ...d, neg: false }) : v;
      }
      case "long": {
        const n = toInt64(v)!;
        if (n === LONG_MIN) fail(28680, "can't take $abs of long long min");
        return Long.fromBigInt(n < 0n ? -n : n);
      }
      default: {
        const n = toDouble(v);
        return n === INT32_MIN ? Long.fromNumber(-n) : new Int32(Math.abs(n));
      }
    }
  }),

  $ceil: unaryNumeric((v) => roundToInteger(v, "ceil", Math.ceil)),
  $floor: unaryNumeric((v) => roundToInteger(v, "floor", Math.floor)),
  $round: roundOrTrunc("halfEven"),
  $trunc: roundOrTrunc("towardZero"),

  $sqrt: unaryNumeric((v) => {
    const x = toDouble(v);
    if (x < 0) fail(28714, "$sqrt's argument must be greater than or equal to 0");
    return mathResult(v, Math.sqrt);
  }),
  $exp: unaryNumeric((v) => mathResult(v, Math.exp)),
  $ln: unaryNumeric(positiveLog(28766, Math.log)),
  $log10: unaryNumeric(positiveLog(28761, Math.log10)),

  $sin: unaryNumeric(trig(Math.sin, Number.isFinite)),
  $cos: unaryNumeric(trig(Math.cos, Number.isFinite)),
  $tan: unaryNumeric(trig(Math.tan, Number.isFinite)),
  $asin: unaryNumeric(trig(Math.asin, (x) => x >= -1 && x <= 1)),
  $acos: unaryNumeric(trig(Math.acos, (x) => x >= -1 && x <= 1)),
  $atan: unaryNumeric(trig(Math.atan)),
  $sinh: unaryNumeric(trig(Math.sinh)),
  $cosh: unaryNumeric(trig(Math.cosh)),
  $tanh: unaryNumeric(trig(Math.tanh)),
  $asinh: unaryNumeric(trig(Math.asinh)),
  $acosh: unaryNumeric(trig(Math.acosh, (x) => x >= 1)),
  $atanh: unaryNumeric(trig(Math.atanh, (x) => x >= -1 && x <= 1)),
  $degreesToRadians: unaryNumeric(trig((x) => (x * Math.PI) / 180)),
  $radiansToDegrees: unaryNumeric(trig((x) => (x * 180) / Math.PI)),
  $bitAnd: bitwise((a, b) => a & b),
  $bitOr: bitwise((a, b) => a | b),
  $bitXor: bitwise((a, b) => a ^ b),
  $bitNot: (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (isNullish(v)) return null;
      const kind = numberKind(v);
      if (kind === "int") return new Int32(~toDouble(v as NumericValue));
      if (kind === "long") return Long.fromBigInt(BigInt.asIntN(64, ~toInt64(v as NumericValue)!));
      return fail("TypeMismatch", `${name} only supports int and long, not: ${typeName(v)}.`);
    };
  },

  $rand: (args) => {
    if (!isDocument(args) || Object.keys(args).length > 0)
      fail(3040501, "$rand not allowed inside collections with non-empty arguments");
    return () => new Double(Math.random());
  },

  $atan2: binaryNumeric(
    (a, b) => {
      const r = Math.atan2(toDouble(a), toDouble(b));
      return numberKind(a) === "decimal" || numberKind(b) === "decimal"
        ? decimalFromDouble(r)
        : new Double(r);
    },
    (a, b) => fail(51044, `$atan2 only supports numeric types, not ${typeName(a)} and ${typeName(b)}`),
  ),
};

/** `$bitAnd`/`$bitOr`/`$bitXor`: ints and longs only; Long when any operand is a Long. */
function bitwise(op: (a: bigint, b: bigint) => bigint): OperatorCompiler {
  return (args, c, name) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      let result: bigint | undefined;
      let long = false;
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (isNullish(v)) return null;
        const kind = numberKind(v);
        if (kind !== "int" && kind !== "long")
          fail("TypeMismatch", `${name} only supports int and long operands.`);
        if (kind === "long") long = true;
        const n = toInt64(v as NumericValue)!;
        result = result === undefined ? n : op(result, n);
      }
      const r = BigInt.asIntN(64, result ?? (name === "$bitAnd" ? -1n : 0n));
      return long ? Long.fromBigInt(r) : new Int32(Number(BigInt.asIntN(32, r)));
    };
  };
}

function roundToInteger(v: NumericValue, mode: RoundingMode, fn: (x: number) => number): BsonNumber {
  switch (numberKind(v)) {
    case "double":
      return new Double(fn(toDouble(v)));
    case "decimal":
      return quantizeDecimal128(v as Decimal128, 0, mode);
    default:
      return toBsonNumber(v);
  }
}
