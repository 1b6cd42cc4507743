import type { Document } from "bson";
import { fail } from "../../errors.ts";
import type { Evaluator, ExpressionCompiler } from "../expression.ts";
import { formatValue } from "../format.ts";
import { integerValue, isDocument, typeName } from "../values.ts";

/** The operand list of `{ $op: args }`: an array as is, any other value as a single operand. */
export function operandList(args: unknown): unknown[] {
  return Array.isArray(args) ? args : [args];
}

/** Compiles exactly `n` operands (mongod error 16020 otherwise). */
export function fixedOperands(args: unknown, c: ExpressionCompiler, name: string, n: number): Evaluator[] {
  const list = operandList(args);
  if (list.length !== n) {
    fail(16020, `Expression ${name} takes exactly ${n} arguments. ${list.length} were passed in.`);
  }
  return list.map((e) => c.compile(e));
}

/** Compiles between `min` and `max` operands (mongod error 28667 otherwise). */
export function rangedOperands(
  args: unknown,
  c: ExpressionCompiler,
  name: string,
  min: number,
  max: number,
): Evaluator[] {
  const list = operandList(args);
  if (list.length < min || list.length > max) {
    fail(
      28667,
      `Expression ${name} takes at least ${min} arguments, and at most ${max}, but ${list.length} were passed in.`,
    );
  }
  return list.map((e) => c.compile(e));
}

/** Compiles any number of operands. */
export function variadicOperands(args: unknown, c: ExpressionCompiler): Evaluator[] {
  return operandList(args).map((e) => c.compile(e));
}

/** mongod's error codes for: argument not an object, unknown parameter, missing parameter. */
export type NamedArgumentCodes = readonly [notObject: number, unknown: number, missing: number];

/** IDL-parsed operators ($dateAdd, $getField...) answer with FailedToParse / 40415 / 40414. */
const IDL_CODES: NamedArgumentCodes = [9, 40415, 40414];

/**
 * Reads the named arguments of an object-form operator (`{ $filter: { input, as, cond } }`),
 * rejecting unknown and missing ones.
 */
export function namedArguments(
  args: unknown,
  name: string,
  required: readonly string[],
  optional: readonly string[] = [],
  codes: NamedArgumentCodes = IDL_CODES,
): Document {
  if (!isDocument(args)) fail(codes[0], `${name} only supports an object as its argument`);
  for (const key of Object.keys(args)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail(codes[1], `Unrecognized parameter to ${name}: ${key}`);
    }
  }
  for (const key of required) {
    if (args[key] === undefined) fail(codes[2], `Missing '${key}' parameter to ${name}`);
  }
  return args;
}

/** Parses the optional start/end operands of `$indexOfBytes`/`$indexOfCP`/`$indexOfArray`. */
export function indexBounds(
  name: string,
  startValue: unknown,
  endValue: unknown,
  length: number,
): [start: number, end: number] {
  const bound = (v: unknown, which: string, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = integerValue(v);
    if (n === undefined) {
      fail(
        40096,
        `${name} requires an integral ${which} index, found a value of type: ${typeName(v)}, with value: ${formatValue(v)}`,
      );
    }
    if (n < 0) fail(40097, `${name} requires a nonnegative ${which} index, found: ${n}`);
    return n;
  };
  return [bound(startValue, "starting", 0), bound(endValue, "ending", length)];
}
