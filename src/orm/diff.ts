import { Kind } from "@sinclair/typebox";
import { Changes } from "./changes.ts";
import type { SchemaNode } from "./schema.ts";
import { isDocumentLike, sameValue } from "./values.ts";

/** Records in `out` the `$set`/`$unset` that turn `before` into `after` at `path`. */
export type Differ = (path: string, before: unknown, after: unknown, out: Changes) => void;

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Keys MongoDB cannot address with a dot path. */
const UNADDRESSABLE = /^\$|\.|^$/;

function diffSlot(path: string, before: unknown, after: unknown, differ: Differ, out: Changes): void {
  if (before === after) return;
  if (after === undefined) out.unset(path);
  else if (before === undefined || before === null || after === null) out.set(path, after);
  else differ(path, before, after, out);
}

const diffLeaf: Differ = (path, before, after, out) => {
  if (!sameValue(before, after)) out.set(path, after);
};

function extraKeys(known: Set<string>, before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !known.has(key));
}

function compileObject(node: SchemaNode): Differ {
  const fields = Object.entries(node.properties ?? {}).map(([key, prop]) => ({
    key,
    differ: compileDiff(prop),
  }));
  const known = new Set(fields.map((f) => f.key));
  const strict = node.additionalProperties === false;
  return (path, before, after, out) => {
    if (!isDocumentLike(before) || !isDocumentLike(after)) return diffLeaf(path, before, after, out);
    const extra = strict ? [] : extraKeys(known, before, after);
    if (extra.some((key) => UNADDRESSABLE.test(key))) return diffLeaf(path, before, after, out);
    for (const { key, differ } of fields) diffSlot(join(path, key), before[key], after[key], differ, out);
    for (const key of extra) diffSlot(join(path, key), before[key], after[key], diffLeaf, out);
  };
}

function compileArray(node: SchemaNode): Differ {
  const item = node.items && !Array.isArray(node.items) ? compileDiff(node.items) : diffLeaf;
  return (path, before, after, out) => {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) {
      return diffLeaf(path, before, after, out);
    }
    const elements = new Changes();
    for (let i = 0; i < after.length; i++) {
      const a = before[i];
      const b = after[i];
      if (a === b) continue;
      if (b === undefined || b === null || a === undefined || a === null)
        elements.set(`${path}.${i}`, b ?? null);
      else item(`${path}.${i}`, a, b, elements);
    }
    // When most elements changed, one `$set` of the array is smaller than many element paths.
    if (elements.count > after.length / 2 && after.length > 1) return out.set(path, after);
    for (const [key, value] of Object.entries(elements.$set ?? {})) out.set(key, value);
    for (const key of Object.keys(elements.$unset ?? {})) out.unset(key);
  };
}

function compileRecord(node: SchemaNode): Differ {
  const valueNode = Object.values(node.patternProperties ?? {})[0];
  const differ = valueNode ? compileDiff(valueNode) : diffLeaf;
  return (path, before, after, out) => {
    if (!isDocumentLike(before) || !isDocumentLike(after)) return diffLeaf(path, before, after, out);
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) if (UNADDRESSABLE.test(key)) return diffLeaf(path, before, after, out);
    for (const key of keys) diffSlot(join(path, key), before[key], after[key], differ, out);
  };
}

/** Compiles the change detection of a schema node (once per model). */
export function compileDiff(node: SchemaNode): Differ {
  switch (node[Kind]) {
    case "Object":
      return compileObject(node);
    case "Array":
      return compileArray(node);
    case "Record":
      return compileRecord(node);
    default:
      return diffLeaf;
  }
}

/** Compiles the diff of a whole document: `(before, after) => update or null`. */
export function compileDocumentDiff(node: SchemaNode): (before: object, after: object) => Changes {
  const differ = compileObject(node);
  return (before, after) => {
    const out = new Changes();
    differ("", before, after, out);
    return out;
  };
}
