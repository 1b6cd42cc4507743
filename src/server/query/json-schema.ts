import { fail } from "../errors.ts";
import { valuesEqual } from "./compare.ts";
import { isNumber, numericCompare, type NumericValue, toDouble, toSafeInteger } from "./numbers.ts";
import { isDocument } from "./path.ts";
import { compileRegex } from "./regex.ts";
import { parseTypeSet, type TypeTest } from "./type-set.ts";

/** A compiled JSON Schema: true when the value satisfies it. */
export type SchemaTest = (value: unknown) => boolean;

const IGNORED = new Set(["title", "description"]);
const UNSUPPORTED = new Set(["$ref", "$schema", "default", "definitions", "format", "id"]);
const KNOWN = new Set([
  "bsonType",
  "type",
  "enum",
  "required",
  "properties",
  "additionalProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
  "dependencies",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
]);
const JSON_TYPES: Readonly<Record<string, string | string[]>> = {
  object: "object",
  array: "array",
  string: "string",
  boolean: "bool",
  null: "null",
  number: "number",
};

function schemaObject(v: unknown, keyword: string): Record<string, unknown> {
  if (!isDocument(v)) fail("TypeMismatch", `$jsonSchema keyword '${keyword}' must be an object`);
  return v;
}

function schemaArray(v: unknown, keyword: string, nonEmpty = true): unknown[] {
  if (!Array.isArray(v)) fail("TypeMismatch", `$jsonSchema keyword '${keyword}' must be an array`);
  if (nonEmpty && v.length === 0)
    fail("FailedToParse", `$jsonSchema keyword '${keyword}' cannot be an empty array`);
  return v;
}

function nonNegativeInteger(v: unknown, keyword: string): number {
  const n = isNumber(v) ? toSafeInteger(v) : undefined;
  if (n === undefined || n < 0) {
    fail(
      "FailedToParse",
      `$jsonSchema keyword '${keyword}' must be a representable as a non-negative integer`,
    );
  }
  return n;
}

function numberArg(v: unknown, keyword: string): NumericValue {
  if (!isNumber(v)) fail("TypeMismatch", `$jsonSchema keyword '${keyword}' must be a number`);
  return v;
}

function boolArg(v: unknown, keyword: string): boolean {
  if (typeof v !== "boolean") fail("TypeMismatch", `$jsonSchema keyword '${keyword}' must be a boolean`);
  return v;
}

