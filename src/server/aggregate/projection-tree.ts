import type { Document } from "bson";
import { fail } from "../errors.ts";
import type { Evaluator, ExpressionCompiler, Vars } from "./expression.ts";
import { parseFieldPath } from "./field-path.ts";
import { isDocument } from "./values.ts";

/**
 * One level of an aggregation projection (`$project`, `$addFields`, `$unset`), as mongod models it:
 * fields kept or dropped as they are, computed fields, and child levels for dotted/nested paths.
 */
class ProjectionNode {
  /** Inclusion mode: fields kept; exclusion mode: fields dropped. */
  readonly fields = new Set<string>();
  readonly children = new Map<string, ProjectionNode>();
  readonly computed = new Map<string, Evaluator>();
  /** Computed fields and children in spec order: the order expressions are applied in. */
  readonly order: string[] = [];
  hasComputed = false;

  child(name: string, path: string): ProjectionNode {
    if (this.fields.has(name) || this.computed.has(name)) fail(31250, `Path collision at ${path}`);
    let node = this.children.get(name);
    if (node === undefined) {
      node = new ProjectionNode();
      this.children.set(name, node);
      this.order.push(name);
    }
    return node;
  }

  claim(name: string, path: string): void {
    if (this.fields.has(name) || this.computed.has(name) || this.children.has(name)) {
      fail(31250, `Path collision at ${path}`);
    }
  }
}

export type ProjectionMode = "inclusion" | "exclusion" | "addFields";

/** A compiled projection: turns a document into its projected copy (inputs are never mutated). */
export type Projector = (doc: Document, vars: Vars) => Document;

function isBooleanLike(value: unknown): boolean {
  if (typeof value === "boolean" || typeof value === "number") return true;
  const tag = (value as { _bsontype?: string } | null)?._bsontype;
  return tag === "Int32" || tag === "Double" || tag === "Long" || tag === "Decimal128";
}

function truthyFlag(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return Number(value?.valueOf()) !== 0;
}

function isExpressionObject(value: Document): boolean {
  const first = Object.keys(value)[0];
  return first?.startsWith("$") ?? false;
}

class ProjectionParser {
  readonly root = new ProjectionNode();
  mode: ProjectionMode | undefined;
  idExcluded = false;
  readonly #c: ExpressionCompiler;
  readonly #addFields: boolean;

  constructor(c: ExpressionCompiler, addFields: boolean) {
    this.#c = c;
    this.#addFields = addFields;
    if (addFields) this.mode = "addFields";
  }

  #setMode(mode: "inclusion" | "exclusion", path: string): void {
    if (this.mode === undefined || this.mode === mode) {
      this.mode = mode;
      return;
    }
    if (mode === "exclusion")
      fail(
        31254,
        `Invalid $project :: caused by :: Cannot do exclusion on field ${path} in inclusion projection`,
      );
    fail(
      31253,
      `Invalid $project :: caused by :: Cannot do inclusion on field ${path} in exclusion projection`,
    );
  }

  parse(spec: Document, node: ProjectionNode, prefix: string): void {
    for (const key of Object.keys(spec)) {
      const parts = parseFieldPath(key);
      const path = prefix + key;
      let target = node;
      for (let i = 0; i < parts.length - 1; i++) target = target.child(parts[i]!, path);
      this.#parseField(target, parts[parts.length - 1]!, spec[key], path);
    }
  }

  #parseField(node: ProjectionNode, name: string, value: unknown, path: string): void {
    if (!this.#addFields && isBooleanLike(value)) {
      const include = truthyFlag(value);
      if (path === "_id") {
        node.claim(name, path);
        this.idExcluded = !include;
        return;
      }
      this.#setMode(include ? "inclusion" : "exclusion", path);
      node.claim(name, path);
      node.fields.add(name);
      return;
    }
    if (isDocument(value) && !isExpressionObject(value)) {
      if (Object.keys(value).length === 0) {
        if (!this.#addFields) {
          fail(51270, `An empty sub-projection is not a valid value. Found empty object at path ${path}`);
        }
      } else {
        this.parse(value, node.child(name, path), `${path}.`);
        return;
      }
    }
    this.#addComputed(node, name, value, path);
  }

  #addComputed(node: ProjectionNode, name: string, value: unknown, path: string): void {
    if (!this.#addFields) {
      if (this.mode === "exclusion")
        fail(
          31252,
          `Invalid $project :: caused by :: Cannot use expression other than $meta in exclusion projection`,
        );
      this.mode = "inclusion";
    }
    node.claim(name, path);
    node.computed.set(name, this.#c.compile(value));
    node.order.push(name);
  }
}

