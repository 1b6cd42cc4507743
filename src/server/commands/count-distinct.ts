import type { Document } from "bson";
import { fail } from "../errors.ts";
import { compileFind } from "../exec/find.ts";
import { valuesEqual } from "../query/compare.ts";
import {
  collectionName,
  optionalDocument,
  optionalNonNegativeInt,
  optionalNumber,
  requiredString,
} from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex } from "./query-options.ts";
import { register } from "./registry.ts";
import { aggregateDocuments } from "./aggregate.ts";

register("count", async (ctx: CommandContext) => {
  const { storage, db, cmd } = ctx;
  const name = collectionName(cmd, "count");
  const store = storage.get(db, name);
  const filter = optionalDocument(cmd, "query") ?? {};
  const skip = optionalNonNegativeInt(cmd, "skip") ?? 0;
  const rawLimit = optionalNumber(cmd, "limit");
  const limit = rawLimit === undefined ? 0 : Math.abs(Math.trunc(rawLimit));
  if (!store) return { n: 0, ok: 1 };
  if (store.options.viewOn) {
    const stages: Document[] = [{ $match: filter }];
    if (skip) stages.push({ $skip: skip });
    if (limit) stages.push({ $limit: limit });
    let n = 0;
    for await (const _ of aggregateDocuments(ctx, name, stages, { collation: collationOf(cmd) })) n++;
    return { n, ok: 1 };
  }
  if (Object.keys(filter).length === 0 && !cmd.hint) {
    const total = Math.max(0, store.count() - skip);
    return { n: limit ? Math.min(limit, total) : total, ok: 1 };
  }
  const { matches } = compileFind(store, {
    filter,
    skip,
    limit,
    collation: collationOf(cmd),
    hint: hintedIndex(store, cmd.hint),
  });
  let n = 0;
  for (const _ of matches()) n++;
  return { n, ok: 1 };
});

register("distinct", ({ storage, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "distinct");
  const key = requiredString(cmd, "key");
  if (key === "") fail("BadValue", "FieldPath cannot be constructed with empty string");
  const store = storage.get(db, name);
  const collation = collationOf(cmd);
  const { matches } = compileFind(store, {
    filter: optionalDocument(cmd, "query") ?? {},
    collation,
    hint: hintedIndex(store, cmd.hint),
  });
  const values: unknown[] = [];
  const add = (v: unknown) => {
    if (v === undefined) return;
    if (!values.some((seen) => valuesEqual(seen, v, collation))) values.push(v);
  };
  const path = key.split(".");
  for (const match of matches()) collect(match.doc, path, 0, add);
  return { values, ok: 1 };
});

/** Values at a dotted path, unwinding arrays along the way and at the end (as distinct does). */
function collect(value: unknown, path: string[], depth: number, add: (v: unknown) => void): void {
  if (depth === path.length) {
    if (Array.isArray(value)) for (const element of value) add(element);
    else add(value);
    return;
  }
  if (Array.isArray(value)) {
    const segment = path[depth]!;
    if (/^\d+$/.test(segment)) {
      collect(value[Number(segment)], path, depth + 1, add);
      return;
    }
    for (const element of value) collect(element, path, depth, add);
    return;
  }
  if (value === null || typeof value !== "object" || "_bsontype" in value || value instanceof Date) return;
  collect((value as Document)[path[depth]!], path, depth + 1, add);
}
