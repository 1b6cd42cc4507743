import { normalizeConstant } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { bsonTypeOf } from "../query/bson-type.ts";
import { valuesEqual } from "../query/compare.ts";
import { formatValue } from "../query/format.ts";
import { compileElementCondition } from "../query/match.ts";
import { isNumber, toDouble, toSafeInteger } from "../query/numbers.ts";
import { isDocument } from "../query/path.ts";
import { compileSort } from "../query/sort.ts";
import { describeDocument, type LeafCompiler, type LeafContext, type LeafSettings, MISSING } from "./leaf.ts";

const PUSH_MODIFIERS = new Set(["$each", "$slice", "$sort", "$position"]);

function requireArray(current: unknown, ctx: LeafContext, operator: string): unknown[] {
  if (Array.isArray(current)) return current;
  if (operator === "$push") {
    fail(
      "BadValue",
      `The field '${ctx.field}' must be an array but is of type ${bsonTypeOf(current)} in document ${describeDocument(ctx.doc)}`,
    );
  }
  if (operator === "$addToSet") {
    fail(
      "BadValue",
      `Cannot apply $addToSet to non-array field. Field named '${ctx.field}' has non-array type ${bsonTypeOf(current)}`,
    );
  }
  return fail("BadValue", "Cannot apply $pull to a non-array value");
}

function integerModifier(name: string, value: unknown): number {
  const n = isNumber(value) ? toSafeInteger(value) : undefined;
  if (n === undefined) {
    fail(
      "BadValue",
      `The value for ${name} must be an integer value but was given type: ${bsonTypeOf(value)}`,
    );
  }
  return n;
}

/** Parses `$push: {$sort: ...}`: 1/-1 sorts whole elements, a document sorts documents by fields. */
function parseSort(spec: unknown, settings: LeafSettings): (a: unknown, b: unknown) => number {
  const collation = settings.collation;
  if (isNumber(spec)) {
    const dir = toDouble(spec);
    if (dir !== 1 && dir !== -1) fail("BadValue", "The $sort element value must be either 1 or -1");
    const byValue = compileSort({ v: spec }, collation ? { collation } : {});
    return (a, b) => byValue({ v: a }, { v: b });
  }
  if (!isDocument(spec))
    fail(
      "BadValue",
      "The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields",
    );
  if (Object.keys(spec).length === 0)
    fail("BadValue", "The $sort pattern is empty when it should be a set of fields.");
  for (const key of Object.keys(spec)) {
    const dir = isNumber(spec[key]) ? toDouble(spec[key]) : Number.NaN;
    if (dir !== 1 && dir !== -1) fail("BadValue", "The $sort element value must be either 1 or -1");
    if (key.startsWith("$") || key.split(".").includes(""))
      fail("BadValue", "The $sort field is a special identifier, which is not allowed");
  }
  const byFields = compileSort(spec, collation ? { collation } : {});
  return (a, b) => byFields(isDocument(a) ? a : {}, isDocument(b) ? b : {});
}

/** `$push`: appends a value, or `{ $each, $position, $sort, $slice }` (applied in that order). */
export const compilePush: LeafCompiler = (arg, _path, settings) => {
  let each: unknown[];
  let position: number | undefined;
  let slice: number | undefined;
  let sort: ((a: unknown, b: unknown) => number) | undefined;
  if (isDocument(arg) && Object.hasOwn(arg, "$each")) {
    for (const key of Object.keys(arg)) {
      if (!PUSH_MODIFIERS.has(key)) fail("BadValue", `Unrecognized clause in $push: ${key}`);
    }
    if (!Array.isArray(arg.$each)) {
      fail(
        "BadValue",
        `The argument to $each in $push must be an array but it was of type: ${bsonTypeOf(arg.$each)}`,
      );
    }
    each = normalizeConstant(arg.$each) as unknown[];
    if (Object.hasOwn(arg, "$position")) position = integerModifier("$position", arg.$position);
    if (Object.hasOwn(arg, "$slice")) slice = integerModifier("$slice", arg.$slice);
    if (Object.hasOwn(arg, "$sort")) sort = parseSort(arg.$sort, settings);
  } else {
    each = [normalizeConstant(arg)];
  }
  return {
    operator: "$push",
    creates: true,
    apply: (current, ctx) => {
      const array = current === MISSING ? [] : requireArray(current, ctx, "$push");
      let out: unknown[];
      if (position === undefined) out = [...array, ...each];
      else {
        const at = position < 0 ? Math.max(0, array.length + position) : Math.min(position, array.length);
        out = [...array.slice(0, at), ...each, ...array.slice(at)];
      }
      if (sort) out.sort(sort);
      if (slice !== undefined)
        out = slice >= 0 ? out.slice(0, slice) : out.slice(Math.max(0, out.length + slice));
      return out;
    },
  };
};

