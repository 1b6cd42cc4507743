import { isTruthy } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { type BitOperator, compileBitTest } from "./bits.ts";
import type { StringComparator } from "./collation.ts";
import { isNumber, isNaNNumber, type NumericValue, numberKind, toDouble, toInt64 } from "./numbers.ts";
import {
  type FieldPath,
  getField,
  isDocument,
  MISSING,
  type PathVisitor,
  parsePath,
  walkPath,
} from "./path.ts";
import { parseTypeSet } from "./type-set.ts";
import {
  type ComparisonOperator,
  comparisonTest,
  equalityTest,
  inTest,
  isRegexValue,
  regexSource,
  regexTest,
  type ValuePredicate,
} from "./value-tests.ts";

/** Per-evaluation state: the array position the positional `$` operator will refer to. */
export interface MatchState {
  position: number | undefined;
}

/** A compiled filter over a document (or, inside `$elemMatch`, over an array element). */
export type DocTest = (doc: unknown, state: MatchState) => boolean;
/** A compiled test of a single value. */
export type ValueTest = (value: unknown, state: MatchState) => boolean;

/**
 * A compiled field operator in its two uses: `onPath` walks the field path of a document (with implicit
 * array traversal); `onValue` tests one value directly (for `$elemMatch` value form and `$pull`).
 */
export interface FieldPredicate {
  readonly onPath: DocTest;
  readonly onValue: ValueTest;
}

/** What field operators need from the filter compiler. */
export interface FieldContext {
  readonly collator: StringComparator | undefined;
  /** Compiles the object form of `$elemMatch` (a filter applied to each array element). */
  compileElementFilter(filter: Record<string, unknown>): DocTest;
  /** True for operators that take no path (`$and`, `$or`, `$expr`...), which select `$elemMatch`'s object form. */
  isPathless(name: string): boolean;
}

/** A scratch state for evaluations whose array position must not be recorded (negations, `$or`). */
const discarded: MatchState = { position: undefined };

const GEO = new Set(["$near", "$nearSphere", "$geoWithin", "$geoIntersects", "$within", "$geoNear"]);
const COMPARISONS = new Set(["$eq", "$gt", "$gte", "$lt", "$lte"]);
const BIT_OPERATORS = new Set(["$bitsAllSet", "$bitsAnySet", "$bitsAllClear", "$bitsAnyClear"]);

/**
 * True when a filter value is an operator document (`{ $gt: 1 }`) rather than a literal: a plain,
 * non-empty object whose first field starts with "$" and which is not a DBRef (`$ref` + `$id`; with
 * `allowIncompleteDBRef`, any of `$ref`/`$id`/`$db`).
 */
export function isOperatorDocument(v: unknown, allowIncompleteDBRef = false): v is Record<string, unknown> {
  if (!isDocument(v) || (v as { _bsontype?: unknown })._bsontype !== undefined) return false;
  let first: string | undefined;
  for (const key in v) {
    first = key;
    break;
  }
  if (first === undefined || !first.startsWith("$")) return false;
  const has = (k: string) => Object.hasOwn(v, k);
  return allowIncompleteDBRef ? !(has("$ref") || has("$id") || has("$db")) : !(has("$ref") && has("$id"));
}

/** Walks `path` and reports whether any reached value passes `test`, recording the array position. */
function pathTest(path: FieldPath, test: ValueTest, expandLeafArrays: boolean): DocTest {
  if (path.parts.length === 1) {
    const key = path.parts[0]!;
    const index = path.indexes[0]!;
    const unsafe = path.unsafe[0]!;
    return (doc, state) => {
      const v = Array.isArray(doc)
        ? index >= 0 && index < doc.length
          ? doc[index]
          : MISSING
        : getField(doc as Record<string, unknown>, key, unsafe);
      if (expandLeafArrays && Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          if (test(v[k], state)) {
            state.position = k;
            return true;
          }
        }
      }
      return test(v, state);
    };
  }
  // one visitor per compiled predicate; `current` is set before each (non-reentrant) walk
  let current: MatchState = discarded;
  const visit: PathVisitor = (v, arrayIndex) => {
    if (!test(v, current)) return false;
    if (arrayIndex !== undefined) current.position = arrayIndex;
    return true;
  };
  return (doc, state) => {
    current = state;
    return walkPath(doc, path, expandLeafArrays, visit);
  };
}

function leaf(path: FieldPath, test: ValuePredicate, expandLeafArrays = true): FieldPredicate {
  // a ValuePredicate ignores the state argument, so it serves as a ValueTest as is
  return { onPath: pathTest(path, test, expandLeafArrays), onValue: test };
}

/** Logical negation; the array position recorded by the negated part is discarded. */
function negate(p: FieldPredicate): FieldPredicate {
  return {
    onPath: (doc) => !p.onPath(doc, discarded),
    onValue: (v) => !p.onValue(v, discarded),
  };
}

