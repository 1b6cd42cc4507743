import { Kind } from "@sinclair/typebox";
import { bsonTypeOf } from "../../orm/bson-types.ts";
import type { SchemaNode } from "../../orm/schema.ts";
import { isDocumentLike } from "../../orm/values.ts";
import { expectedBson, fromJson, INVALID, isBsonKind } from "./bson-json.ts";
import type { ErrorIssue } from "./errors.ts";
import { linkedIdNode } from "./links.ts";

/** Turns the JSON form of a value into what the schema holds, in place; problems go to `issues`. */
export type Decode = (value: unknown, path: string, issues: ErrorIssue[]) => unknown;

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function bsonDecoder(kind: string): Decode {
  const message = `Expected ${expectedBson(kind)}`;
  return (value, path, issues) => {
    if (value instanceof Date || bsonTypeOf(value) !== undefined) return value;
    const out = fromJson(kind, value);
    if (out !== INVALID) return out;
    issues.push({ path, message, in: "body" });
    return value;
  };
}

function objectDecoder(node: SchemaNode): Decode | undefined {
  const known = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const decode = compileDecoder(child);
    return decode ? [[key, decode] as const] : [];
  });
  const rest =
    typeof node.additionalProperties === "object" ? compileDecoder(node.additionalProperties) : undefined;
  if (known.length === 0 && !rest) return undefined;
  const declared = new Set(Object.keys(node.properties ?? {}));
  return (value, path, issues) => {
    if (!isDocumentLike(value)) return value;
    for (const [key, decode] of known) {
      if (Object.hasOwn(value, key)) value[key] = decode(value[key], join(path, key), issues);
    }
    if (rest) {
      for (const key of Object.keys(value)) {
        if (!declared.has(key)) value[key] = rest(value[key], join(path, key), issues);
      }
    }
    return value;
  };
}

function eachKeyDecoder(decode: Decode): Decode {
  return (value, path, issues) => {
    if (!isDocumentLike(value)) return value;
    for (const key of Object.keys(value)) value[key] = decode(value[key], join(path, key), issues);
    return value;
  };
}

function arrayDecoder(items: SchemaNode): Decode | undefined {
  const decode = compileDecoder(items);
  if (!decode) return undefined;
  return (value, path, issues) => {
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) value[i] = decode(value[i], join(path, i), issues);
    return value;
  };
}

/** A link is decoded as the target's `_id`; compiled on first use (the target may be defined later). */
function linkDecoder(node: SchemaNode): Decode {
  let decode: Decode | null | undefined = null;
  return (value, path, issues) => {
    if (decode === null) decode = compileDecoder(linkedIdNode(node));
    return decode ? decode(value, path, issues) : value;
  };
}

function unionDecoder(node: SchemaNode): Decode | undefined {
  const branches = (node.anyOf ?? []).filter((b) => b[Kind] !== "Null" && b[Kind] !== "Undefined");
  const bsonKinds = branches.map((b) => b[Kind] as string).filter(isBsonKind);
  const only = branches.length === 1 && branches[0] ? compileDecoder(branches[0]) : undefined;
  if (bsonKinds.length === 0 && !only) return undefined;
  // `T | null` decodes as T; other unions only try their BSON branches, first match wins.
  if (only) return (value, path, issues) => (value === null ? value : only(value, path, issues));
  return (value) => {
    if (value === null || value instanceof Date || bsonTypeOf(value) !== undefined) return value;
    for (const kind of bsonKinds) {
      const out = fromJson(kind, value);
      if (out !== INVALID) return out;
    }
    return value;
  };
}

/**
 * Compiles, once per schema, a function that converts a parsed JSON body to the values the
 * schema holds: hex strings to `ObjectId`, ISO strings to `Date`, integers or digit strings to
 * `Long`, decimal strings to `Decimal128`, base64 to `Binary`, links as their target's `_id`,
 * through objects, arrays, records and nullable unions. `undefined` when the schema holds nothing JSON cannot carry (nothing to do).
 *
 * @example
 * const decode = compileDecoder(User.schema);
 * const issues: ErrorIssue[] = [];
 * decode?.(body, "", issues);
 */
export function compileDecoder(node: SchemaNode): Decode | undefined {
  const kind = node[Kind] as string;
  if (isBsonKind(kind)) return bsonDecoder(kind);
  switch (kind) {
    case "Object":
      return objectDecoder(node);
    case "Array":
      return node.items && !Array.isArray(node.items) ? arrayDecoder(node.items) : undefined;
    case "Record": {
      const values = Object.values(node.patternProperties ?? {})[0];
      const decode = values && compileDecoder(values);
      return decode && eachKeyDecoder(decode);
    }
    case "Union":
      return unionDecoder(node);
    case "Link":
      return linkDecoder(node);
    default:
      return undefined;
  }
}
