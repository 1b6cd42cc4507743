import { type Binary, calculateObjectSize, Decimal128, Double, Int32, Long, ObjectId } from "bson";
import { CommandError, fail } from "../../errors.ts";
import { BSON_TYPE_NUMBER, type BsonTypeName, bsonTypeNameOf } from "../../query/bson-type.ts";
import { decFromDouble15, encodeDecimal128 } from "../../query/decimal.ts";
import {
  isNaNNumber,
  isNumber,
  isZero,
  numberKind,
  type NumericValue,
  toDouble,
  toInt64,
} from "../../query/numbers.ts";
import type { Evaluator, OperatorCompiler } from "../expression.ts";
import { formatValue } from "../format.ts";
import { isDocument, isNullish, typeName } from "../values.ts";
import { fixedOperands, namedArguments } from "./args.ts";
import { parseDateString } from "./date-format.ts";
import { dateMillis } from "./dates.ts";

type Target = "double" | "string" | "objectId" | "bool" | "date" | "int" | "long" | "decimal";
const TARGETS = new Set<string>(["double", "string", "objectId", "bool", "date", "int", "long", "decimal"]);

function conversionError(message: string): never {
  throw new CommandError(241, message);
}

function unsupported(value: unknown, target: Target): never {
  return conversionError(
    `Unsupported conversion from ${typeName(value)} to ${target} in $convert with no onError value`,
  );
}

function parseFailure(text: string, reason: string): never {
  return conversionError(`Failed to parse number '${text}' in $convert with no onError value: ${reason}`);
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DOUBLE_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_DOUBLE = /^[+-]?(?:inf(?:inity)?|nan)$/i;

function parseInteger(text: string, min: bigint, max: bigint): bigint {
  if (text === "") parseFailure(text, "No digits");
  if (!INTEGER_TEXT.test(text))
    parseFailure(text, `Bad digit "${text.replace(/^[+-]?\d*/, "")[0]}" while parsing ${text}`);
  const n = BigInt(text);
  if (n < min || n > max) parseFailure(text, "Overflow");
  return n;
}

function parseDouble(text: string): number {
  if (SPECIAL_DOUBLE.test(text)) {
    const negative = text.startsWith("-");
    if (/nan/i.test(text)) return Number.NaN;
    return negative ? -Infinity : Infinity;
  }
  if (!DOUBLE_TEXT.test(text)) parseFailure(text, "Did not consume whole string.");
  const n = Number(text);
  if (!Number.isFinite(n)) parseFailure(text, "Out of range");
  return n;
}

function integralOf(v: NumericValue, min: bigint, max: bigint): bigint {
  const d = toDouble(v);
  if (Number.isNaN(d) || isNaNNumber(v))
    conversionError(`Attempt to convert NaN value to integer type in $convert with no onError value`);
  if (!Number.isFinite(d))
    conversionError(`Attempt to convert infinity value to integer type in $convert with no onError value`);
  const exact = numberKind(v) === "int" || numberKind(v) === "long" ? toInt64(v)! : BigInt(Math.trunc(d));
  if (exact < min || exact > max)
    conversionError(
      `Conversion would overflow target type in $convert with no onError value: ${formatValue(v)}`,
    );
  return exact;
}

/** Double formatting as mongod prints doubles in `$toString`. */
function doubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (!Number.isFinite(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (Object.is(d, -0)) return "-0";
  return String(d);
}

const INT32: [bigint, bigint] = [-2147483648n, 2147483647n];
const INT64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];

/**
 * Converts a value to a BSON type as `$convert` does; failures throw ConversionFailure (241),
 * which `onError` catches.
 */
export function convertValue(value: unknown, target: Target): unknown {
  const tag = (value as { _bsontype?: string } | null)?._bsontype;
  switch (target) {
    case "double":
      if (isNumber(value)) {
        const d = toDouble(value);
        if (
          numberKind(value) === "decimal" &&
          !Number.isFinite(d) &&
          !isNaNNumber(value) &&
          Number.isFinite(Number(String(value)))
        ) {
          conversionError(
            `Conversion would overflow target type in $convert with no onError value: ${formatValue(value)}`,
          );
        }
        return new Double(d);
      }
      if (typeof value === "boolean") return new Double(value ? 1 : 0);
      if (typeof value === "string") return new Double(parseDouble(value));
      if (value instanceof Date) return new Double(value.getTime());
      return unsupported(value, target);
    case "int":
    case "long": {
      const [min, max] = target === "int" ? INT32 : INT64;
      let n: bigint;
      if (isNumber(value)) n = integralOf(value, min, max);
      else if (typeof value === "boolean") n = value ? 1n : 0n;
      else if (typeof value === "string") n = parseInteger(value, min, max);
      else if (value instanceof Date && target === "long") n = BigInt(value.getTime());
      else return unsupported(value, target);
      return target === "int" ? new Int32(Number(n)) : Long.fromBigInt(n);
    }
    case "decimal":
      if (isNumber(value)) {
        switch (numberKind(value)) {
          case "decimal":
            return value;
          case "double":
            return encodeDecimal128(decFromDouble15(toDouble(value)));
          default:
            return Decimal128.fromString(toInt64(value)!.toString());
        }
      }
      if (typeof value === "boolean") return Decimal128.fromString(value ? "1" : "0");
      if (typeof value === "string") {
        try {
          return Decimal128.fromString(value);
        } catch {
          return parseFailure(value, "Failed to parse string to decimal");
        }
      }
      if (value instanceof Date) return Decimal128.fromString(String(value.getTime()));
      return unsupported(value, target);
    case "bool":
      if (typeof value === "boolean") return value;
      if (isNumber(value)) return !isZero(value);
      return true;
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "boolean") return String(value);
      if (isNumber(value))
        return numberKind(value) === "double" ? doubleToString(toDouble(value)) : String(value);
      if (value instanceof Date) return value.toISOString();
      if (tag === "ObjectId") return (value as ObjectId).toHexString();
      if (tag === "BSONSymbol") return String((value as { value: string }).value);
      if (tag === "Binary" && (value as { sub_type: number }).sub_type === 4) {
        return (value as { toUUID(): { toString(): string } }).toUUID().toString();
      }
      return unsupported(value, target);
    case "objectId":
      if (tag === "ObjectId") return value;
      if (typeof value === "string") {
        if (!/^[0-9a-fA-F]{24}$/.test(value)) {
          conversionError(
            `Failed to parse objectId '${value}' in $convert with no onError value: Invalid string length for parsing to OID, expected 24 but found ${value.length}`,
          );
        }
        return new ObjectId(value);
      }
      return unsupported(value, target);
    case "date": {
      if (value instanceof Date) return value;
      if (tag === "Timestamp" || tag === "ObjectId") return new Date(dateMillis(value)!);
      if (typeof value === "string") return parseDateString(value, undefined, undefined);
      if (isNumber(value) && numberKind(value) !== "int") {
        return new Date(Number(integralOf(value, INT64[0], INT64[1])));
      }
      return unsupported(value, target);
    }
  }
}

