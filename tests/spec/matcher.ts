import { EJSON } from "bson";
import {
  bsonTag,
  bsonTypeOf,
  compareNumeric,
  describe,
  hasBsonType,
  isDocument,
  isNumeric,
} from "./bson-values.ts";
import type { Document } from "./types.ts";

/**
 * The unified format's "Evaluating Matches" rules: extra fields are allowed in root-level
 * documents only, arrays must have equal length, numbers compare by value across int32/int64/double,
 * and `{ $$op: ... }` documents run special assertions.
 */

/** Entity lookups the `$$sessionLsid` and `$$matchesEntity` operators need. */
export interface MatchEntities {
  sessionLsid(name: string): Document;
  bsonEntity(name: string): unknown;
}

export interface MatchOptions {
  /** Match the top value as a root-level document (extra fields allowed). */
  root?: boolean;
  /** The top value is an iterable result (find, aggregate, ...): each array element is a root document. */
  rootElements?: boolean;
  entities?: MatchEntities;
}

/** Where and why an actual value differs from the expected one. */
export interface Mismatch {
  path: string;
  message: string;
}

/** Thrown by {@link assertMatches}; the message names the path and the difference. */
export class MatchError extends Error {
  readonly path: string;
  /** The difference without the path. */
  readonly detail: string;
  constructor(mismatch: Mismatch) {
    super(mismatch.path ? `${mismatch.path}: ${mismatch.message}` : mismatch.message);
    this.name = "MatchError";
    this.path = mismatch.path;
    this.detail = mismatch.message;
  }
}

/**
 * Matches `actual` against `expected` by the unified format's rules.
 * Returns the first difference, or undefined when they match.
 *
 * @example
 * matchesResult({ x: 1 }, { x: 1.0, y: 2 }, { root: true }); // undefined (match)
 * matchesResult({ x: { y: 1 } }, { x: { y: 1, z: 1 } }, { root: true }); // { path: "x", message: ... }
 */
export function matchesResult(
  expected: unknown,
  actual: unknown,
  options: MatchOptions = {},
): Mismatch | undefined {
  try {
    assertMatches(expected, actual, options);
    return undefined;
  } catch (error) {
    if (error instanceof MatchError) return { path: error.path, message: error.detail };
    throw error;
  }
}

/**
 * Like {@link matchesResult} but throws a {@link MatchError} on the first difference.
 *
 * @example
 * assertMatches([{ _id: 1 }], [{ _id: 1, x: 2 }], { rootElements: true });
 */
export function assertMatches(expected: unknown, actual: unknown, options: MatchOptions = {}): void {
  const matcher = new Matcher(options.entities);
  if (options.rootElements && Array.isArray(expected)) {
    matcher.matchArray(expected, actual, "", true);
  } else {
    matcher.match(expected, actual, "", options.root ?? false);
  }
}