function markComputed(node: ProjectionNode): boolean {
  let any = node.computed.size > 0;
  for (const child of node.children.values()) if (markComputed(child)) any = true;
  node.hasComputed = any;
  return any;
}

/**
 * Compiles a `$project` spec (inclusion or exclusion, with computed fields in inclusion mode) or,
 * with `mode: "addFields"`, a `$addFields`/`$set` spec (every value is an expression, existing
 * fields are kept and nested specs merge into subdocuments).
 *
 * @example compileProjection({ a: 1, total: { $add: ["$x", "$y"] } }, compiler, "project")
 */
export function compileProjection(
  spec: unknown,
  c: ExpressionCompiler,
  stage: "project" | "addFields",
): Projector {
  if (!isDocument(spec)) fail(15969, `$${stage} specification must be an object`);
  if (stage === "project" && Object.keys(spec).length === 0) {
    fail(51272, "Invalid $project :: caused by :: projection specification must have at least one field");
  }
  const parser = new ProjectionParser(c, stage === "addFields");
  parser.parse(spec, parser.root, "");
  const root = parser.root;
  markComputed(root);
  if (parser.mode === "addFields") {
    return (doc, vars) => {
      const out = { ...doc };
      applyExpressions(root, out, doc, vars);
      return out;
    };
  }
  if (parser.mode === "exclusion" || (parser.mode === undefined && parser.idExcluded)) {
    if (parser.idExcluded) root.fields.add("_id");
    return (doc) => exclude(root, doc);
  }
  if (!parser.idExcluded && !root.children.has("_id") && !root.computed.has("_id")) root.fields.add("_id");
  return (doc, vars) => {
    const out = include(root, doc);
    if (root.hasComputed) applyExpressions(root, out, doc, vars);
    return out;
  };
}

/** Compiles `$unset` fields as an exclusion projection. */
export function compileExclusion(paths: readonly string[]): (doc: Document) => Document {
  const root = new ProjectionNode();
  for (const path of paths) {
    const parts = parseFieldPath(path);
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) node = node.child(parts[i]!, path);
    node.claim(parts[parts.length - 1]!, path);
    node.fields.add(parts[parts.length - 1]!);
  }
  return (doc) => exclude(root, doc);
}

function exclude(node: ProjectionNode, doc: Document): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    if (node.fields.has(key)) continue;
    const child = node.children.get(key);
    out[key] = child ? excludeValue(child, doc[key]) : doc[key];
  }
  return out;
}

function excludeValue(node: ProjectionNode, value: unknown): unknown {
  if (isDocument(value)) return exclude(node, value);
  if (Array.isArray(value)) return value.map((v) => excludeValue(node, v));
  return value;
}

function include(node: ProjectionNode, doc: Document): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    if (node.fields.has(key)) out[key] = doc[key];
    else {
      const child = node.children.get(key);
      if (child === undefined) continue;
      const v = includeValue(child, doc[key]);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

function includeValue(node: ProjectionNode, value: unknown): unknown {
  if (isDocument(value)) return include(node, value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      if (isDocument(v) || Array.isArray(v)) out.push(includeValue(node, v));
    }
    return out;
  }
  return undefined;
}

function applyExpressions(node: ProjectionNode, out: Document, root: Document, vars: Vars): void {
  for (const key of node.order) {
    const evaluate = node.computed.get(key);
    if (evaluate) {
      const v = evaluate(root, vars);
      if (v === undefined) delete out[key];
      else out[key] = v;
      continue;
    }
    const child = node.children.get(key)!;
    if (child.hasComputed) out[key] = expressionsOnValue(child, out[key], root, vars);
  }
}

function expressionsOnValue(node: ProjectionNode, value: unknown, root: Document, vars: Vars): unknown {
  if (Array.isArray(value)) return value.map((v) => expressionsOnValue(node, v, root, vars));
  const out: Document = isDocument(value) ? { ...value } : {};
  applyExpressions(node, out, root, vars);
  return out;
}