/** Conjunction of field predicates (each one records its position; the last match wins). */
function conjoin(list: FieldPredicate[]): FieldPredicate {
  if (list.length === 1) return list[0]!;
  return {
    onPath: (doc, state) => {
      for (const p of list) if (!p.onPath(doc, state)) return false;
      return true;
    },
    onValue: (v, state) => {
      for (const p of list) if (!p.onValue(v, state)) return false;
      return true;
    },
  };
}

const ALWAYS_FALSE: FieldPredicate = { onPath: () => false, onValue: () => false };

/**
 * Compiles `{ field: value }` of a filter: an operator document, a regex, or an equality (which also
 * matches array elements and, for `null`, missing fields).
 */
export function compileFieldClause(field: string, value: unknown, ctx: FieldContext): FieldPredicate {
  const path = parsePath(field);
  if (isOperatorDocument(value)) return compileOperators(path, value, ctx);
  if (isRegexValue(value)) return leaf(path, regexTest(...regexSource(value)));
  return leaf(path, equalityTest(value, ctx.collator));
}

/** Compiles an operator document (`{ $gt: 1, $lt: 5 }`) on a path into one predicate. */
export function compileOperators(
  path: FieldPath,
  ops: Record<string, unknown>,
  ctx: FieldContext,
): FieldPredicate {
  const list: FieldPredicate[] = [];
  for (const op of Object.keys(ops)) {
    const p = compileOperator(path, op, ops[op], ops, ctx);
    if (p !== undefined) list.push(p);
  }
  return list.length === 0 ? { onPath: () => true, onValue: () => true } : conjoin(list);
}

function compileOperator(
  path: FieldPath,
  op: string,
  arg: unknown,
  ops: Record<string, unknown>,
  ctx: FieldContext,
): FieldPredicate | undefined {
  if (COMPARISONS.has(op)) {
    if (op !== "$eq" && isRegexValue(arg)) {
      fail("BadValue", `Can't have RegEx as arg to predicate over field '${path.dotted}'.`);
    }
    return leaf(path, comparisonTest(op as ComparisonOperator, arg, ctx.collator));
  }
  if (BIT_OPERATORS.has(op)) return leaf(path, compileBitTest(op as BitOperator, arg));
  switch (op) {
    case "$ne":
      if (isRegexValue(arg)) fail("BadValue", "Can't have regex as arg to $ne.");
      return negate(leaf(path, equalityTest(arg, ctx.collator)));
    case "$in":
    case "$nin": {
      const p = leaf(path, inTest(parseInList(op, arg), ctx.collator));
      return op === "$in" ? p : negate(p);
    }
    case "$exists": {
      const exists = leaf(path, (v) => v !== MISSING, false);
      return isTruthy(arg) ? exists : negate(exists);
    }
    case "$type":
      return leaf(path, parseTypeSet(arg, path.dotted));
    case "$size":
      return sizePredicate(path, arg);
    case "$mod":
      return leaf(path, parseMod(arg));
    case "$regex":
      return leaf(path, parseRegexOperator(ops));
    case "$options":
      if (!Object.hasOwn(ops, "$regex")) fail("BadValue", "$options needs a $regex");
      return undefined;
    case "$elemMatch":
      return elemMatchPredicate(path, arg, ctx);
    case "$all":
      return allPredicate(path, arg, ctx);
    case "$not":
      return notPredicate(path, arg, ctx);
    case "$where":
      return fail("BadValue", "$where cannot be applied to a field");
  }
  if (GEO.has(op)) fail("BadValue", `${op} is not supported by this server (no geospatial queries)`);
  return fail("BadValue", `unknown operator: ${op}`);
}

function parseInList(op: string, arg: unknown): unknown[] {
  if (!Array.isArray(arg)) fail("BadValue", `${op} needs an array`);
  for (const v of arg) {
    if (isOperatorDocument(v)) fail("BadValue", "cannot nest $ under $in");
  }
  return arg;
}

function sizePredicate(path: FieldPath, arg: unknown): FieldPredicate {
  const kind = numberKind(arg);
  if (kind === undefined) fail("BadValue", "$size needs a number");
  const n = toDouble(arg as NumericValue);
  if (kind === "long" && (n > 2147483647 || n < -2147483648)) {
    fail("BadValue", "$size must be representable as a 32-bit integer");
  }
  if (!Number.isInteger(n)) fail("BadValue", "$size must be a whole number");
  if (n < 0) fail("BadValue", "$size may not be negative");
  return leaf(path, (v) => Array.isArray(v) && v.length === n, false);
}

