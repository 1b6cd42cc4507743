import { isTruthy } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { type Collation, collatorFor, type StringComparator } from "./collation.ts";
import {
  compileFieldClause,
  compileOperators,
  type DocTest,
  type FieldContext,
  isOperatorDocument,
  type MatchState,
} from "./field-operators.ts";
import { compileQueryExpression } from "./expressions.ts";
import { compileJsonSchema } from "./json-schema.ts";
import { isNumber, toDouble, toSafeInteger } from "./numbers.ts";
import { isDocument, parsePath } from "./path.ts";
import { isRegexValue, regexSource, regexTest } from "./value-tests.ts";

export type { MatchState } from "./field-operators.ts";

/** Options of `compileFilter`. */
export interface FilterOptions {
  /** The operation's collation: string comparisons follow it. */
  readonly collation?: Collation;
  /** The command's `let` variables, visible to `$expr` as `$$name`. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** `$$NOW` for `$expr`. */
  readonly now?: Date;
}

/** Result of `matchesWithPosition`: `arrayIndex` is what the positional `$` operator refers to. */
export interface MatchResult {
  readonly matched: boolean;
  readonly arrayIndex?: number;
}

/** A compiled query filter. */
export interface Matcher {
  /** True when the document matches the filter. */
  matches(doc: Record<string, unknown>): boolean;
  /** Matches and reports the array position the positional `$` refers to (the last one recorded). */
  matchesWithPosition(doc: Record<string, unknown>): MatchResult;
  /** True for `{}` (every document matches). */
  readonly matchesEverything: boolean;
}

/** Where a sub-filter sits: `$expr` and `$text` are allowed at the top, not inside `$elemMatch`. */
type Level = "top" | "element";

const PATHLESS = new Set([
  "$and",
  "$or",
  "$nor",
  "$expr",
  "$where",
  "$text",
  "$comment",
  "$jsonSchema",
  "$alwaysTrue",
  "$alwaysFalse",
  "$sampleRate",
  "$id",
  "$ref",
  "$db",
]);

const scratch: MatchState = { position: undefined };

class FilterCompiler implements FieldContext {
  readonly collator: StringComparator | undefined;
  readonly #options: FilterOptions;

  constructor(options: FilterOptions) {
    this.#options = options;
    this.collator = collatorFor(options.collation);
  }

  isPathless(name: string): boolean {
    return PATHLESS.has(name);
  }

  compileElementFilter(filter: Record<string, unknown>): DocTest {
    return this.compileDocument(filter, "element");
  }

  compileDocument(filter: Record<string, unknown>, level: Level): DocTest {
    const tests: DocTest[] = [];
    for (const key of Object.keys(filter)) {
      const value = filter[key];
      if (key.startsWith("$")) {
        const test = this.#compilePathless(key, value, level);
        if (test !== undefined) tests.push(test);
      } else {
        tests.push(compileFieldClause(key, value, this).onPath);
      }
    }
    return all(tests);
  }

