import type { Document } from "bson";
import { fail } from "../errors.ts";
import { compileFind, type FindOptions } from "../exec/find.ts";
import type { AccessPlan } from "../exec/plan.ts";
import type { CollectionView } from "../storage/collection-view.ts";
import { collectionName, optionalDocument, optionalNonNegativeInt, optionalNumber } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex } from "./query-options.ts";
import { register } from "./registry.ts";
import { VERSION } from "./handshake.ts";

function stageOf(plan: AccessPlan, filter: Document): Document {
  switch (plan.stage) {
    case "EOF":
      return { stage: "EOF" };
    case "COLLSCAN":
      return { stage: "COLLSCAN", filter, direction: "forward" };
    case "IDHACK":
      return { stage: "IDHACK" };
    case "IXSCAN":
      return {
        stage: "FETCH",
        filter,
        inputStage: {
          stage: "IXSCAN",
          keyPattern: plan.index.spec.key,
          indexName: plan.index.name,
          isMultiKey: plan.index.multikey,
          isUnique: Boolean(plan.index.spec.unique),
          isSparse: Boolean(plan.index.spec.sparse),
          isPartial: Boolean(plan.index.spec.partialFilterExpression),
          direction: "forward",
          indexBounds: { [plan.field]: [describeBounds(plan.bounds)] },
        },
      };
  }
}

function describeBounds(b: {
  eq?: unknown[];
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
}): string {
  if (b.eq) return b.eq.map((v) => `[${String(v)}, ${String(v)}]`).join(", ");
  const low = b.gte ?? b.gt;
  const high = b.lte ?? b.lt;
  return `${b.gte !== undefined ? "[" : "("}${low === undefined ? "MinKey" : String(low)}, ${high === undefined ? "MaxKey" : String(high)}${b.lte !== undefined ? "]" : ")"}`;
}

/** The explain output of a find: the chosen plan and, when asked, execution statistics. */
export function explainFind(
  store: CollectionView | undefined,
  options: FindOptions,
  verbosity: string,
): Document {
  const query = compileFind(store, options);
  let winningPlan = stageOf(query.plan, options.filter);
  if (options.sort && Object.keys(options.sort).length)
    winningPlan = { stage: "SORT", sortPattern: options.sort, inputStage: winningPlan };
  if (options.limit) winningPlan = { stage: "LIMIT", limitAmount: options.limit, inputStage: winningPlan };
  if (options.projection)
    winningPlan = { stage: "PROJECTION_DEFAULT", transformBy: options.projection, inputStage: winningPlan };
  const out: Document = {
    queryPlanner: {
      namespace: store?.ns,
      indexFilterSet: false,
      parsedQuery: options.filter,
      winningPlan,
      rejectedPlans: [],
    },
  };
  if (verbosity !== "queryPlanner") {
    const started = performance.now();
    for (const _ of query.matches()) {
      // drain to collect statistics
    }
    out.executionStats = {
      executionSuccess: true,
      nReturned: query.stats.returned,
      executionTimeMillis: Math.round(performance.now() - started),
      totalKeysExamined: query.stats.keysExamined,
      totalDocsExamined: query.stats.docsExamined,
    };
  }
  return out;
}

register("explain", ({ server, db, cmd }: CommandContext) => {
  const inner = optionalDocument(cmd, "explain");
  if (!inner) fail("FailedToParse", "explain command requires a nested object");
  const verbosity = typeof cmd.verbosity === "string" ? cmd.verbosity : "allPlansExecution";
  const name = Object.keys(inner)[0];
  let options: FindOptions;
  let coll: string;
  switch (name) {
    case "find":
      coll = collectionName(inner, "find");
      options = {
        filter: optionalDocument(inner, "filter") ?? {},
        sort: optionalDocument(inner, "sort"),
        projection: optionalDocument(inner, "projection"),
        skip: optionalNonNegativeInt(inner, "skip"),
        limit: optionalNumber(inner, "limit"),
        collation: collationOf(inner),
      };
      break;
    case "count":
      coll = collectionName(inner, "count");
      options = { filter: optionalDocument(inner, "query") ?? {}, collation: collationOf(inner) };
      break;
    case "distinct":
      coll = collectionName(inner, "distinct");
      options = { filter: optionalDocument(inner, "query") ?? {}, collation: collationOf(inner) };
      break;
    case "delete":
    case "update": {
      coll = collectionName(inner, name);
      const statements = inner[name === "delete" ? "deletes" : "updates"] as Document[] | undefined;
      options = { filter: (statements?.[0]?.q as Document | undefined) ?? {} };
      break;
    }
    case "findAndModify":
    case "findandmodify":
      coll = collectionName(inner, name);
      options = { filter: optionalDocument(inner, "query") ?? {}, sort: optionalDocument(inner, "sort") };
      break;
    case "aggregate": {
      coll = collectionName(inner, "aggregate");
      const first = (inner.pipeline as Document[] | undefined)?.[0];
      options = { filter: (first?.$match as Document | undefined) ?? {} };
      break;
    }
    default:
      fail("CommandNotFound", `Explain failed due to unknown command: ${name}`);
  }
  const store = server.storage.get(db, coll);
  options.hint = hintedIndex(store, inner.hint);
  return {
    ...explainFind(store, options, verbosity),
    command: inner,
    serverInfo: { host: "localhost", port: 0, version: VERSION, gitVersion: "data-bridge" },
    ok: 1,
  };
});
