import { Decimal128, Double, Int32, Long } from "bson";
import { normalizeConstant } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { bsonTypeOf } from "../query/bson-type.ts";
import { compareValues } from "../query/compare.ts";
import { formatValue } from "../query/format.ts";
import { isDocument } from "../query/path.ts";
import {
  addNumbers,
  isNumber,
  multiplyNumbers,
  type NumericValue,
  numberKind,
  toBsonNumber,
} from "../query/numbers.ts";
import { describeDocument, type LeafCompiler, MISSING } from "./leaf.ts";

function numericArgument(operator: "$inc" | "$mul", arg: unknown, field: string): NumericValue {
  if (!isNumber(arg)) {
    const verb = operator === "$inc" ? "increment" : "multiply";
    fail("TypeMismatch", `Cannot ${verb} with non-numeric argument: {${field}: ${formatValue(arg)}}`);
  }
  return toBsonNumber(arg);
}

function zeroLike(v: NumericValue): NumericValue {
  switch (numberKind(v)) {
    case "long":
      return Long.fromNumber(0);
    case "double":
      return new Double(0);
    case "decimal":
      return Decimal128.fromString("0");
    default:
      return new Int32(0);
  }
}

function arithmetic(operator: "$inc" | "$mul"): LeafCompiler {
  const combine = operator === "$inc" ? addNumbers : multiplyNumbers;
  return (arg, path) => {
    const operand = numericArgument(operator, arg, path.dotted);
    return {
      operator,
      creates: true,
      apply: (current, ctx) => {
        if (current === MISSING) return operator === "$inc" ? operand : zeroLike(operand);
        if (!isNumber(current)) {
          fail(
            "TypeMismatch",
            `Cannot apply ${operator} to a value of non-numeric type. ${describeDocument(ctx.doc)} has the field '${ctx.field}' of non-numeric type ${bsonTypeOf(current)}`,
          );
        }
        const result = combine(current, operand, "fail");
        if (result === undefined) {
          fail(
            "BadValue",
            `Failed to apply ${operator} operations to current value (${formatValue(current)}) for document ${describeDocument(ctx.doc)}`,
          );
        }
        return result;
      },
    };
  };
}

/** `$inc`: adds with MongoDB's numeric promotion (int32 -> int64 on overflow; int64 overflow fails). */
export const compileInc = arithmetic("$inc");
/** `$mul`: multiplies; a missing field becomes a zero of the argument's type. */
export const compileMul = arithmetic("$mul");

function extremum(operator: "$min" | "$max"): LeafCompiler {
  const sign = operator === "$min" ? -1 : 1;
  return (arg, _path, settings) => {
    const value = normalizeConstant(arg);
    return {
      operator,
      creates: true,
      apply: (current) => {
        if (current === MISSING) return value;
        return compareValues(value, current, settings.collator) * sign > 0 ? value : current;
      },
    };
  };
}

/** `$min`: replaces the value when the argument is smaller (MongoDB's cross-type order). */
export const compileMin = extremum("$min");
/** `$max`: replaces the value when the argument is larger. */
export const compileMax = extremum("$max");

/** `$bit`: `{ and | or | xor: <int32 or int64> }` applied in order to an integer field. */
export const compileBit: LeafCompiler = (arg) => {
  if (!isDocument(arg)) {
    fail(
      "BadValue",
      `The $bit modifier is not compatible with a ${bsonTypeOf(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  const steps = Object.keys(arg).map((op) => {
    const operand = arg[op];
    if (op !== "and" && op !== "or" && op !== "xor") {
      fail(
        "BadValue",
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator: {${op}: ${formatValue(operand)}}`,
      );
    }
    const kind = numberKind(operand);
    if (kind !== "int" && kind !== "long") {
      fail(
        "BadValue",
        `The $bit modifier field must be an Integer(32/64 bit); a '${bsonTypeOf(operand)}' is not supported here: {${op}: ${formatValue(operand)}}`,
      );
    }
    return { op, operand: toBsonNumber(operand as NumericValue) as Int32 | Long };
  });
  if (steps.length === 0) {
    fail(
      "BadValue",
      `You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  return {
    operator: "$bit",
    creates: true,
    apply: (current, ctx) => {
      let value: Int32 | Long;
      if (current === MISSING) value = new Int32(0);
      else {
        const kind = numberKind(current);
        if (kind !== "int" && kind !== "long") {
          fail(
            "BadValue",
            `Cannot apply $bit to a value of non-integral type.${describeDocument(ctx.doc)} has the field ${ctx.field} of non-integer type ${bsonTypeOf(current)}`,
          );
        }
        value = current as Int32 | Long;
      }
      for (const { op, operand } of steps) value = bitwise(op, value, operand);
      return value;
    },
  };
};

function bitwise(op: string, a: Int32 | Long, b: Int32 | Long): Int32 | Long {
  if (a._bsontype === "Int32" && b._bsontype === "Int32") {
    const x = a.value;
    const y = b.value;
    return new Int32(op === "and" ? x & y : op === "or" ? x | y : x ^ y);
  }
  const x = a._bsontype === "Long" ? a.toBigInt() : BigInt(a.value);
  const y = b._bsontype === "Long" ? b.toBigInt() : BigInt(b.value);
  return Long.fromBigInt(BigInt.asIntN(64, op === "and" ? x & y : op === "or" ? x | y : x ^ y));
}
