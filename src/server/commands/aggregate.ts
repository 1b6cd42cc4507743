import { Binary, type Document, serialize } from "bson";
import { compilePipeline } from "../aggregate/pipeline.ts";
import { fail } from "../errors.ts";
import type { Collation } from "../query/compare.ts";
import { isNumber, toDouble } from "../query/numbers.ts";
import { openChangeStream } from "../changes/change-stream.ts";
import { aggregateContext } from "../exec/aggregate-context.ts";
import { compileFind } from "../exec/find.ts";
import { RawDocument } from "../wire/raw-document.ts";
import { optionalBool, optionalDocument, optionalNumber } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { explainFind } from "./explain.ts";
import { cursorReply } from "./find.ts";
import { collationOf, hintedIndex, letVariables } from "./query-options.ts";
import { register } from "./registry.ts";

/** Resolves views: the pipeline of `coll` (possibly a view on a view) and the collection it reads. */
export function resolveView(
  ctx: CommandContext,
  coll: string,
  pipeline: Document[],
): { source: string; pipeline: Document[] } {
  let source = coll;
  let stages = pipeline;
  for (let depth = 0; depth < 20; depth++) {
    const store = ctx.storage.get(ctx.db, source);
    const viewOn = store?.options.viewOn;
    if (typeof viewOn !== "string") return { source, pipeline: stages };
    stages = [...((store!.options.pipeline as Document[] | undefined) ?? []), ...stages];
    source = viewOn;
  }
  fail("ViewDepthLimitExceeded", "View depth too deep or view cycle detected");
}

interface AggregationSettings {
  collation?: Collation;
  variables?: Record<string, unknown>;
  hint?: unknown;
}

/**
 * Runs a pipeline on a collection (or view, or on no collection for `aggregate: 1`) and streams
 * the results as raw BSON. A leading `$match` goes through the query planner so it can use an index.
 */
export function aggregateDocuments(
  ctx: CommandContext,
  target: string | undefined,
  pipeline: Document[],
  settings: AggregationSettings,
): AsyncGenerator<RawDocument> {
  const { storage, db } = ctx;
  const { source, pipeline: resolved } =
    target === undefined ? { source: undefined, pipeline } : resolveView(ctx, target, pipeline);
  const store = source === undefined ? undefined : storage.get(db, source);
  const generated = sourceStage(ctx, source, resolved[0]);
  const stages = generated ? resolved.slice(1) : resolved;
  const first = stages[0];
  const leadingMatch =
    first && typeof first === "object" && "$match" in first && !hasExpr(first.$match)
      ? (first.$match as Document)
      : undefined;
  const run = compilePipeline(
    leadingMatch ? stages.slice(1) : stages,
    aggregateContext(storage, db, settings),
  );
  const hint = hintedIndex(store, settings.hint);
  // Counting pipelines (what the driver's countDocuments sends) never read fields: skip decoding.
  const after = stages.slice(leadingMatch ? 1 : 0);
  const last = Object.keys(after.at(-1) ?? {})[0];
  const countsOnly = (last === "$group" || last === "$count") && after.every(readsNoFields);
  function* input(): Generator<Document> {
    if (generated) {
      yield* generated;
      return;
    }
    if (!store) return;
    const { matches } = compileFind(store, {
      filter: leadingMatch ?? {},
      collation: settings.collation,
      hint,
      variables: settings.variables,
    });
    for (const match of matches()) yield countsOnly ? {} : match.doc;
  }
  return encodeAll(run(input()));
}

/** Stages that produce the input themselves from server state: `$collStats` and `$listLocalSessions`. */
function sourceStage(
  ctx: CommandContext,
  coll: string | undefined,
  stage: Document | undefined,
): Document[] | undefined {
  if (!stage || typeof stage !== "object") return undefined;
  if ("$listLocalSessions" in stage) {
    return ctx.server.sessions.list().map((s) => ({
      _id: {
        id: new Binary(Buffer.from(s.key, "hex"), Binary.SUBTYPE_UUID),
        uid: new Binary(new Uint8Array(32)),
      },
      lastUse: new Date(s.lastUse),
    }));
  }
  if ("$collStats" in stage) {
    if (coll === undefined) fail("InvalidNamespace", "$collStats must be run against a collection");
    const store = ctx.server.storage.get(ctx.db, coll);
    if (!store)
      fail(
        "NamespaceNotFound",
        `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${ctx.db}.${coll}] not found.`,
      );
    const spec = (stage.$collStats ?? {}) as Document;
    const out: Document = { ns: store.ns, host: ctx.server.address, localTime: new Date() };
    const count = store.count();
    if (spec.storageStats) {
      const size = ctx.server.storage.sizeOf(store);
      const indexSize = Object.values(size.indexes).reduce((a, b) => a + b, 0);
      out.storageStats = {
        size: size.data,
        count,
        avgObjSize: count ? Math.floor(size.data / count) : 0,
        storageSize: size.data,
        nindexes: store.indexes.length + 1,
        totalIndexSize: indexSize,
        totalSize: size.data + indexSize,
        indexSizes: size.indexes,
        capped: store.isCapped,
        ...(store.isCapped ? { max: store.options.max ?? 0, maxSize: store.options.size } : {}),
      };
    }
    if (spec.count) out.count = { count };
    return [out];
  }
  return undefined;
}