/** `$addToSet`: appends values not already present (`{ $each: [...] }` for several). */
export const compileAddToSet: LeafCompiler = (arg, _path, settings) => {
  let values: unknown[];
  if (isDocument(arg) && Object.hasOwn(arg, "$each")) {
    for (const key of Object.keys(arg)) {
      if (key !== "$each")
        fail("BadValue", `Found unexpected fields after $each in $addToSet: ${formatValue(arg)}`);
    }
    if (!Array.isArray(arg.$each)) {
      fail(
        "TypeMismatch",
        `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeOf(arg.$each)}`,
      );
    }
    values = normalizeConstant(arg.$each) as unknown[];
  } else {
    values = [normalizeConstant(arg)];
  }
  const equal = (a: unknown, b: unknown) => valuesEqual(a, b, settings.collator);
  return {
    operator: "$addToSet",
    creates: true,
    apply: (current, ctx) => {
      const array = current === MISSING ? [] : requireArray(current, ctx, "$addToSet");
      const out = [...array];
      for (const value of values) if (!out.some((e) => equal(e, value))) out.push(value);
      return out.length === array.length && current !== MISSING ? current : out;
    },
  };
};

/** `$pop`: 1 removes the last element, -1 the first. */
export const compilePop: LeafCompiler = (arg) => {
  const dir = isNumber(arg) ? toDouble(arg) : Number.NaN;
  if (dir !== 1 && dir !== -1) fail("FailedToParse", `$pop expects 1 or -1, found: ${formatValue(arg)}`);
  return {
    operator: "$pop",
    creates: false,
    apply: (current, ctx) => {
      if (!Array.isArray(current)) {
        fail(
          "TypeMismatch",
          `Path '${ctx.path}' contains an element of non-array type '${bsonTypeOf(current)}'`,
        );
      }
      if (current.length === 0) return current;
      return dir === 1 ? current.slice(0, -1) : current.slice(1);
    },
  };
};

function removing(operator: string, matches: (element: unknown) => boolean): ReturnType<LeafCompiler> {
  return {
    operator,
    creates: false,
    apply: (current, ctx) => {
      const array = requireArray(current, ctx, operator);
      const out = array.filter((e) => !matches(e));
      return out.length === array.length ? current : out;
    },
  };
}

/** `$pull`: removes elements equal to a value or matching a condition (`{ $gte: 6 }`, `{ score: 8 }`). */
export const compilePull: LeafCompiler = (arg, _path, settings) => {
  const condition = compileElementCondition(
    normalizeConstant(arg),
    settings.collation ? { collation: settings.collation } : {},
  );
  return removing("$pull", condition);
};

/** `$pullAll`: removes every element equal to one of the listed values. */
export const compilePullAll: LeafCompiler = (arg, _path, settings) => {
  if (!Array.isArray(arg))
    fail("BadValue", `$pullAll requires an array argument but was given a ${bsonTypeOf(arg)}`);
  const values = normalizeConstant(arg) as unknown[];
  return removing("$pullAll", (e) => values.some((v) => valuesEqual(e, v, settings.collator)));
};
