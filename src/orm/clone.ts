import { Kind } from "@sinclair/typebox";
import { SCALAR_KINDS } from "./path-index.ts";
import { EMBEDDED, type SchemaNode } from "./schema.ts";
import { cloneValue } from "./values.ts";

/** Deep-copies a value of one schema node; `undefined` means the value is immutable and is shared. */
export type Cloner = ((value: any) => any) | undefined;

/** Scalars that are never changed in place (dates and binary data are). */
const IMMUTABLE = new Set([...SCALAR_KINDS].filter((kind) => kind !== "Date" && kind !== "Binary"));

const cloneDate = (value: unknown) => (value instanceof Date ? new Date(value.getTime()) : cloneValue(value));

function compileObject(node: SchemaNode): Cloner {
  const proto = node[EMBEDDED]?.prototype ?? Object.prototype;
  const fields = Object.entries(node.properties ?? {}).map(([key, prop]) => ({
    key,
    clone: compileClone(prop),
  }));
  const known = new Set(fields.map((f) => f.key));
  const strict = node.additionalProperties === false;
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return cloneValue(value);
    const out = Object.create(proto);
    for (const { key, clone } of fields) {
      const v = value[key];
      if (v !== undefined) out[key] = clone ? clone(v) : v;
    }
    if (!strict) for (const key of Object.keys(value)) if (!known.has(key)) out[key] = cloneValue(value[key]);
    return out;
  };
}

function compileArray(node: SchemaNode): Cloner {
  const item = node.items && !Array.isArray(node.items) ? compileClone(node.items) : cloneValue;
  return (value) => {
    if (!Array.isArray(value)) return cloneValue(value);
    return item ? value.map(item) : value.slice();
  };
}

function compileRecord(node: SchemaNode): Cloner {
  const valueNode = Object.values(node.patternProperties ?? {})[0];
  const clone = valueNode ? compileClone(valueNode) : cloneValue;
  if (!clone) return (value) => (typeof value === "object" && value !== null ? { ...value } : value);
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return cloneValue(value);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = clone(value[key]);
    return out;
  };
}

/** Compiles a deep copy for values of `node` (embedded objects get their class prototype). */
export function compileClone(node: SchemaNode): Cloner {
  const kind = node[Kind];
  if (IMMUTABLE.has(kind)) return undefined;
  if (kind === "Date") return cloneDate;
  if (kind === "Object") return compileObject(node);
  if (kind === "Array") return compileArray(node);
  if (kind === "Record") return compileRecord(node);
  if (kind === "Union" && node.anyOf?.every((branch) => compileClone(branch) === undefined)) return undefined;
  return cloneValue;
}
