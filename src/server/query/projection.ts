import { fail } from "../errors.ts";
import { type ExpressionSettings, compileQueryExpression } from "./expressions.ts";
import { compileFilter } from "./match.ts";
import { isDocument, MISSING } from "./path.ts";
import { type ProjectionNode, parseProjection, type SliceSpec } from "./projection-spec.ts";

type Doc = Record<string, unknown>;

/** Applies a projection; `positionalIndex` is the matcher's `arrayIndex` (for `field.$`). */
export type Projector = (doc: Doc, positionalIndex?: number) => Doc;

/** A projection node with its expressions and `$elemMatch` compiled. */
interface Node {
  readonly children: Map<string, Node>;
  readonly flag?: boolean;
  readonly slice?: SliceSpec;
  readonly positional?: boolean;
  readonly evaluate?: (root: Doc) => unknown;
  /** Index of the first element matching the `$elemMatch`, or undefined. */
  readonly elemMatch?: (array: unknown[]) => number | undefined;
  /** The subtree has computed fields (they create documents where the input has none). */
  readonly computes: boolean;
}

function compileNode(node: ProjectionNode, settings: ExpressionSettings): Node {
  const children = new Map<string, Node>();
  let computes = node.expression !== undefined;
  for (const [key, child] of node.children) {
    const compiled = compileNode(child, settings);
    computes ||= compiled.computes;
    children.set(key, compiled);
  }
  const out: {
    -readonly [K in keyof Node]: Node[K];
  } = { children, computes };
  if (node.flag !== undefined) out.flag = node.flag;
  if (node.slice !== undefined) out.slice = node.slice;
  if (node.positional) out.positional = true;
  if (node.expression !== undefined) out.evaluate = compileQueryExpression(node.expression, settings);
  if (node.elemMatch !== undefined) {
    const matcher = compileFilter({ x: { $elemMatch: node.elemMatch } }, settings);
    out.elemMatch = (array) => {
      const result = matcher.matchesWithPosition({ x: array });
      return result.matched ? result.arrayIndex : undefined;
    };
  }
  return out;
}

function sliceArray(array: unknown[], slice: SliceSpec): unknown[] {
  if ("count" in slice)
    return slice.count >= 0
      ? array.slice(0, slice.count)
      : array.slice(Math.max(0, array.length + slice.count));
  const skip = slice.skip ?? 0;
  const start = skip < 0 ? Math.max(0, array.length + skip) : Math.min(skip, array.length);
  return array.slice(start, start + slice.limit);
}

class Projection {
  readonly #root: Node;
  readonly #inclusion: boolean;
  #position: number | undefined;

  constructor(root: Node, inclusion: boolean) {
    this.#root = root;
    this.#inclusion = inclusion;
  }

  apply(doc: Doc, position: number | undefined): Doc {
    this.#position = position;
    return this.#inclusion ? this.#includeDoc(doc, this.#root, doc) : this.#excludeDoc(doc, this.#root);
  }

  #leafValue(value: unknown, node: Node): unknown {
    if (!Array.isArray(value)) return value;
    if (node.slice) return sliceArray(value, node.slice);
    if (node.positional) {
      const position = this.#position;
      if (position === undefined || position >= value.length) {
        fail(51246, "positional operator '.$' couldn't find a matching element in the array");
      }
      return [value[position]];
    }
    return value;
  }

  #includeDoc(doc: Doc, node: Node, root: Doc): Doc {
    const out: Doc = {};
    let deferred: [string, unknown, Node][] | undefined;
    for (const key of Object.keys(doc)) {
      const child = node.children.get(key);
      if (child === undefined || child.evaluate) continue;
      const value = doc[key];
      if (child.elemMatch) (deferred ??= []).push([key, value, child]);
      else if (child.children.size === 0) out[key] = this.#leafValue(value, child);
      else {
        const projected = this.#includeValue(value, child, root);
        if (projected !== MISSING) out[key] = projected;
      }
    }
    // mongod puts $elemMatch results after the other included fields
    for (const [key, value, child] of deferred ?? []) {
      const index = Array.isArray(value) ? child.elemMatch!(value) : undefined;
      if (index !== undefined) out[key] = [(value as unknown[])[index]];
    }
    if (node.computes) this.#addComputed(doc, node, root, out);
    return out;
  }

  #addComputed(doc: Doc, node: Node, root: Doc, out: Doc): void {
    for (const [key, child] of node.children) {
      if (child.evaluate) {
        const value = child.evaluate(root);
        if (value !== undefined) out[key] = value;
      } else if (child.computes && !Object.hasOwn(doc, key)) {
        out[key] = this.#includeDoc({}, child, root);
      }
    }
  }

  #includeValue(value: unknown, node: Node, root: Doc): unknown {
    if (isDocument(value)) return this.#includeDoc(value, node, root);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) {
        if (isDocument(element)) out.push(this.#includeDoc(element, node, root));
        else if (Array.isArray(element)) out.push(this.#includeValue(element, node, root));
        else if (node.computes) out.push(this.#includeDoc({}, node, root));
      }
      return out;
    }
    return node.computes ? this.#includeDoc({}, node, root) : MISSING;
  }

  #excludeDoc(doc: Doc, node: Node): Doc {
    const out: Doc = {};
    for (const key of Object.keys(doc)) {
      const child = node.children.get(key);
      const value = doc[key];
      if (child === undefined) out[key] = value;
      else if (child.children.size > 0) out[key] = this.#excludeValue(value, child);
      else if (child.flag !== false) out[key] = this.#leafValue(value, child);
    }
    return out;
  }

  #excludeValue(value: unknown, node: Node): unknown {
    if (isDocument(value)) return this.#excludeDoc(value, node);
    if (Array.isArray(value)) return value.map((element) => this.#excludeValue(element, node));
    return value;
  }
}

/**
 * Compiles a find projection once: inclusion (`{a: 1}`), exclusion (`{a: 0}`), `_id` rules, dotted and
 * nested paths (applied through arrays of documents), positional `field.$`, `$slice`, `$elemMatch`, and
 * computed fields (aggregation expressions, MongoDB 4.4+). Never mutates its input.
 *
 * @example
 * const project = compileProjection({ name: 1, "grades.$": 1 });
 * project({ _id: 1, name: "a", grades: [80, 95], x: 1 }, 1); // { _id: 1, name: "a", grades: [95] }
 */
export function compileProjection(
  spec: Record<string, unknown>,
  settings: ExpressionSettings = {},
): Projector {
  const parsed = parseProjection(spec);
  const projection = new Projection(compileNode(parsed.root, settings), parsed.mode === "inclusion");
  return (doc, positionalIndex) => projection.apply(doc, positionalIndex);
}
