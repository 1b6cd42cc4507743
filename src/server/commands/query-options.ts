import type { Document } from "bson";
import { fail } from "../errors.ts";
import type { Collation } from "../query/compare.ts";
import type { CollectionView } from "../storage/collection-view.ts";
import type { IndexStore } from "../storage/index-store.ts";
import { resolveLetVariables } from "../aggregate/pipeline.ts";
import { optionalDocument } from "./args.ts";

/** The command's collation, or undefined for simple binary comparison. */
export function collationOf(cmd: Document): Collation | undefined {
  const collation = optionalDocument(cmd, "collation");
  if (!collation) return undefined;
  if (typeof collation.locale !== "string") fail("BadValue", 'Missing expected field "locale"');
  if (collation.locale === "simple") return undefined;
  return collation as unknown as Collation;
}

/** The index a `hint` names (by name or key pattern); `$natural` and `_id` hints scan the collection. */
export function hintedIndex(store: CollectionView | undefined, hint: unknown): IndexStore | undefined {
  if (hint === undefined || hint === null || !store) return undefined;
  if (typeof hint === "string") {
    if (hint === "_id_") return undefined;
    const index = store.indexes.find((i) => i.name === hint);
    if (!index)
      fail(
        "BadValue",
        "error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index",
      );
    return index;
  }
  if (typeof hint === "object") {
    const keys = Object.keys(hint as Document);
    if (keys.length === 0) return undefined;
    if (keys[0] === "$natural" || (keys.length === 1 && keys[0] === "_id")) return undefined;
    const wanted = JSON.stringify(Object.entries(hint as Document).map(([k, v]) => [k, Number(v)]));
    const index = store.indexes.find(
      (i) => JSON.stringify(i.pattern.map(([k, v]) => [k, Number(v)])) === wanted,
    );
    if (!index)
      fail(
        "BadValue",
        "error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index",
      );
    return index;
  }
  fail("FailedToParse", "hint must be a string or an object");
}

/** A command's `let` variables evaluated to constants (`$$NOW` fixed for the command). */
export function letVariables(cmd: Document, now = new Date()): Record<string, unknown> | undefined {
  const spec = optionalDocument(cmd, "let");
  return spec ? resolveLetVariables(spec, now) : undefined;
}