function parseJsonType(spec: unknown): TypeTest {
  const names = Array.isArray(spec) ? spec : [spec];
  const mapped: string[] = [];
  for (const name of names) {
    if (typeof name !== "string")
      fail("TypeMismatch", "$jsonSchema keyword 'type' must be a string or an array of strings");
    if (name === "integer") fail("BadValue", "$jsonSchema type 'integer' is not currently supported.");
    const alias = JSON_TYPES[name];
    if (alias === undefined) fail("BadValue", `Unknown type name alias: ${name}`);
    mapped.push(alias as string);
  }
  return parseTypeSet(mapped, "type");
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Compiles a `$jsonSchema` document (MongoDB's draft-4 subset with `bsonType`) into a test.
 * Keywords about a type only constrain values of that type (`minimum` ignores strings, and so on).
 *
 * @example compileJsonSchema({ required: ["a"], properties: { a: { bsonType: "int" } } })({ a: new Int32(1) }) // true
 */
export function compileJsonSchema(schema: unknown): SchemaTest {
  if (!isDocument(schema)) fail("TypeMismatch", "$jsonSchema must be an object");
  const tests: SchemaTest[] = [];
  const has = (k: string) => Object.hasOwn(schema, k);
  for (const key of Object.keys(schema)) {
    if (IGNORED.has(key)) continue;
    if (UNSUPPORTED.has(key))
      fail("FailedToParse", `$jsonSchema keyword '${key}' is not currently supported`);
    if (!KNOWN.has(key)) fail("FailedToParse", `Unknown $jsonSchema keyword: ${key}`);
  }
  if (has("type") && has("bsonType")) {
    fail("FailedToParse", "Cannot specify both $jsonSchema keywords 'type' and 'bsonType'");
  }
  if (has("type")) tests.push(parseJsonType(schema.type));
  if (has("bsonType")) tests.push(parseTypeSet(schema.bsonType, "bsonType"));
  if (has("enum")) {
    const values = schemaArray(schema.enum, "enum");
    tests.push((v) => values.some((e) => valuesEqual(v, e)));
  }
  tests.push(...objectKeywords(schema), ...arrayKeywords(schema), ...scalarKeywords(schema));
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    if (!has(key)) continue;
    const subs = schemaArray(schema[key], key).map((s) => compileJsonSchema(s));
    if (key === "allOf") tests.push((v) => subs.every((t) => t(v)));
    else if (key === "anyOf") tests.push((v) => subs.some((t) => t(v)));
    else tests.push((v) => subs.filter((t) => t(v)).length === 1);
  }
  if (has("not")) {
    const sub = compileJsonSchema(schemaObject(schema.not, "not"));
    tests.push((v) => !sub(v));
  }
  return (v) => tests.every((t) => t(v));
}

function objectKeywords(schema: Record<string, unknown>): SchemaTest[] {
  const rules: ((doc: Record<string, unknown>) => boolean)[] = [];
  const has = (k: string) => Object.hasOwn(schema, k);
  if (has("required")) {
    const names = schemaArray(schema.required, "required");
    for (const n of names)
      if (typeof n !== "string")
        fail("TypeMismatch", "$jsonSchema keyword 'required' must be an array of strings");
    rules.push((doc) => names.every((n) => Object.hasOwn(doc, n as string)));
  }
  const properties = new Map<string, SchemaTest>();
  if (has("properties")) {
    const props = schemaObject(schema.properties, "properties");
    for (const name of Object.keys(props)) properties.set(name, compileJsonSchema(props[name]));
    rules.push((doc) => {
      for (const [name, test] of properties) {
        if (Object.hasOwn(doc, name) && !test(doc[name])) return false;
      }
      return true;
    });
  }
  const patterns: [RegExp, SchemaTest][] = [];
  if (has("patternProperties")) {
    const props = schemaObject(schema.patternProperties, "patternProperties");
    for (const p of Object.keys(props)) patterns.push([compileRegex(p, ""), compileJsonSchema(props[p])]);
    rules.push((doc) =>
      Object.keys(doc).every((k) => patterns.every(([re, test]) => !re.test(k) || test(doc[k]))),
    );
  }
  if (has("additionalProperties")) {
    const extra = schema.additionalProperties;
    const test: SchemaTest = typeof extra === "boolean" ? () => extra : compileJsonSchema(extra);
    rules.push((doc) =>
      Object.keys(doc).every((k) => properties.has(k) || patterns.some(([re]) => re.test(k)) || test(doc[k])),
    );
  }
  if (has("minProperties")) {
    const n = nonNegativeInteger(schema.minProperties, "minProperties");
    rules.push((doc) => Object.keys(doc).length >= n);
  }
  if (has("maxProperties")) {
    const n = nonNegativeInteger(schema.maxProperties, "maxProperties");
    rules.push((doc) => Object.keys(doc).length <= n);
  }
  if (has("dependencies")) {
    const deps = schemaObject(schema.dependencies, "dependencies");
    for (const name of Object.keys(deps)) {
      const dep = deps[name];
      const test: (doc: Record<string, unknown>) => boolean = Array.isArray(dep)
        ? (doc) => dep.every((d) => Object.hasOwn(doc, d as string))
        : (
            (sub) => (doc: Record<string, unknown>) =>
              sub(doc)
          )(compileJsonSchema(dep));
      rules.push((doc) => !Object.hasOwn(doc, name) || test(doc));
    }
  }
  if (rules.length === 0) return [];
  return [(v) => !isDocument(v) || rules.every((r) => r(v))];
}

function arrayKeywords(schema: Record<string, unknown>): SchemaTest[] {
  const rules: ((arr: unknown[]) => boolean)[] = [];
  const has = (k: string) => Object.hasOwn(schema, k);
  if (has("items")) {
    const items = schema.items;
    if (Array.isArray(items)) {
      const tests = items.map((s) => compileJsonSchema(s));
      rules.push((arr) => tests.every((t, i) => i >= arr.length || t(arr[i])));
      if (has("additionalItems")) {
        const extra = schema.additionalItems;
        const test: SchemaTest = typeof extra === "boolean" ? () => extra : compileJsonSchema(extra);
        rules.push((arr) => arr.slice(tests.length).every(test));
      }
    } else {
      const test = compileJsonSchema(items);
      rules.push((arr) => arr.every(test));
    }
  }
  if (has("minItems")) {
    const n = nonNegativeInteger(schema.minItems, "minItems");
    rules.push((arr) => arr.length >= n);
  }
  if (has("maxItems")) {
    const n = nonNegativeInteger(schema.maxItems, "maxItems");
    rules.push((arr) => arr.length <= n);
  }
  if (has("uniqueItems") && boolArg(schema.uniqueItems, "uniqueItems")) {
    rules.push((arr) => arr.every((x, i) => arr.findIndex((y) => valuesEqual(x, y)) === i));
  }
  if (rules.length === 0) return [];
  return [(v) => !Array.isArray(v) || rules.every((r) => r(v))];
}

function scalarKeywords(schema: Record<string, unknown>): SchemaTest[] {
  const tests: SchemaTest[] = [];
  const has = (k: string) => Object.hasOwn(schema, k);
  const exclusiveMin = has("exclusiveMinimum") && boolArg(schema.exclusiveMinimum, "exclusiveMinimum");
  const exclusiveMax = has("exclusiveMaximum") && boolArg(schema.exclusiveMaximum, "exclusiveMaximum");
  if (has("exclusiveMinimum") && !has("minimum")) {
    fail("FailedToParse", "$jsonSchema keyword 'minimum' must be a present if exclusiveMinimum is present");
  }
  if (has("exclusiveMaximum") && !has("maximum")) {
    fail("FailedToParse", "$jsonSchema keyword 'maximum' must be a present if exclusiveMaximum is present");
  }
  if (has("minimum")) {
    const min = numberArg(schema.minimum, "minimum");
    tests.push((v) => !isNumber(v) || numericCompare(v, min) > (exclusiveMin ? 0 : -1));
  }
  if (has("maximum")) {
    const max = numberArg(schema.maximum, "maximum");
    tests.push((v) => !isNumber(v) || numericCompare(v, max) < (exclusiveMax ? 0 : 1));
  }
  if (has("multipleOf")) {
    const m = toDouble(numberArg(schema.multipleOf, "multipleOf"));
    if (!(m > 0)) fail("FailedToParse", "$jsonSchema keyword 'multipleOf' must have a positive value");
    tests.push((v) => !isNumber(v) || toDouble(v) % m === 0);
  }
  const isString = (v: unknown): v is string => typeof v === "string";
  if (has("minLength")) {
    const n = nonNegativeInteger(schema.minLength, "minLength");
    tests.push((v) => !isString(v) || codePointLength(v) >= n);
  }
  if (has("maxLength")) {
    const n = nonNegativeInteger(schema.maxLength, "maxLength");
    tests.push((v) => !isString(v) || codePointLength(v) <= n);
  }
  if (has("pattern")) {
    if (typeof schema.pattern !== "string")
      fail("TypeMismatch", "$jsonSchema keyword 'pattern' must be a string");
    const re = compileRegex(schema.pattern, "");
    tests.push((v) => !isString(v) || re.test(v));
  }
  return tests;
}
