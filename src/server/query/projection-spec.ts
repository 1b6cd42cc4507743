import { fail } from "../errors.ts";
import { isOperatorDocument } from "./field-operators.ts";
import { isNumber, isZero, type NumericValue, toSafeInteger } from "./numbers.ts";
import { isDocument } from "./path.ts";

/** `$slice` argument: a count (negative: from the end) or `[skip, limit]`. */
export type SliceSpec = { readonly skip?: number; readonly limit: number } | { readonly count: number };

/** A parsed projection path (a node of the projection tree). */
export interface ProjectionNode {
  readonly children: Map<string, ProjectionNode>;
  /** Leaf: include (true) or exclude (false) the whole value. */
  flag?: boolean;
  /** Leaf: a computed value (aggregation expression). */
  expression?: unknown;
  slice?: SliceSpec;
  elemMatch?: Record<string, unknown>;
  /** Leaf: `field.$` — keep only the element the query's positional match refers to. */
  positional?: boolean;
}

export interface ParsedProjection {
  readonly root: ProjectionNode;
  readonly mode: "inclusion" | "exclusion";
}

function newNode(): ProjectionNode {
  return { children: new Map() };
}

function isLeaf(node: ProjectionNode): boolean {
  return node.children.size === 0;
}

class SpecParser {
  readonly root = newNode();
  mode: "inclusion" | "exclusion" | undefined;
  includeId = true;
  hasPositional = false;

  parse(spec: Record<string, unknown>, prefix: string): void {
    for (const key of Object.keys(spec))
      this.#field(prefix === "" ? key : `${prefix}.${key}`, spec[key], prefix === "");
  }

  #field(path: string, value: unknown, topLevel: boolean) {
    const parts = path.split(".");
    for (const part of parts) {
      if (part === "") fail(40352, "FieldPath cannot be constructed with empty string");
      if (part.startsWith("$") && part !== "$") {
        fail(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
      }
    }
    if (parts.at(-1) === "$") return this.#positional(path, parts.slice(0, -1), value);
    if (parts.includes("$"))
      fail(
        "BadValue",
        `Positional projection '${path}' contains the positional operator in the middle of the path`,
      );
    if (typeof value === "boolean" || isNumber(value)) {
      const include = typeof value === "boolean" ? value : !isZero(value);
      if (topLevel && path === "_id") {
        this.includeId = include;
        if (include) this.#leaf(parts, path).flag = true;
        return;
      }
      this.#setMode(include ? "inclusion" : "exclusion", path);
      this.#leaf(parts, path).flag = include;
      return;
    }
    if (isOperatorDocument(value)) {
      const op = Object.keys(value)[0]!;
      if (op === "$slice") return this.#slice(parts, path, value.$slice);
      if (op === "$elemMatch") return this.#elemMatch(parts, path, value.$elemMatch);
      if (op === "$meta")
        fail("BadValue", `$meta projection '${String(value.$meta)}' is not supported by this server`);
    } else if (isDocument(value) && (value as { _bsontype?: unknown })._bsontype === undefined) {
      if (Object.keys(value).length === 0) {
        fail(51270, `An empty sub-projection is not a valid value. Found empty object at path ${path}`);
      }
      return this.parse(value, path);
    }
    this.#setMode("inclusion", path);
    this.#leaf(parts, path).expression = value;
  }

  #positional(path: string, parts: string[], value: unknown): void {
    if (this.hasPositional) fail(31276, "Cannot specify more than one positional projection per query.");
    if (!(value === true || (isNumber(value) && !isZero(value)))) {
      fail(31308, `positional projection cannot be used with a literal: ${path}`);
    }
    this.#setMode("inclusion", path);
    this.hasPositional = true;
    const node = this.#leaf(parts, path);
    node.flag = true;
    node.positional = true;
  }

  #slice(parts: string[], path: string, arg: unknown): void {
    let slice: SliceSpec;
    if (isNumber(arg)) {
      const count = toSafeInteger(arg);
      if (count === undefined) fail(28667, "$slice only supports numbers and [skip, limit] arrays");
      slice = { count };
    } else if (Array.isArray(arg) && arg.length === 2 && arg.every(isNumber)) {
      const skip = toSafeInteger(arg[0] as NumericValue);
      const limit = toSafeInteger(arg[1] as NumericValue);
      if (skip === undefined || limit === undefined)
        fail(28667, "$slice only supports numbers and [skip, limit] arrays");
      if (limit <= 0) fail(28724, `Invalid $slice syntax. The limit must be positive: ${limit}`);
      slice = { skip, limit };
    } else {
      fail(28667, "$slice only supports numbers and [skip, limit] arrays");
    }
    const node = this.#leaf(parts, path);
    node.slice = slice;
  }

  #elemMatch(parts: string[], path: string, arg: unknown): void {
    if (parts.length > 1) fail("BadValue", "Cannot use $elemMatch projection on a nested field.");
    if (!isDocument(arg)) fail("BadValue", "elemMatch: Invalid argument, object required.");
    this.#setMode("inclusion", path);
    const node = this.#leaf(parts, path);
    node.flag = true;
    node.elemMatch = arg;
  }

  #setMode(mode: "inclusion" | "exclusion", path: string): void {
    if (this.mode === undefined) this.mode = mode;
    else if (this.mode !== mode) {
      if (mode === "exclusion") fail(31254, `Cannot do exclusion on field ${path} in inclusion projection`);
      fail(31253, `Cannot do inclusion on field ${path} in exclusion projection`);
    }
  }

  #leaf(parts: string[], path: string): ProjectionNode {
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      let child = node.children.get(part);
      const last = i === parts.length - 1;
      if (child === undefined) {
        child = newNode();
        node.children.set(part, child);
      } else if (last || isLeaf(child)) {
        // an existing leaf on the way, or a subtree where this path ends
        fail(31250, `Path collision at ${path}`);
      }
      node = child;
    }
    return node;
  }
}

/**
 * Parses and validates a find projection: inclusion/exclusion mode (mixing fails with 31253/31254),
 * `_id` rules, positional `field.$`, `$slice`, `$elemMatch` and computed fields (aggregation expressions).
 */
export function parseProjection(spec: Record<string, unknown>): ParsedProjection {
  if (!isDocument(spec)) fail("TypeMismatch", "projection must be an object");
  const parser = new SpecParser();
  parser.parse(spec, "");
  const explicitId = Object.hasOwn(spec, "_id") && parser.includeId;
  const mode = parser.mode ?? (explicitId ? "inclusion" : "exclusion");
  const { children } = parser.root;
  if (mode === "exclusion") {
    children.delete("_id");
    if (!parser.includeId) children.set("_id", { children: new Map(), flag: false });
  } else if (parser.includeId && !children.has("_id"))
    children.set("_id", { children: new Map(), flag: true });
  return { root: parser.root, mode };
}