function parseMod(arg: unknown): ValuePredicate {
  if (!Array.isArray(arg)) fail("BadValue", "malformed mod, needs to be an array");
  if (arg.length < 2) fail("BadValue", "malformed mod, not enough elements");
  if (arg.length > 2) fail("BadValue", "malformed mod, too many elements");
  const [d, r] = arg;
  if (!isNumber(d)) fail("BadValue", "malformed mod, divisor not a number");
  if (!isNumber(r)) fail("BadValue", "malformed mod, remainder not a number");
  const divisor = truncateToInt64(d);
  const remainder = truncateToInt64(r);
  if (divisor === undefined) fail("BadValue", "malformed mod, divisor value is invalid");
  if (remainder === undefined) fail("BadValue", "malformed mod, remainder value is invalid");
  if (divisor === 0n) fail("BadValue", "divisor cannot be 0");
  return (v) => {
    if (!isNumber(v)) return false;
    const dividend = truncateToInt64(v);
    return dividend !== undefined && dividend % divisor === remainder;
  };
}

/** Truncates toward zero to an int64; undefined for NaN, infinities and out-of-range values. */
function truncateToInt64(v: NumericValue): bigint | undefined {
  const kind = numberKind(v);
  if (kind === "int" || kind === "long") return toInt64(v);
  if (isNaNNumber(v)) return undefined;
  const d = toDouble(v);
  if (!Number.isFinite(d) || d >= 2 ** 63 || d < -(2 ** 63)) return undefined;
  return kind === "decimal" ? (toInt64(v) ?? BigInt(Math.trunc(d))) : BigInt(Math.trunc(d));
}

function parseRegexOperator(ops: Record<string, unknown>): ValuePredicate {
  const regex = ops.$regex;
  let pattern: string;
  let options = "";
  if (typeof regex === "string") pattern = regex;
  else if (isRegexValue(regex)) [pattern, options] = regexSource(regex);
  else return fail("BadValue", "$regex has to be a string");
  if (Object.hasOwn(ops, "$options")) {
    if (typeof ops.$options !== "string") fail("BadValue", "$options has to be a string");
    if (options !== "") fail(51075, "options set in both $regex and $options");
    options = ops.$options;
  }
  return regexTest(pattern, options);
}

function elemMatchPredicate(path: FieldPath, arg: unknown, ctx: FieldContext): FieldPredicate {
  if (!isDocument(arg)) fail("BadValue", "$elemMatch needs an Object");
  const first = Object.keys(arg)[0];
  const valueForm = isOperatorDocument(arg, true) && first !== undefined && !ctx.isPathless(first);
  let elementTest: ValueTest;
  if (valueForm) {
    const inner = compileOperators(parsePath(""), arg, ctx);
    elementTest = (e) => inner.onValue(e, discarded);
  } else {
    if (Object.hasOwn(arg, "$where")) fail("BadValue", "$elemMatch cannot contain $where expression");
    const inner = ctx.compileElementFilter(arg);
    elementTest = (e) => (isDocument(e) || Array.isArray(e)) && inner(e, discarded);
  }
  const arrayTest: ValueTest = (v, state) => {
    if (!Array.isArray(v)) return false;
    for (let k = 0; k < v.length; k++) {
      if (elementTest(v[k], state)) {
        state.position = k;
        return true;
      }
    }
    return false;
  };
  return { onPath: pathTest(path, arrayTest, false), onValue: arrayTest };
}

function allPredicate(path: FieldPath, arg: unknown, ctx: FieldContext): FieldPredicate {
  if (!Array.isArray(arg)) fail("BadValue", "$all needs an array");
  if (arg.length === 0) return ALWAYS_FALSE;
  const isElemMatch = (v: unknown) => isDocument(v) && Object.keys(v)[0] === "$elemMatch";
  if (isElemMatch(arg[0])) {
    return conjoin(
      arg.map((item) => {
        if (!isElemMatch(item)) fail("BadValue", "$all/$elemMatch has to be consistent");
        return elemMatchPredicate(path, (item as { $elemMatch: unknown }).$elemMatch, ctx);
      }),
    );
  }
  return conjoin(
    arg.map((item) => {
      if (isRegexValue(item)) return leaf(path, regexTest(...regexSource(item)));
      if (isOperatorDocument(item)) fail("BadValue", "no $ expressions in $all");
      return leaf(path, equalityTest(item, ctx.collator));
    }),
  );
}

function notPredicate(path: FieldPath, arg: unknown, ctx: FieldContext): FieldPredicate {
  if (isRegexValue(arg)) return negate(leaf(path, regexTest(...regexSource(arg))));
  if (!isDocument(arg) || (arg as { _bsontype?: unknown })._bsontype !== undefined) {
    fail("BadValue", "$not needs a regex or a document");
  }
  if (Object.keys(arg).length === 0) fail("BadValue", "$not cannot be empty");
  const first = Object.keys(arg)[0]!;
  if (!first.startsWith("$")) fail("BadValue", `unknown operator: ${first}`);
  return negate(compileOperators(path, arg, ctx));
}
