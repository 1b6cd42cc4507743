import type { Document } from "bson";
import type { AggregateContext, MergeWrites } from "../aggregate/context.ts";
import type { Collation } from "../query/compare.ts";
import type { StorageView } from "../storage/collection-view.ts";
import { allDocuments } from "./find.ts";
import { encodeStored, prepareInsert } from "./prepare.ts";
import { decodeBson } from "../wire/message.ts";

/** The aggregation engine's view of the SQLite storage. */
export function aggregateContext(
  storage: StorageView,
  dbName: string,
  settings: { collation?: Collation; variables?: Record<string, unknown> },
): AggregateContext {
  return {
    dbName,
    now: new Date(),
    collation: settings.collation,
    variables: settings.variables,
    readCollection: (db, coll) => allDocuments(storage.get(db, coll)),
    replaceCollection(db, coll, docs) {
      storage.write(() => {
        const store = storage.getOrCreate(db, coll);
        for (const row of [...store.scan()]) store.delete(row.rid, decodeBson(row.doc));
        for (const doc of docs) {
          const prepared = prepareInsert(doc);
          store.insert(prepared.doc, prepared.bytes);
        }
      });
    },
    applyMerge(db: string, coll: string, writes: MergeWrites) {
      storage.write(() => {
        const store = storage.getOrCreate(db, coll);
        for (const doc of writes.inserts) {
          const prepared = prepareInsert(doc);
          store.insert(prepared.doc, prepared.bytes);
        }
        for (const doc of writes.replacements) {
          const row = store.getById(doc._id);
          if (!row) {
            const prepared = prepareInsert(doc);
            store.insert(prepared.doc, prepared.bytes);
          } else store.replace(row.rid, decodeBson(row.doc), doc, encodeStored(doc));
        }
      });
    },
    hasUniqueIndex(db, coll, fields) {
      const store = storage.get(db, coll);
      if (!store) return false;
      const wanted = [...fields].sort().join(",");
      if (wanted === "_id") return true;
      return store.indexes.some(
        (i) =>
          i.spec.unique &&
          i.pattern
            .map(([f]) => f)
            .sort()
            .join(",") === wanted,
      );
    },
  };
}

export type { Document };