  #compilePathless(key: string, value: unknown, level: Level): DocTest | undefined {
    switch (key) {
      case "$and":
        return all(this.#children(key, value, level));
      case "$or": {
        const children = this.#children(key, value, level);
        // a one-clause $or is its clause (mongod simplifies it, so `$` positions still work)
        if (children.length === 1) return children[0];
        return (doc) => children.some((c) => c(doc, scratch));
      }
      case "$nor": {
        const children = this.#children(key, value, level);
        return (doc) => !children.some((c) => c(doc, scratch));
      }
      case "$comment":
        return undefined;
      case "$expr":
        return this.#compileExpr(value, level);
      case "$jsonSchema": {
        const test = compileJsonSchema(value);
        return (doc) => test(doc);
      }
      case "$alwaysTrue":
      case "$alwaysFalse": {
        if (!isNumber(value) || toSafeInteger(value) !== 1)
          fail("FailedToParse", `${key} must be an integer value of 1`);
        return key === "$alwaysTrue" ? () => true : () => false;
      }
      case "$sampleRate": {
        const rate = isNumber(value) ? toDouble(value) : Number.NaN;
        if (!(rate >= 0 && rate <= 1)) fail("BadValue", "numeric argument to $sampleRate must be in [0, 1]");
        return () => Math.random() < rate;
      }
      case "$id":
      case "$ref":
      case "$db":
        return compileFieldClause(key, value, this).onPath;
      case "$where":
        return fail("BadValue", "$where is not supported: the embedded server does not run JavaScript");
      case "$text":
        return fail("IndexNotFound", "text index required for $text query");
    }
    return fail(
      "BadValue",
      `unknown top level operator: ${key}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
    );
  }

  #children(key: string, value: unknown, level: Level): DocTest[] {
    if (!Array.isArray(value)) fail("BadValue", `${key} must be an array`);
    if (value.length === 0) fail("BadValue", "$and/$or/$nor must be a nonempty array");
    return value.map((child) => {
      if (!isDocument(child)) fail("BadValue", "$or/$and/$nor entries need to be full objects");
      return this.compileDocument(child, level);
    });
  }

  #compileExpr(value: unknown, level: Level): DocTest {
    if (level === "element") fail("BadValue", "$expr can only be applied to the top-level document");
    const evaluate = compileQueryExpression(value, this.#options);
    return (doc) => isTruthy(evaluate(doc as Record<string, unknown>));
  }
}

function all(tests: DocTest[]): DocTest {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [DocTest, DocTest];
    return (doc, state) => a(doc, state) && b(doc, state);
  }
  return (doc, state) => {
    for (const t of tests) if (!t(doc, state)) return false;
    return true;
  };
}

/**
 * Compiles a query filter once into a matcher. Validates the whole filter up front and throws
 * `CommandError`s with mongod's codes and messages (e.g. code 2 "unknown operator: $foo").
 *
 * Semantics follow mongod: implicit array traversal on paths, `null` matches missing fields, type
 * bracketing for comparisons, `{a: [1, 2]}` matches the exact array or an element equal to it, `$expr`
 * through the aggregation expression engine.
 *
 * @example
 * const m = compileFilter({ tags: "b", qty: { $gt: 5 } });
 * m.matches({ tags: ["a", "b"], qty: new Int32(7) }); // true
 * m.matchesWithPosition({ tags: ["a", "b"], qty: new Int32(7) }); // { matched: true, arrayIndex: 1 }
 */
export function compileFilter(filter: Record<string, unknown>, options: FilterOptions = {}): Matcher {
  if (!isDocument(filter)) fail("TypeMismatch", "filter must be an object");
  const test = new FilterCompiler(options).compileDocument(filter, "top");
  return {
    matches: (doc) => test(doc, scratch),
    matchesWithPosition: (doc) => {
      const state: MatchState = { position: undefined };
      const matched = test(doc, state);
      return matched && state.position !== undefined ? { matched, arrayIndex: state.position } : { matched };
    },
    matchesEverything: Object.keys(filter).length === 0,
  };
}

/**
 * Compiles the condition of `$pull` (also usable for any "does this array element match" question):
 * an operator document or regex is applied to the element itself (`{$gte: 6}`), a plain document is a
 * filter over document elements (`{score: 8}`), anything else is an equality.
 *
 * @example compileElementCondition({ $gte: new Int32(6) })(new Int32(7)) // true
 */
export function compileElementCondition(
  condition: unknown,
  options: FilterOptions = {},
): (element: unknown) => boolean {
  const compiler = new FilterCompiler(options);
  if (isOperatorDocument(condition) && !compiler.isPathless(Object.keys(condition)[0]!)) {
    const test = compileOperators(parsePath(""), condition, compiler).onPath;
    return (element) => test({ "": element }, scratch);
  }
  if (isRegexValue(condition)) {
    const test = regexTest(...regexSource(condition));
    return (element) => (Array.isArray(element) ? element.some(test) || test(element) : test(element));
  }
  if (isDocument(condition) && (condition as { _bsontype?: unknown })._bsontype === undefined) {
    const test = compiler.compileDocument(condition, "element");
    return (element) => isDocument(element) && test(element, scratch);
  }
  const test = compileFieldClause("", condition, compiler).onValue;
  return (element) => test(element, scratch);
}
