import type { Document } from "bson";
import { serialize } from "bson";
import { compilePipeline } from "../aggregate/pipeline.ts";
import { fail } from "../errors.ts";
import { aggregateContext } from "../exec/aggregate-context.ts";
import type { Storage } from "../storage/engine.ts";
import { decodeBson } from "../wire/message.ts";
import { RawDocument } from "../wire/raw-document.ts";
import { type ChangeEvent, type ChangeLog, resumeToken, tokenSequence } from "./change-log.ts";

/** A cursor source that never ends: each batch waits up to `awaitMs` for new documents. */
export interface TailableSource {
  nextBatch(batchSize: number | undefined, awaitMs: number): Promise<RawDocument[]>;
  /** Where the stream stands, for `postBatchResumeToken`. */
  readonly resumeToken: Document;
}

export interface ChangeStreamScope {
  db: string;
  /** The collection watched; undefined watches the database (or, with allChangesForCluster, everything). */
  coll?: string;
  allChangesForCluster: boolean;
}

const OPTIONS = new Set([
  "fullDocument",
  "fullDocumentBeforeChange",
  "resumeAfter",
  "startAfter",
  "startAtOperationTime",
  "allChangesForCluster",
  "showExpandedEvents",
]);

/**
 * Opens a change stream: `{$changeStream: options}` followed by the stages in `pipeline`,
 * reading the server's change history from the position the options name (default: now).
 */
export function openChangeStream(
  storage: Storage,
  changes: ChangeLog,
  stopping: Promise<void>,
  scope: ChangeStreamScope,
  options: Document,
  pipeline: Document[],
): TailableSource {
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) fail(40415, `BSON field '$changeStream.${key}' is an unknown field.`);
  }
  if (options.allChangesForCluster && scope.db !== "admin") {
    fail(
      "InvalidOptions",
      "$changeStream may not be opened on the cluster unless run against the 'admin' database",
    );
  }
  const fullDocument = (options.fullDocument as string | undefined) ?? "default";
  if (!["default", "updateLookup", "whenAvailable", "required"].includes(fullDocument)) {
    fail("BadValue", `unknown fullDocument mode: ${fullDocument}`);
  }
  changes.enabled = true;
  let position = changes.lastSeq;
  const token = options.resumeAfter ?? options.startAfter;
  if (token !== undefined) {
    const seq = tokenSequence(token);
    if (seq === undefined) fail("BadValue", "invalid resume token");
    if (seq < changes.firstSeq - 1)
      fail(
        286,
        "Resume of change stream was not possible, as the resume point may no longer be in the oplog.",
      );
    position = seq;
  } else if (options.startAtOperationTime !== undefined) {
    const ts = options.startAtOperationTime as { i?: number; low?: number };
    position = Math.max(0, Number(ts.i ?? ts.low ?? 0) - 1);
  }
  const inScope = (e: ChangeEvent) =>
    scope.allChangesForCluster ||
    (e.db === scope.db && (scope.coll === undefined || e.coll === scope.coll || e.coll === ""));
  const run = compilePipeline(pipeline, aggregateContext(storage, scope.db, {}));

  const shape = (e: ChangeEvent): Document => {
    if (fullDocument !== "updateLookup" || e.event.operationType !== "update") return e.event;
    const row = storage.get(e.db, e.coll)?.getById((e.event.documentKey as Document)._id);
    return { ...e.event, fullDocument: row ? decodeBson(row.doc) : null };
  };

  return {
    get resumeToken() {
      return resumeToken(position);
    },
    async nextBatch(batchSize, awaitMs) {
      let pending = changes.after(position);
      if (pending.length === 0 && awaitMs > 0) {
        await changes.wait(awaitMs, stopping);
        pending = changes.after(position);
      }
      const limit = batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY;
      const out: RawDocument[] = [];
      for (const e of pending) {
        if (out.length >= limit) break;
        position = e.seq;
        if (!inScope(e)) continue;
        for (const doc of run([shape(e)]) as Iterable<Document>) out.push(new RawDocument(serialize(doc)));
      }
      return out;
    },
  };
}