register("aggregate", async (ctx: CommandContext) => {
  const { server, storage, db, cmd } = ctx;
  const target = cmd.aggregate;
  const isCollection = typeof target === "string";
  if (!isCollection && !(isNumber(target) && toDouble(target) === 1)) {
    fail(
      "InvalidNamespace",
      `Invalid database name '${db}': aggregate's first field must be a collection name or 1`,
    );
  }
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) fail("TypeMismatch", "'pipeline' option must be specified as an array");
  const explain = optionalBool(cmd, "explain");
  const cursor = optionalDocument(cmd, "cursor");
  if (!cursor && !explain)
    fail("FailedToParse", "The 'cursor' option is required, except for aggregate with the explain argument");
  const settings = { collation: collationOf(cmd), variables: letVariables(cmd), hint: cmd.hint };
  const readConcern = optionalDocument(cmd, "readConcern");
  const writes = (pipeline as Document[]).some(
    (s) => s && typeof s === "object" && ("$out" in s || "$merge" in s),
  );
  if (writes && readConcern?.level === "linearizable") {
    fail(
      "InvalidOptions",
      "{aggregate: ...} cannot run with readConcern 'linearizable' when the pipeline writes ($out or $merge)",
    );
  }
  if (explain) {
    const store = isCollection ? storage.get(db, target) : undefined;
    const first = (pipeline as Document[])[0];
    const filter = first && "$match" in first ? (first.$match as Document) : {};
    const plan = explainFind(
      store,
      { filter, collation: settings.collation, hint: hintedIndex(store, cmd.hint) },
      "queryPlanner",
    );
    return {
      explainVersion: "1",
      stages: [{ $cursor: plan }, ...(pipeline as Document[]).slice(first && "$match" in first ? 1 : 0)],
      ok: 1,
    };
  }
  const ns = isCollection ? `${db}.${target}` : `${db}.$cmd.aggregate`;
  const first = (pipeline as Document[])[0];
  if (first && typeof first === "object" && "$changeStream" in first) {
    if (ctx.inTransaction)
      fail("OperationNotSupportedInTransaction", "$changeStream cannot run in a transaction");
    const options = optionalDocument(first, "$changeStream") ?? {};
    const tail = openChangeStream(
      server.storage,
      server.storage.changes,
      server.stopping,
      {
        db,
        coll: isCollection ? target : undefined,
        allChangesForCluster: Boolean(options.allChangesForCluster),
      },
      options,
      (pipeline as Document[]).slice(1),
    );
    const batch = await server.cursors.openTailable(ns, tail, optionalNumber(cursor ?? {}, "batchSize"));
    return cursorReply(ns, batch, true);
  }
  const output = aggregateDocuments(ctx, isCollection ? target : undefined, pipeline as Document[], settings);
  const batch = await server.cursors.open(
    ns,
    output,
    writes ? undefined : optionalNumber(cursor ?? {}, "batchSize"),
  );
  return cursorReply(ns, batch, true);
});

/** `$skip`, `$limit`, `$count`, and `$group` on a constant key summing constants: stages that read no field. */
function readsNoFields(stage: Document): boolean {
  const [name, spec] = Object.entries(stage)[0] ?? [];
  if (name === "$skip" || name === "$limit" || name === "$count") return true;
  if (name !== "$group" || !spec || typeof spec !== "object") return false;
  return Object.entries(spec as Document).every(([field, value]) =>
    field === "_id" ? isConstant(value) : isConstant((value as Document | undefined)?.$sum),
  );
}

function isConstant(value: unknown): boolean {
  if (value === null || typeof value === "number" || typeof value === "boolean") return true;
  if (typeof value === "string") return !value.startsWith("$");
  return isNumber(value);
}

function hasExpr(filter: unknown): boolean {
  const text = JSON.stringify(filter ?? {});
  return text.includes('"$expr"') || text.includes("$$");
}

async function* encodeAll(docs: Iterable<Document> | AsyncIterable<Document>): AsyncGenerator<RawDocument> {
  for await (const doc of docs) yield new RawDocument(serialize(doc));
}