/** The `$$` operator of `{ $$op: value }`, if `value` is such a document. */
export function specialOperator(value: unknown): string | undefined {
  if (!isDocument(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0]!.startsWith("$$") ? keys[0] : undefined;
}

function fail(path: string, message: string): never {
  throw new MatchError({ path, message });
}

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function hasField(document: Document, key: string): boolean {
  return Object.hasOwn(document, key) && document[key] !== undefined;
}

class Matcher {
  readonly #entities: MatchEntities | undefined;

  constructor(entities: MatchEntities | undefined) {
    this.#entities = entities;
  }

  match(expected: unknown, actual: unknown, path: string, root: boolean): void {
    if (specialOperator(expected) !== undefined) {
      this.#operator(expected as Document, actual, path, root);
      return;
    }
    if (isDocument(expected)) {
      this.#document(expected, actual, path, root);
      return;
    }
    if (Array.isArray(expected)) {
      this.matchArray(expected, actual, path, false);
      return;
    }
    if (actual === undefined) fail(path, `missing, expected ${describe(expected)}`);
    if (!scalarEquals(expected, actual))
      fail(path, `expected ${describe(expected)}, got ${describe(actual)}`);
  }

  matchArray(expected: unknown[], actual: unknown, path: string, rootElements: boolean): void {
    if (!Array.isArray(actual)) fail(path, `expected an array, got ${describe(actual)}`);
    if (actual.length !== expected.length) {
      fail(path, `expected ${expected.length} elements, got ${actual.length}: ${describe(actual, 300)}`);
    }
    expected.forEach((element, i) => {
      this.match(element, actual[i], childPath(path, i), rootElements);
    });
  }

  #document(expected: Document, actual: unknown, path: string, root: boolean): void {
    if (!isDocument(actual)) fail(path, `expected a document, got ${describe(actual)}`);
    for (const [key, value] of Object.entries(expected)) {
      const p = childPath(path, key);
      const present = hasField(actual, key);
      const operator = specialOperator(value);
      if (operator === "$$exists") {
        const shouldExist = (value as Document)[operator];
        if (shouldExist && !present) fail(p, "expected the field to exist");
        if (!shouldExist && present) fail(p, `expected no field, got ${describe(actual[key])}`);
        continue;
      }
      if (operator === "$$unsetOrMatches" && !present) continue;
      if (!present) fail(p, `missing, expected ${describe(value)}`);
      this.match(value, actual[key], p, false);
    }
    if (root) return;
    const extra = Object.keys(actual).filter((key) => hasField(actual, key) && !Object.hasOwn(expected, key));
    if (extra.length > 0) fail(path, `unexpected field(s) ${extra.join(", ")} in ${describe(actual)}`);
  }

  #operator(expected: Document, actual: unknown, path: string, root: boolean): void {
    const operator = specialOperator(expected)!;
    const argument = expected[operator];
    switch (operator) {
      case "$$exists":
        fail(path, "$$exists is only valid as a field value");
        break;
      case "$$type": {
        const aliases = Array.isArray(argument) ? (argument as string[]) : [argument as string];
        if (actual === undefined) fail(path, `missing, expected type ${aliases.join("|")}`);
        if (!aliases.some((alias) => hasBsonType(actual, alias))) {
          fail(path, `expected type ${aliases.join("|")}, got ${bsonTypeOf(actual)} ${describe(actual)}`);
        }
        break;
      }
      case "$$unsetOrMatches":
        if (actual !== undefined) this.match(argument, actual, path, root);
        break;
      case "$$sessionLsid":
        this.match(this.#requireEntities(operator).sessionLsid(String(argument)), actual, path, false);
        break;
      case "$$matchesEntity":
        this.match(this.#requireEntities(operator).bsonEntity(String(argument)), actual, path, root);
        break;
      case "$$matchesHexBytes":
        this.#hexBytes(String(argument), actual, path);
        break;
      case "$$lte":
        if (!isNumeric(actual))
          fail(path, `expected a number <= ${describe(argument)}, got ${describe(actual)}`);
        if (!(compareNumeric(actual, argument) <= 0))
          fail(path, `expected <= ${describe(argument)}, got ${describe(actual)}`);
        break;
      case "$$matchAsDocument": {
        if (typeof actual !== "string")
          fail(path, `expected an Extended JSON string, got ${describe(actual)}`);
        this.match(argument, EJSON.parse(actual, { relaxed: false }), path, false);
        break;
      }
      case "$$matchAsRoot":
        this.match(argument, actual, path, true);
        break;
      default:
        throw new Error(`unsupported special operator ${operator} at ${path || "(root)"}`);
    }
  }

  #hexBytes(hex: string, actual: unknown, path: string): void {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`malformed $$matchesHexBytes value "${hex}"`);
    let actualHex: string;
    if (typeof actual === "string") actualHex = actual;
    else if (ArrayBuffer.isView(actual))
      actualHex = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).toString("hex");
    else fail(path, `expected bytes, got ${describe(actual)}`);
    if (actualHex.toLowerCase() !== hex.toLowerCase()) fail(path, `expected bytes ${hex}, got ${actualHex}`);
  }

  #requireEntities(operator: string): MatchEntities {
    if (!this.#entities) throw new Error(`${operator} needs the test's entity map`);
    return this.#entities;
  }
}

/** Equality of two non-container values, with flexible numerics. */
export function scalarEquals(expected: unknown, actual: unknown): boolean {
  if (isNumeric(expected) || isNumeric(actual)) {
    return isNumeric(expected) && isNumeric(actual) && compareNumeric(expected, actual) === 0;
  }
  return sameValue(expected, actual, scalarEquals);
}

