import type { Document } from "bson";
import { serialize } from "bson";
import { fail } from "../errors.ts";
import { ID_INDEX_SPEC } from "../storage/collection-store.ts";
import { type IndexSpec, parseIndexSpec, sameIndexOptions } from "../storage/index-spec.ts";
import { decodeBson } from "../wire/message.ts";
import { RawDocument } from "../wire/raw-document.ts";
import { collectionName, optionalNumber } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { cursorReply } from "./find.ts";
import { register } from "./registry.ts";

register("createIndexes", ({ server, db, cmd, session, inTransaction }: CommandContext) => {
  const name = collectionName(cmd, "createIndexes");
  const specs = cmd.indexes;
  if (!Array.isArray(specs))
    fail("TypeMismatch", "BSON field 'createIndexes.indexes' is the wrong type, expected type 'array'");
  if (specs.length === 0) fail("BadValue", "Must specify at least one index to create");
  const parsed = specs.map((s) => parseIndexSpec(s as Document));
  return server.storage.write(() => {
    const existed = server.storage.get(db, name);
    const txn = inTransaction ? session!.txn! : undefined;
    if (existed?.pendingOwner && existed.pendingOwner !== txn)
      fail("WriteConflict", "collection is being created by another transaction");
    const store = existed ?? server.storage.create(db, name, {});
    if (txn && !existed) txn.adopt(store);
    const before = store.indexes.length + 1;
    for (const spec of parsed) {
      const sameName =
        spec.name === "_id_" ? ID_INDEX_SPEC : store.indexes.find((i) => i.name === spec.name)?.spec;
      const sameKey =
        store.indexes.find((i) => keyEquals(i.spec.key, spec.key))?.spec ??
        (keyEquals(spec.key, { _id: 1 }) ? ID_INDEX_SPEC : undefined);
      if (sameName) {
        if (keyEquals(sameName.key, spec.key) && sameIndexOptions(sameName, spec)) continue;
        fail(
          keyEquals(sameName.key, spec.key) ? "IndexOptionsConflict" : "IndexKeySpecsConflict",
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${describe(spec)}, existing index: ${describe(sameName)}`,
        );
      }
      if (sameKey) {
        if (sameIndexOptions(sameKey, spec)) continue;
        fail("IndexOptionsConflict", `Index already exists with a different name: ${sameKey.name}`);
      }
      const index = server.storage.addIndex(store, spec, decodeBson);
      if (txn && existed) txn.adopt(store, index);
    }
    const after = store.indexes.length + 1;
    const reply: Document = {
      numIndexesBefore: before,
      numIndexesAfter: after,
      createdCollectionAutomatically: !existed,
      ok: 1,
    };
    if (before === after) reply.note = "all indexes already exist";
    return reply;
  });
});

export function keyEquals(a: Document, b: Document): boolean {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return (
    ea.length === eb.length && ea.every(([k, v], i) => eb[i]![0] === k && String(v) === String(eb[i]![1]))
  );
}

function describe(spec: IndexSpec): string {
  return JSON.stringify(spec);
}

register("listIndexes", async ({ server, db, cmd, session }: CommandContext) => {
  const name = collectionName(cmd, "listIndexes");
  const store = server.storage.get(db, name);
  if (!store || (store.pendingOwner && store.pendingOwner !== session?.txn))
    fail("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
  const visible = store.indexes.filter((i) => !i.pendingOwner || i.pendingOwner === session?.txn);
  const clustered = store.options.clusteredIndex as Document | undefined;
  const idIndex = clustered
    ? { v: 2, key: { _id: 1 }, name: clustered.name ?? "_id_", unique: true, clustered: true }
    : ID_INDEX_SPEC;
  const docs = [idIndex, ...visible.map((i) => i.spec)].map((spec) => new RawDocument(serialize(spec)));
  const batchSize = optionalNumber((cmd.cursor as Document | undefined) ?? {}, "batchSize");
  const ns = `${db}.${name}`;
  const batch = await server.cursors.open(ns, docs[Symbol.iterator](), batchSize);
  return cursorReply(ns, batch, true);
});

register("dropIndexes", ({ server, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "dropIndexes");
  const store = server.storage.get(db, name);
  if (!store) fail("NamespaceNotFound", `ns not found ${db}.${name}`);
  const target = cmd.index;
  const nIndexesWas = store.indexes.length + 1;
  const names: string[] = [];
  if (target === "*") names.push(...store.indexes.map((i) => i.name));
  else if (typeof target === "string") names.push(target);
  else if (Array.isArray(target)) names.push(...target.map(String));
  else if (target && typeof target === "object") {
    const found = store.indexes.find((i) => keyEquals(i.spec.key, target as Document));
    if (!found) fail("IndexNotFound", `can't find index with key: ${JSON.stringify(target)}`);
    names.push(found.name);
  } else fail("TypeMismatch", "index must be a string, an array of strings or a key pattern");
  for (const indexName of names) {
    if (indexName === "_id_") fail("InvalidOptions", "cannot drop _id index");
    if (!store.indexes.some((i) => i.name === indexName))
      fail("IndexNotFound", `index not found with name [${indexName}]`);
  }
  for (const indexName of names)
    server.storage.dropIndex(store, store.indexes.find((i) => i.name === indexName)!);
  return { nIndexesWas, ok: 1 };
});
