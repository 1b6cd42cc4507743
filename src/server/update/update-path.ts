import { fail } from "../errors.ts";

/** One component of an update path. */
export type PathComponent =
  | { readonly kind: "field"; readonly name: string }
  /** `$`: the array element the query matched. */
  | { readonly kind: "positional"; readonly name: "$" }
  /** `$[]`: every element. */
  | { readonly kind: "all"; readonly name: "$[]" }
  /** `$[id]`: the elements matching array filter `id`. */
  | { readonly kind: "filtered"; readonly name: string; readonly id: string };

export interface UpdatePath {
  readonly dotted: string;
  readonly components: readonly PathComponent[];
}

const FILTERED = /^\$\[(.*)\]$/;

/**
 * Parses and validates an update path ("a.b", "a.$", "a.$[]", "a.$[x].b") with mongod's errors.
 *
 * @example parseUpdatePath("grades.$[g].score").components.map((c) => c.kind) // ["field", "filtered", "field"]
 */
export function parseUpdatePath(dotted: string): UpdatePath {
  if (dotted === "") fail("EmptyFieldName", "An empty update path is not valid.");
  let positionals = 0;
  const components = dotted.split(".").map((name, i): PathComponent => {
    if (name === "") {
      fail(
        "EmptyFieldName",
        `The update path '${dotted}' contains an empty field name, which is not allowed.`,
      );
    }
    if (!name.startsWith("$")) return { kind: "field", name };
    if (i === 0)
      fail("BadValue", `Cannot have positional (i.e. '$') element in the first position in path '${dotted}'`);
    if (name === "$") {
      if (++positionals > 1)
        fail("BadValue", `Too many positional (i.e. '$') elements found in path '${dotted}'`);
      return { kind: "positional", name };
    }
    if (name === "$[]") return { kind: "all", name };
    const filtered = FILTERED.exec(name);
    if (filtered) return { kind: "filtered", name, id: filtered[1]! };
    return fail(
      "DollarPrefixedFieldName",
      `The dollar ($) prefixed field '${name}' in '${dotted}' is not valid for storage.`,
    );
  });
  return { dotted, components };
}
