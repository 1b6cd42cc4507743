import { type Document, Long } from "bson";
import { fail } from "../errors.ts";
import { findDocuments } from "../exec/find.ts";
import { aggregateDocuments } from "./aggregate.ts";
import type { Batch } from "../cursors.ts";
import {
  collectionName,
  optionalBool,
  optionalDocument,
  optionalNonNegativeInt,
  optionalNumber,
} from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex, letVariables } from "./query-options.ts";
import { register } from "./registry.ts";

export function cursorReply(ns: string, batch: Batch, first: boolean): Document {
  const cursor: Document = { [first ? "firstBatch" : "nextBatch"]: batch.documents };
  if (batch.postBatchResumeToken) cursor.postBatchResumeToken = batch.postBatchResumeToken;
  cursor.id = batch.cursorId;
  cursor.ns = ns;
  return { cursor, ok: 1 };
}

/** A find on a view, as the stages appended to the view's pipeline. */
function viewStages(
  filter: Document,
  sort?: Document,
  skip?: number,
  limit?: number,
  projection?: Document,
): Document[] {
  const stages: Document[] = [{ $match: filter }];
  if (sort && Object.keys(sort).length) stages.push({ $sort: sort });
  if (skip) stages.push({ $skip: skip });
  if (limit) stages.push({ $limit: Math.trunc(limit) });
  if (projection && Object.keys(projection).length) stages.push({ $project: projection });
  return stages;
}

register("find", async (ctx: CommandContext) => {
  const { server, storage, db, cmd } = ctx;
  const name = collectionName(cmd, "find");
  const store = storage.get(db, name);
  const filter = optionalDocument(cmd, "filter") ?? {};
  let limit = optionalNumber(cmd, "limit");
  let singleBatch = optionalBool(cmd, "singleBatch");
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = optionalNonNegativeInt(cmd, "batchSize");
  const skip = optionalNonNegativeInt(cmd, "skip");
  server.counters.query++;
  const sort = optionalDocument(cmd, "sort");
  const projection = optionalDocument(cmd, "projection");
  const source = store?.options.viewOn
    ? aggregateDocuments(ctx, name, viewStages(filter, sort, skip, limit, projection), {
        collation: collationOf(cmd),
        variables: letVariables(cmd),
      })
    : findDocuments(store, {
        filter,
        sort,
        projection,
        skip,
        limit: limit === undefined ? undefined : Math.trunc(limit),
        collation: collationOf(cmd),
        hint: hintedIndex(store, cmd.hint),
        variables: letVariables(cmd),
      });
  const firstBatch = batchSize ?? 101;
  const size = limit && firstBatch !== 0 ? Math.min(firstBatch, limit) : firstBatch;
  const batch = await server.cursors.open(`${db}.${name}`, source, size, singleBatch);
  return cursorReply(`${db}.${name}`, batch, true);
});

register("getMore", async ({ server, db, cmd }: CommandContext) => {
  const id = cmd.getMore;
  if (!id || typeof id !== "object" || (id as { _bsontype?: string })._bsontype !== "Long") {
    fail("TypeMismatch", "Field 'getMore' must be of type long in: " + JSON.stringify(cmd));
  }
  const coll = cmd.collection;
  if (typeof coll !== "string") fail("TypeMismatch", "Field 'collection' must be of type string");
  server.counters.getmore++;
  const ns = `${db}.${coll}`;
  const batch = await server.cursors.getMore(
    id as Long,
    ns,
    optionalNonNegativeInt(cmd, "batchSize"),
    optionalNumber(cmd, "maxTimeMS"),
  );
  return cursorReply(ns, batch, false);
});

register("killCursors", ({ server, cmd }: CommandContext) => {
  collectionName(cmd, "killCursors");
  const ids = cmd.cursors;
  if (!Array.isArray(ids)) fail("TypeMismatch", "Field 'cursors' must be an array of longs");
  const { killed, notFound } = server.cursors.kill(
    ids.map((v) => (v instanceof Long ? v : Long.fromNumber(Number(v)))),
  );
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
});