/**
 * Equality for everything but numbers; `inner` compares values nested in composite BSON types
 * (DBRef ids, Code scopes), which must match exactly apart from key order.
 */
function sameValue(expected: unknown, actual: unknown, inner: (a: unknown, b: unknown) => boolean): boolean {
  if (expected === null || typeof expected !== "object") return expected === actual;
  if (actual === null || typeof actual !== "object") return false;
  if (expected instanceof Date) return actual instanceof Date && expected.getTime() === actual.getTime();
  const expectedRegex = regexParts(expected);
  if (expectedRegex) {
    const actualRegex = regexParts(actual);
    return actualRegex !== undefined && expectedRegex === actualRegex;
  }
  const tag = bsonTag(expected);
  if (tag !== bsonTag(actual)) return false;
  const e = expected as Record<string, any>;
  const a = actual as Record<string, any>;
  switch (tag) {
    case "ObjectId":
      return e.toHexString() === a.toHexString();
    case "Binary":
      return e.sub_type === a.sub_type && Buffer.from(e.buffer).equals(Buffer.from(a.buffer));
    case "Decimal128":
      return e.toString() === a.toString();
    case "Timestamp":
      return e.t === a.t && e.i === a.i;
    case "MinKey":
    case "MaxKey":
      return true;
    case "BSONSymbol":
      return e.value === a.value;
    case "Code":
      return e.code === a.code && exactlyEqual(e.scope ?? null, a.scope ?? null) === undefined;
    case "DBRef":
      return (
        e.collection === a.collection &&
        e.db === a.db &&
        inner(e.oid, a.oid) &&
        exactlyEqual(e.fields ?? {}, a.fields ?? {}) === undefined
      );
    default:
      return false;
  }
}

function regexParts(value: object): string | undefined {
  if (value instanceof RegExp) return `${value.source}/${[...value.flags].sort().join("")}`;
  if (bsonTag(value) === "BSONRegExp") {
    const regex = value as { pattern: string; options: string };
    return `${regex.pattern}/${[...regex.options].sort().join("")}`;
  }
  return undefined;
}

/**
 * Exact comparison for collection outcomes: same fields (any order), same BSON types and values.
 * Returns the first difference, or undefined when equal.
 *
 * @example
 * exactlyEqual({ x: new Int32(1) }, { x: new Double(1) }); // { path: "x", message: "expected int 1, got double 1" }
 */
export function exactlyEqual(expected: unknown, actual: unknown, path = ""): Mismatch | undefined {
  if (isDocument(expected)) {
    if (!isDocument(actual)) return { path, message: `expected a document, got ${describe(actual)}` };
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual).filter((key) => actual[key] !== undefined);
    const missing = expectedKeys.filter((key) => !hasField(actual, key));
    if (missing.length > 0)
      return { path, message: `missing field(s) ${missing.join(", ")} in ${describe(actual)}` };
    const extra = actualKeys.filter((key) => !Object.hasOwn(expected, key));
    if (extra.length > 0)
      return { path, message: `unexpected field(s) ${extra.join(", ")} in ${describe(actual)}` };
    for (const key of expectedKeys) {
      const mismatch = exactlyEqual(expected[key], actual[key], childPath(path, key));
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, message: `expected an array, got ${describe(actual)}` };
    if (expected.length !== actual.length) {
      return {
        path,
        message: `expected ${expected.length} elements, got ${actual.length}: ${describe(actual, 300)}`,
      };
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = exactlyEqual(expected[i], actual[i], childPath(path, i));
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  const expectedType = bsonTypeOf(expected);
  const actualType = bsonTypeOf(actual);
  const equal =
    expectedType === actualType &&
    (isNumeric(expected) ? compareNumeric(expected, actual) === 0 : sameValue(expected, actual, exactScalar));
  if (equal) return undefined;
  return {
    path,
    message: `expected ${expectedType} ${describe(expected)}, got ${actualType} ${describe(actual)}`,
  };
}

function exactScalar(expected: unknown, actual: unknown): boolean {
  return exactlyEqual(expected, actual) === undefined;
}
