import { fail } from "../errors.ts";
import { compareStrings } from "../query/compare.ts";
import { formatElement, formatValue } from "../query/format.ts";
import { arrayIndexOf, isDocument } from "../query/path.ts";
import type { ArrayFilters } from "./array-filters.ts";
import { identical } from "./identical.ts";
import { type LeafContext, type LeafOperation, MISSING } from "./leaf.ts";
import type { PathComponent, UpdatePath } from "./update-path.ts";

interface TreeNode {
  readonly component: PathComponent | undefined;
  readonly children: Map<string, TreeNode>;
  /** Child keys in application order (mongod's `compareKeys` order). */
  keys: string[];
  op: LeafOperation | undefined;
  /** Some operation below creates missing paths. */
  creates: boolean;
}

/** Per-application state: the document-independent settings plus the concrete paths written so far. */
export interface ApplyState {
  readonly leaf: Omit<LeafContext, "path" | "field">;
  readonly positionalIndex: number | undefined;
  readonly arrayFilters: ArrayFilters;
  readonly written: string[];
}

/** mongod's cap on the nulls an update may add to reach an array index. */
const MAX_PADDING = 1_500_000;

/**
 * mongod's order of sibling update paths (`cmpPathsAndArrayIndexes`): names starting with a digit and
 * without a leading zero compare as numbers (shorter first), everything else in binary order.
 */
function compareKeys(a: string, b: string): number {
  const numeric = (s: string) =>
    s.length > 0 && s[0]! >= "0" && s[0]! <= "9" && !(s[0] === "0" && s.length > 1);
  if (!numeric(a) || !numeric(b) || a.length === b.length) return compareStrings(a, b);
  return a.length - b.length;
}

