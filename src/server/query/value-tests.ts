import { fail } from "../errors.ts";
import type { StringComparator } from "./collation.ts";
import { canonicalTypeOrder, compareValues } from "./compare.ts";
import { isNaNNumber, isNumber, type NumericValue, numberKind, numericCompare, toDouble } from "./numbers.ts";
import { MISSING } from "./path.ts";
import { compileRegex } from "./regex.ts";

/** A test of one value (MISSING when the path reached nothing). */
export type ValuePredicate = (value: unknown) => boolean;

/** The comparison operators with type bracketing. */
export type ComparisonOperator = "$eq" | "$gt" | "$gte" | "$lt" | "$lte";

function tagOf(v: unknown): unknown {
  return typeof v === "object" && v !== null ? (v as { _bsontype?: unknown })._bsontype : undefined;
}

function isSymbol(v: unknown): v is { value: string } {
  return tagOf(v) === "BSONSymbol";
}

/** True for a BSON regular expression value (`BSONRegExp`) or a JS RegExp. */
export function isRegexValue(v: unknown): v is { pattern: string; options: string } | RegExp {
  return v instanceof RegExp || tagOf(v) === "BSONRegExp";
}

/** Pattern and options of a regex value. */
export function regexSource(v: { pattern: string; options: string } | RegExp): [string, string] {
  return v instanceof RegExp ? [v.source, v.flags] : [v.pattern, v.options];
}

function rejectUndefined(rhs: unknown): void {
  if (rhs === undefined) fail("BadValue", "cannot compare to undefined");
}

/**
 * Equality as the matcher applies it to one value: null matches null and missing, numbers compare by
 * value across types, other values must have the same canonical type and compare equal (strings by the
 * collation when given). Arrays compare whole here (element matching is the path walker's job).
 *
 * @example equalityTest(null)(MISSING) // true
 */
export function equalityTest(rhs: unknown, collator?: StringComparator): ValuePredicate {
  rejectUndefined(rhs);
  if (rhs === null) return (v) => v === null || v === MISSING;
  if (typeof rhs === "boolean") return (v) => v === rhs;
  if (typeof rhs === "string") {
    if (collator) return (v) => (typeof v === "string" || isSymbol(v)) && collator(stringOf(v), rhs) === 0;
    return (v) => v === rhs || (isSymbol(v) && v.value === rhs);
  }
  if (isNumber(rhs)) {
    if (isNaNNumber(rhs)) return (v) => isNumber(v) && isNaNNumber(v);
    const kind = numberKind(rhs);
    if (kind === "int" || kind === "double") {
      const d = toDouble(rhs);
      return (v) => {
        const tag = tagOf(v);
        if (tag === "Int32" || tag === "Double") return (v as { value: number }).value === d;
        return isNumber(v) && numericCompare(v, rhs) === 0;
      };
    }
    return (v) => isNumber(v) && numericCompare(v, rhs) === 0;
  }
  if (tagOf(rhs) === "ObjectId") {
    const id = rhs as { equals(other: unknown): boolean };
    return (v) => tagOf(v) === "ObjectId" && id.equals(v);
  }
  const order = canonicalTypeOrder(rhs);
  return (v) => v !== MISSING && canonicalTypeOrder(v) === order && compareValues(v, rhs, collator) === 0;
}

function stringOf(v: unknown): string {
  return typeof v === "string" ? v : (v as { value: string }).value;
}

function accepts(op: ComparisonOperator, c: number): boolean {
  switch (op) {
    case "$eq":
      return c === 0;
    case "$gt":
      return c > 0;
    case "$gte":
      return c >= 0;
    case "$lt":
      return c < 0;
    case "$lte":
      return c <= 0;
  }
}

/**
 * `$gt`/`$gte`/`$lt`/`$lte`/`$eq` against one value with MongoDB's type bracketing: only values of the
 * same canonical type compare (so `{$gt: 5}` never matches strings); MinKey/MaxKey bounds compare with
 * everything; NaN equals only NaN and is neither greater nor less than anything; `{$gte: null}` matches
 * null and missing.
 *
 * @example comparisonTest("$gt", new Int32(5))(new Double(5.5)) // true
 */
export function comparisonTest(
  op: ComparisonOperator,
  rhs: unknown,
  collator?: StringComparator,
): ValuePredicate {
  if (op === "$eq") return equalityTest(rhs, collator);
  rejectUndefined(rhs);
  const inclusive = op === "$gte" || op === "$lte";
  if (rhs === null) return inclusive ? (v) => v === null || v === MISSING : () => false;
  const tag = tagOf(rhs);
  if (tag === "MinKey") {
    if (op === "$gte") return () => true;
    if (op === "$gt") return (v) => tagOf(v) !== "MinKey";
    return op === "$lte" ? (v) => tagOf(v) === "MinKey" : () => false;
  }
  if (tag === "MaxKey") {
    if (op === "$lte") return () => true;
    if (op === "$lt") return (v) => tagOf(v) !== "MaxKey";
    return op === "$gte" ? (v) => tagOf(v) === "MaxKey" : () => false;
  }
  if (isNumber(rhs)) {
    if (isNaNNumber(rhs)) return inclusive ? (v) => isNumber(v) && isNaNNumber(v) : () => false;
    return (v) => isNumber(v) && !isNaNNumber(v) && accepts(op, numericCompare(v, rhs as NumericValue));
  }
  const order = canonicalTypeOrder(rhs);
  return (v) =>
    v !== MISSING && canonicalTypeOrder(v) === order && accepts(op, compareValues(v, rhs, collator));
}

/**
 * A regex match against one value: strings and symbols are tested; a regex value matches when its
 * pattern and options are identical.
 *
 * @example regexTest("^ab", "i")("ABC") // true
 */
export function regexTest(pattern: string, options: string): ValuePredicate {
  const re = compileRegex(pattern, options);
  return (v) => {
    if (typeof v === "string") return re.test(v);
    if (isSymbol(v)) return re.test(v.value);
    if (v !== MISSING && isRegexValue(v)) {
      const [p, o] = regexSource(v);
      return p === pattern && o === options;
    }
    return false;
  };
}

/**
 * `$in` against one value: any listed value is equal, or any listed regex matches. Plain strings go
 * through a Set when there is no collation.
 *
 * @example inTest(["a", null])(MISSING) // true
 */
export function inTest(values: readonly unknown[], collator?: StringComparator): ValuePredicate {
  const strings = new Set<string>();
  const others: ValuePredicate[] = [];
  for (const value of values) {
    if (typeof value === "string" && !collator) strings.add(value);
    else if (isRegexValue(value)) others.push(regexTest(...regexSource(value)));
    else others.push(equalityTest(value, collator));
  }
  if (others.length === 0) {
    return (v) => (typeof v === "string" ? strings.has(v) : isSymbol(v) && strings.has(v.value));
  }
  return (v) => {
    if (typeof v === "string" && strings.has(v)) return true;
    if (isSymbol(v) && strings.has(v.value)) return true;
    for (const test of others) if (test(v)) return true;
    return false;
  };
}