/** Resolves `to` (a type name or number) to a supported target. */
function toTarget(to: unknown): Target {
  let name: BsonTypeName | undefined;
  if (typeof to === "string") {
    if (!(to in BSON_TYPE_NUMBER)) fail("BadValue", `Unknown type name: ${to}`);
    name = to as BsonTypeName;
  } else if (isNumber(to)) {
    const n = toDouble(to);
    name = Number.isInteger(n) ? bsonTypeNameOf(n) : undefined;
    if (name === undefined)
      fail(
        "FailedToParse",
        `In $convert, numeric value for 'to' does not correspond to a BSON type: ${formatValue(to)}`,
      );
  } else {
    return fail(
      "FailedToParse",
      `$convert's 'to' argument must be a string or number, but is ${typeName(to)}`,
    );
  }
  if (!TARGETS.has(name)) fail("ConversionFailure", `Unsupported conversion to ${name} in $convert`);
  return name as Target;
}

function converter(target: Target): OperatorCompiler {
  return (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = input(doc, vars);
      return isNullish(v) ? null : convertValue(v, target);
    };
  };
}

/** Type operators: `$type`, `$isNumber`, `$convert` and the `$toX` shorthands. */
export const typeOperators: Record<string, OperatorCompiler> = {
  $type: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => typeName(input(doc, vars));
  },

  $isNumber: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => isNumber(input(doc, vars));
  },

  $convert: (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "to"], ["onError", "onNull", "format", "base"]);
    const input = c.compile(spec.input);
    const constantTo = c.constant(spec.to);
    const fixedTarget = constantTo && !isNullish(constantTo.value) ? toTarget(constantTo.value) : undefined;
    const to = c.compile(spec.to);
    const onError = spec.onError === undefined ? undefined : c.compile(spec.onError);
    const onNull = spec.onNull === undefined ? undefined : c.compile(spec.onNull);
    return (doc, vars) => {
      const v = input(doc, vars);
      let target = fixedTarget;
      if (target === undefined) {
        const t = to(doc, vars);
        if (isNullish(t)) return null;
        target = toTarget(t);
      }
      if (isNullish(v)) return onNull ? onNull(doc, vars) : null;
      if (onError === undefined) return convertValue(v, target);
      try {
        return convertValue(v, target);
      } catch (error) {
        if (error instanceof CommandError && error.code === 241) return onError(doc, vars);
        throw error;
      }
    };
  },

  $bsonSize: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = input(doc, vars);
      if (isNullish(v)) return null;
      if (!isDocument(v)) fail(31393, `$bsonSize requires a document input, found: ${typeName(v)}`);
      return new Int32(calculateObjectSize(v));
    };
  },

  $binarySize: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = input(doc, vars);
      if (isNullish(v)) return null;
      if (typeof v === "string") return new Int32(Buffer.byteLength(v, "utf8"));
      if ((v as { _bsontype?: string })._bsontype === "Binary") return new Int32((v as Binary).length());
      return fail(51276, `$binarySize requires a string or BinData argument, found: ${typeName(v)}`);
    };
  },

  $toString: converter("string"),
  $toInt: converter("int"),
  $toLong: converter("long"),
  $toDouble: converter("double"),
  $toDecimal: converter("decimal"),
  $toBool: converter("bool"),
  $toDate: converter("date"),
  $toObjectId: converter("objectId"),
};