function newNode(component: PathComponent | undefined): TreeNode {
  return { component, children: new Map(), keys: [], op: undefined, creates: false };
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * The operations of one update as a tree of paths, applied copy-on-write. Existing fields are updated
 * in place; created fields are appended in binary order of their names; arrays are padded with nulls
 * when an index past the end is set; traversing a scalar fails with PathNotViable (28).
 */
export class UpdateTree {
  readonly #root = newNode(undefined);

  /** Adds an operation at a path; two operations on the same path or on a path and its prefix conflict (40). */
  add(path: UpdatePath, op: LeafOperation): void {
    let node = this.#root;
    const seen: string[] = [];
    for (const component of path.components) {
      seen.push(component.name);
      if (node.op) this.#conflict(path.dotted, seen.slice(0, -1).join("."));
      let child = node.children.get(component.name);
      if (child === undefined) {
        child = newNode(component);
        node.children.set(component.name, child);
        node.keys = [...node.children.keys()].sort(compareKeys);
      }
      if (op.creates) node.creates = true;
      node = child;
    }
    if (node.op || node.children.size > 0) this.#conflict(path.dotted, path.dotted);
    node.op = op;
    if (op.creates) node.creates = true;
  }

  #conflict(path: string, at: string): never {
    return fail(
      "ConflictingUpdateOperators",
      `Updating the path '${path}' would create a conflict at '${at}'`,
    );
  }

  /** Applies the tree to a document; returns the same object when nothing changed. */
  apply(doc: Record<string, unknown>, state: ApplyState): Record<string, unknown> {
    const out = this.#applyDocument(doc, this.#root, "", state);
    checkWrittenPaths(state.written);
    return out;
  }

  #applyValue(value: unknown, node: TreeNode, path: string, field: string, state: ApplyState): unknown {
    if (node.op) return this.#applyLeaf(value, node.op, path, field, state);
    if (value === MISSING) {
      if (!node.creates) return MISSING;
      for (const key of node.keys) {
        const kind = node.children.get(key)!.component!.kind;
        if (kind === "positional")
          fail("BadValue", "The positional operator did not find the match needed from the query.");
        if (kind !== "field")
          fail("BadValue", `The path '${path}' must exist in the document in order to apply array updates.`);
      }
      const empty = {};
      const created = this.#applyDocument(empty, node, path, state);
      return created === empty ? MISSING : created;
    }
    if (Array.isArray(value)) return this.#applyArray(value, node, path, field, state);
    if (isDocument(value) && (value as { _bsontype?: unknown })._bsontype === undefined) {
      return this.#applyDocument(value, node, path, state);
    }
    if (!node.creates) return value;
    if (node.keys.some((key) => node.children.get(key)!.component!.kind !== "field")) nonArray(field, value);
    return fail(
      "PathNotViable",
      `Cannot create field '${node.keys[0]}' in element ${formatElement(field, value)}`,
    );
  }

  #applyLeaf(value: unknown, op: LeafOperation, path: string, field: string, state: ApplyState): unknown {
    if (value === MISSING && !op.creates) return MISSING;
    state.written.push(path);
    const next = op.apply(value, { ...state.leaf, path, field });
    if (next !== MISSING && value !== MISSING && identical(value, next)) return value;
    return next;
  }

  #applyDocument(
    doc: Record<string, unknown>,
    node: TreeNode,
    path: string,
    state: ApplyState,
  ): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    const appended: [string, unknown][] = [];
    for (const key of node.keys) {
      const child = node.children.get(key)!;
      if (child.component!.kind !== "field") {
        if (!child.creates && !child.op?.creates) continue;
        nonArray(path.split(".").at(-1)!, doc);
      }
      const exists = Object.hasOwn(doc, key);
      const current = exists ? doc[key] : MISSING;
      const next = this.#applyValue(current, child, join(path, key), key, state);
      if (next === current) continue;
      out ??= { ...doc };
      if (next === MISSING) delete out[key];
      else if (exists) out[key] = next;
      else appended.push([key, next]);
    }
    if (out === undefined) return doc;
    for (const [key, value] of appended) out[key] = value;
    return out;
  }

  #applyArray(array: unknown[], node: TreeNode, path: string, field: string, state: ApplyState): unknown[] {
    const targets: [number, TreeNode][] = [];
    for (const key of node.keys) {
      const child = node.children.get(key)!;
      for (const index of this.#indexes(array, child, field, state)) targets.push([index, child]);
    }
    targets.sort((a, b) => a[0] - b[0]);
    let out: unknown[] | undefined;
    for (const [index, child] of targets) {
      const source = out ?? array;
      const current = index < source.length ? source[index] : MISSING;
      const next = this.#applyValue(current, child, join(path, String(index)), String(index), state);
      if (next === current) continue;
      out ??= array.slice();
      if (next === MISSING) {
        if (index < out.length) out[index] = null;
        continue;
      }
      if (index - out.length > MAX_PADDING) fail(34, `can't backfill more than ${MAX_PADDING} elements`);
      while (out.length < index) out.push(null);
      out[index] = next;
    }
    return out ?? array;
  }

  #indexes(array: unknown[], child: TreeNode, field: string, state: ApplyState): number[] {
    const component = child.component!;
    switch (component.kind) {
      case "positional": {
        const index = state.positionalIndex;
        if (index === undefined)
          fail("BadValue", "The positional operator did not find the match needed from the query.");
        return [index];
      }
      case "all":
        return array.map((_, i) => i);
      case "filtered": {
        const test = state.arrayFilters.get(component.id)!;
        const out: number[] = [];
        for (let i = 0; i < array.length; i++) if (test(array[i])) out.push(i);
        return out;
      }
      case "field": {
        const index = arrayIndexOf(component.name);
        if (index >= 0) return [index];
        if (!child.creates && !child.op?.creates) return [];
        return fail(
          "PathNotViable",
          `Cannot create field '${component.name}' in element ${formatElement(field, array)}`,
        );
      }
    }
  }
}

function nonArray(field: string, value: unknown): never {
  return fail("BadValue", `Cannot apply array updates to non-array element ${field}: ${formatValue(value)}`);
}

/** Two writes to one concrete path, or to a path and its prefix (through `$[]`/`$[id]`/`$`), conflict. */
function checkWrittenPaths(written: string[]): void {
  if (written.length < 2) return;
  const sorted = [...written].sort(compareStrings);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a === b || b.startsWith(`${a}.`)) {
      fail("ConflictingUpdateOperators", `Update created a conflict at '${b}'`);
    }
  }
}
