import { Kind, Type } from "@sinclair/typebox";
import type { SchemaNode } from "./schema.ts";

/** Node for paths below `Type.Any()`, `Type.Unknown()` or a non-strict object: anything goes. */
export const ANY_NODE = Type.Any() as SchemaNode;

const INDEX = /^\d+$/;
const POSITIONAL = /^\$(\[[A-Za-z0-9]*\])?$/;

/** Kinds of schema nodes whose values are scalars (never sub-documents or arrays). */
export const SCALAR_KINDS = new Set([
  "String",
  "Number",
  "Integer",
  "Boolean",
  "Null",
  "Literal",
  "BigInt",
  "Undefined",
  "Link",
  "Date",
  "ObjectId",
  "Decimal128",
  "Long",
  "Binary",
]);

/** True when a node only holds scalar (non-document, non-array) values. */
export function isScalarNode(node: SchemaNode): boolean {
  if (node[Kind] === "Union") return (node.anyOf ?? []).every(isScalarNode);
  return SCALAR_KINDS.has(node[Kind]);
}

/** The node of an array's elements, unwrapping `T | null` unions; `undefined` if not an array. */
export function elementNode(node: SchemaNode): SchemaNode | undefined {
  const array = unwrapNullable(node);
  if (array[Kind] === "Array" && array.items && !Array.isArray(array.items)) return array.items;
  if (array[Kind] === "Any" || array[Kind] === "Unknown") return ANY_NODE;
  return undefined;
}

/** `T | null` (or `T | undefined`) unions resolve to `T` for path purposes. */
export function unwrapNullable(node: SchemaNode): SchemaNode {
  if (node[Kind] !== "Union" || !node.anyOf) return node;
  const rest = node.anyOf.filter((branch) => branch[Kind] !== "Null" && branch[Kind] !== "Undefined");
  return rest.length === 1 && rest[0] ? rest[0] : node;
}

function stepObject(node: SchemaNode, segment: string): SchemaNode | undefined {
  const prop = node.properties?.[segment];
  if (prop) return prop;
  if (typeof node.additionalProperties === "object") return node.additionalProperties;
  return node.additionalProperties === false ? undefined : ANY_NODE;
}

function step(node: SchemaNode, segment: string): SchemaNode | undefined {
  const current = unwrapNullable(node);
  switch (current[Kind]) {
    case "Object":
      return stepObject(current, segment);
    case "Array": {
      const items = elementNode(current);
      if (!items) return undefined;
      return INDEX.test(segment) || POSITIONAL.test(segment) ? items : step(items, segment);
    }
    case "Record":
      return Object.values(current.patternProperties ?? {})[0];
    case "Union":
      for (const branch of current.anyOf ?? []) {
        const found = step(branch, segment);
        if (found) return found;
      }
      return undefined;
    case "Any":
    case "Unknown":
      return ANY_NODE;
    default:
      return undefined;
  }
}

/**
 * Resolves dot paths (`address.city`, `addresses.0.zip`, `addresses.$[].zip`) to schema nodes,
 * caching every answer: each model resolves a given path once.
 */
export class PathIndex {
  readonly #root: SchemaNode;
  readonly #cache = new Map<string, SchemaNode | null>();

  constructor(root: SchemaNode) {
    this.#root = root;
  }

  resolve(path: string): SchemaNode | undefined {
    const cached = this.#cache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    let node: SchemaNode | undefined = this.#root;
    for (const segment of path.split(".")) {
      node = node && step(node, segment);
      if (!node) break;
    }
    this.#cache.set(path, node ?? null);
    return node;
  }

  /** True when the last segment of `path` is a required property of its parent object. */
  isRequired(path: string): boolean {
    const dot = path.lastIndexOf(".");
    const parent = dot < 0 ? this.#root : this.resolve(path.slice(0, dot));
    const key = path.slice(dot + 1);
    return parent !== undefined && unwrapNullable(parent).required?.includes(key) === true;
  }
}
