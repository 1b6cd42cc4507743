import { Kind } from "@sinclair/typebox";
import type { SchemaNode } from "../../orm/schema.ts";
import { type Converted, expectedBson, fromJson, INVALID, isBsonKind } from "./bson-json.ts";
import { linkedIdNode } from "./links.ts";

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function parseLiteral(node: SchemaNode, text: string): Converted {
  const value = node.const as unknown;
  return String(value) === text ? value : INVALID;
}

function parseInteger(text: string): Converted {
  const value = Number(text);
  return INTEGER.test(text) && Number.isSafeInteger(value) ? value : INVALID;
}

function parseNumber(text: string): Converted {
  const value = Number(text);
  return NUMBER.test(text) && Number.isFinite(value) ? value : INVALID;
}

function parseUnion(node: SchemaNode, text: string): Converted {
  // Strings accept any text, so they are tried last: `null` and `42` keep their typed meaning.
  const branches = node.anyOf ?? [];
  const ordered = [
    ...branches.filter((b) => b[Kind] !== "String"),
    ...branches.filter((b) => b[Kind] === "String"),
  ];
  for (const branch of ordered) {
    const value = parseText(branch, text);
    if (value !== INVALID) return value;
  }
  return INVALID;
}

/**
 * Parses one query-string value by the schema type of its field: integers, finite numbers,
 * `true`/`false`, `null`, literals, unions, and the JSON forms of BSON values (ObjectId hex, ISO
 * dates, ...). Strings are taken as they are; constraints (`minimum`, `format`) are not checked,
 * since filter values need not be valid documents. Returns `INVALID` for text of another type.
 *
 * @example
 * parseText(Type.Integer(), "42");    // 42
 * parseText(Type.Integer(), "4.2");   // INVALID
 */
export function parseText(node: SchemaNode, text: string): Converted {
  const kind = node[Kind] as string;
  if (isBsonKind(kind)) return fromJson(kind, text);
  switch (kind) {
    case "String":
      return text;
    case "Integer":
      return parseInteger(text);
    case "Number":
      return parseNumber(text);
    case "Boolean":
      return text === "true" ? true : text === "false" ? false : INVALID;
    case "Null":
      return text === "null" ? null : INVALID;
    case "Literal":
      return parseLiteral(node, text);
    case "Union":
      return parseUnion(node, text);
    case "Link":
      return parseText(linkedIdNode(node), text);
    default:
      return INVALID;
  }
}

/** What a query value of this type looks like, for error messages ("an integer"). */
export function expectedText(node: SchemaNode): string {
  const kind = node[Kind] as string;
  if (isBsonKind(kind)) return expectedBson(kind);
  switch (kind) {
    case "String":
      return "a string";
    case "Integer":
      return "an integer";
    case "Number":
      return "a number";
    case "Boolean":
      return "true or false";
    case "Null":
      return "null";
    case "Literal":
      return JSON.stringify(node.const);
    case "Union":
      return (node.anyOf ?? []).map(expectedText).join(" or ");
    case "Link":
      return expectedText(linkedIdNode(node));
    default:
      return `a ${kind.toLowerCase()} (not expressible in a query string)`;
  }
}
