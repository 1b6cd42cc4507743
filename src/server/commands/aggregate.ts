import { type Document, serialize } from "bson";
import { compilePipeline } from "../aggregate/pipeline.ts";
import { fail } from "../errors.ts";
import { aggregateContext } from "../exec/aggregate-context.ts";
import { compileFind } from "../exec/find.ts";
import { RawDocument } from "../wire/raw-document.ts";
import { optionalBool, optionalDocument, optionalNumber } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { explainFind } from "./explain.ts";
import { cursorReply } from "./find.ts";
import { collationOf, hintedIndex } from "./query-options.ts";
import { register } from "./registry.ts";

/** Resolves views: the pipeline of `coll` (possibly a view on a view) and the collection it reads. */
export function resolveView(ctx: CommandContext, coll: string, pipeline: Document[]): { source: string; pipeline: Document[] } {
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

register("aggregate", async (ctx: CommandContext) => {
  const { server, storage, db, cmd } = ctx;
  const target = cmd.aggregate;
  if (typeof target !== "string" && !(typeof target === "object" && target !== null && Number(target.valueOf()) === 1) && target !== 1) {
    fail("TypeMismatch", "collection name has invalid type " + typeof target);
  }
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) fail("TypeMismatch", "'pipeline' option must be specified as an array");
  const explain = optionalBool(cmd, "explain");
  const cursor = optionalDocument(cmd, "cursor");
  if (!cursor && !explain) fail("FailedToParse", "The 'cursor' option is required, except for aggregate with the explain argument");
  const collation = collationOf(cmd);
  const variables = optionalDocument(cmd, "let");
  const { source, pipeline: stages } =
    typeof target === "string" ? resolveView(ctx, target, pipeline as Document[]) : { source: undefined, pipeline: pipeline as Document[] };
  const store = source === undefined ? undefined : storage.get(db, source);

  // A leading $match is answered through the query planner, so it can use an index.
  const first = stages[0];
  const leadingMatch = first && typeof first === "object" && "$match" in first && !hasExpr(first.$match) ? (first.$match as Document) : undefined;
  const rest = leadingMatch ? stages.slice(1) : stages;
  const run = compilePipeline(rest, aggregateContext(storage, db, { collation, variables }));
  if (explain) {
    const plan = explainFind(store, { filter: leadingMatch ?? {}, collation, hint: hintedIndex(store, cmd.hint) }, "queryPlanner");
    return { explainVersion: "1", stages: [{ $cursor: plan }, ...rest], ok: 1 };
  }
  function* input(): Generator<Document> {
    if (!store) return;
    const { matches } = compileFind(store, { filter: leadingMatch ?? {}, collation, hint: hintedIndex(store, cmd.hint), variables });
    for (const match of matches()) yield match.doc;
  }
  const output = run(input());
  const ns = typeof target === "string" ? `${db}.${target}` : `${db}.$cmd.aggregate`;
  const batchSize = optionalNumber(cursor ?? {}, "batchSize");
  const writes = stages.some((s) => s && typeof s === "object" && ("$out" in s || "$merge" in s));
  const batch = await server.cursors.open(ns, encodeAll(output), writes ? undefined : batchSize);
  return cursorReply(ns, batch, true);
});

function hasExpr(filter: unknown): boolean {
  return JSON.stringify(filter ?? {}).includes('"$expr"') || JSON.stringify(filter ?? {}).includes('"$$');
}

async function* encodeAll(docs: Iterable<Document> | AsyncIterable<Document>): AsyncGenerator<RawDocument> {
  for await (const doc of docs) yield new RawDocument(serialize(doc));
}
