import { Kind } from "@sinclair/typebox";
import type { SchemaNode } from "./schema.ts";
import { cloneValue, copyObject, isDocumentLike } from "./values.ts";

/** Returns its input, or a copy with missing defaults filled in. */
export type FillDefaults = (value: unknown) => unknown;

interface DefaultedField {
  key: string;
  has: boolean;
  value: unknown;
  nested: FillDefaults | undefined;
}

const makeDefault = (value: unknown) => (typeof value === "function" ? value() : cloneValue(value));

function compileObject(node: SchemaNode, alwaysCopy: boolean): FillDefaults | undefined {
  const fields: DefaultedField[] = [];
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const nested = compileDefaults(prop);
    const has = "default" in prop;
    if (has || nested) fields.push({ key, has, value: prop.default, nested });
  }
  if (fields.length === 0 && !alwaysCopy) return undefined;
  return (value) => {
    if (!isDocumentLike(value)) return value;
    let out = alwaysCopy ? copyObject(value) : value;
    for (const field of fields) {
      const current = value[field.key];
      let next = current === undefined && field.has ? makeDefault(field.value) : current;
      if (next !== undefined && field.nested) next = field.nested(next);
      if (next === current) continue;
      if (out === value) out = copyObject(value);
      out[field.key] = next;
    }
    return out;
  };
}

/** Compiles the default filling of a schema node, or `undefined` when nothing below it has a default. */
export function compileDefaults(node: SchemaNode): FillDefaults | undefined {
  if (node[Kind] === "Object") return compileObject(node, false);
  if (node[Kind] === "Array" && node.items && !Array.isArray(node.items)) {
    const item = compileDefaults(node.items);
    if (!item) return undefined;
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  return undefined;
}

/**
 * Like `compileDefaults` for a whole document: always returns a copy the document can own,
 * with a generated `_id` first (where MongoDB keeps it).
 */
export function compileDocumentDefaults(node: SchemaNode): (value: object) => Record<string, unknown> {
  const copy = compileObject(node, true) as (value: object) => Record<string, unknown>;
  const fill = compileObject(node, false);
  const id = node.properties?._id;
  if (!id || !("default" in id) || !fill) return copy;
  return (value) => {
    if ((value as { _id?: unknown })._id !== undefined) return copy(value);
    return fill({ _id: makeDefault(id.default), ...value }) as Record<string, unknown>;
  };
}
