import type { Document } from "bson";
import { fail } from "../errors.ts";
import { compileFilter } from "../query/match.ts";
import type { AggregateContext, Collation, Namespace } from "./context.ts";
import { ExpressionCompiler } from "./expression.ts";
import { validateVariableName } from "./field-path.ts";
import type { Stage, StageContext, VariableScope } from "./stage.ts";
import { stageCompilers, UPDATE_STAGES, WRITE_STAGES } from "./stages.ts";
import { isDocument, typeName } from "./values.ts";

/** Runs a compiled pipeline over a stream of documents (an async input is read fully first). */
export interface CompiledPipeline {
  (input: Iterable<Document>): Iterable<Document>;
  (input: AsyncIterable<Document>): AsyncIterable<Document>;
  (input: Iterable<Document> | AsyncIterable<Document>): Iterable<Document> | AsyncIterable<Document>;
}

/** Where a pipeline sits: nested pipelines may not write, and name their host in errors. */
type Host = "top" | "$lookup" | "$facet" | "$unionWith" | "update";

interface StageSpec {
  readonly name: string;
  readonly spec: Document;
}

function parseStages(stages: unknown, host: Host): StageSpec[] {
  if (!Array.isArray(stages)) fail("TypeMismatch", "'pipeline' option must be specified as an array");
  return stages.map((stage, i) => {
    if (!isDocument(stage))
      fail(40323, `Each element of the 'pipeline' array must be an object, found ${typeName(stage)}`);
    const keys = Object.keys(stage);
    if (keys.length !== 1)
      fail(40323, "A pipeline stage specification object must contain exactly one field.");
    const name = keys[0]!;
    if (stageCompilers[name] === undefined) fail(40324, `Unrecognized pipeline stage name: '${name}'`);
    if (host === "update" && !UPDATE_STAGES.has(name))
      fail("InvalidOptions", `${name} is not allowed to be used within an update`);
    if (host === "$facet" && (name === "$facet" || name === "$documents")) {
      fail(40600, `${name} is not allowed to be used within a $facet stage`);
    }
    if (WRITE_STAGES.has(name)) {
      if (host !== "top") fail(51047, `${name} is not allowed to be used within a ${host} stage`);
      if (i !== stages.length - 1) fail(40601, `${name} can only be the final stage in the pipeline`);
    }
    return { name, spec: stage };
  });
}

function namespaceOf(ctx: AggregateContext, spec: unknown, stage: string): Namespace {
  if (typeof spec === "string") {
    if (spec === "") fail("InvalidNamespace", `${stage} collection name cannot be empty`);
    return { db: ctx.dbName, coll: spec };
  }
  if (
    isDocument(spec) &&
    typeof spec.coll === "string" &&
    (spec.db === undefined || typeof spec.db === "string")
  ) {
    return { db: spec.db ?? ctx.dbName, coll: spec.coll };
  }
  return fail(
    "FailedToParse",
    `${stage} 'from'/'into'/'coll' must be a string or an object { db, coll }, found ${typeName(spec)}`,
  );
}

function compileStages(stages: unknown, ctx: AggregateContext, variables: VariableScope, host: Host): Stage {
  const specs = parseStages(stages, host);
  const compiler = ExpressionCompiler.create({
    variables,
    now: ctx.now,
    ...(ctx.collation ? { collation: ctx.collation as Collation } : {}),
  });
  const compiled = specs.map(({ name, spec }, index) => {
    const sc: StageContext = {
      ctx,
      compiler,
      variables,
      index,
      next: specs[index + 1]?.spec,
      compilePipeline: (nested, options = {}) =>
        compileStages(
          nested,
          ctx,
          options.variables ?? variables,
          host === "update" || options.update ? "update" : nestedHost(name),
        ),
      compileFilter: (filter) =>
        compileFilter(filter, {
          variables,
          now: ctx.now,
          ...(ctx.collation ? { collation: ctx.collation } : {}),
        }),
      namespace: (nsSpec, stage) => namespaceOf(ctx, nsSpec, stage),
    };
    return stageCompilers[name]!(spec[name], sc, name);
  });
  return (input) => {
    let stream = input;
    for (const stage of compiled) stream = stage(stream);
    return stream;
  };
}

function nestedHost(stage: string): Host {
  return stage === "$facet" || stage === "$unionWith" ? stage : "$lookup";
}

function isAsync(input: Iterable<Document> | AsyncIterable<Document>): input is AsyncIterable<Document> {
  return typeof (input as AsyncIterable<Document>)[Symbol.asyncIterator] === "function";
}

async function* runAsync(run: Stage, input: AsyncIterable<Document>): AsyncGenerator<Document> {
  const docs: Document[] = [];
  for await (const doc of input) docs.push(doc);
  yield* run(docs);
}

/**
 * Compiles an aggregation pipeline once (validating every stage and expression), returning a
 * function that runs it over a document stream. Sync input gives a lazy sync iterable; async
 * input is read fully, then processed.
 *
 * @example
 * const run = compilePipeline([{ $match: { qty: { $gt: 5 } } }, { $group: { _id: "$sku", n: { $sum: 1 } } }], ctx);
 * for (const doc of run(ctx.readCollection("shop", "orders"))) console.log(doc);
 */
export function compilePipeline(stages: unknown, ctx: AggregateContext): CompiledPipeline {
  const run = compileStages(stages, ctx, { ...(ctx.variables ?? {}) }, "top");
  return ((input: Iterable<Document> | AsyncIterable<Document>) =>
    isAsync(input) ? runAsync(run, input) : run(input)) as CompiledPipeline;
}

/** Options of pipeline-style updates: no collection access, only `$$NOW`, `let` variables and collation. */
export interface UpdatePipelineOptions {
  readonly now?: Date;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly collation?: Collation;
}

const NO_COLLECTIONS = {
  readCollection: () => [],
  replaceCollection: () => fail("InvalidOptions", "an update pipeline cannot write collections"),
  applyMerge: () => fail("InvalidOptions", "an update pipeline cannot write collections"),
};

/**
 * Compiles an update pipeline (`$addFields`/`$set`/`$project`/`$unset`/`$replaceRoot`/`$replaceWith`
 * only) into a document transformer; compile once per update command.
 *
 * @example
 * const apply = compileUpdatePipeline([{ $set: { total: { $add: ["$a", "$b"] } } }]);
 * apply({ _id: 1, a: new Int32(1), b: new Int32(2) }); // { _id: 1, a: 1, b: 2, total: 3 }
 */
export function compileUpdatePipeline(
  stages: unknown,
  options: UpdatePipelineOptions = {},
): (doc: Document) => Document {
  const ctx: AggregateContext = {
    dbName: "",
    now: options.now ?? new Date(),
    ...(options.variables ? { variables: options.variables } : {}),
    ...(options.collation ? { collation: options.collation } : {}),
    ...NO_COLLECTIONS,
  };
  const run = compileStages(stages, ctx, { ...(options.variables ?? {}) }, "update");
  return (doc) => {
    const [out] = Array.from(run([doc]));
    return out ?? doc;
  };
}

/**
 * Runs an update pipeline on one document (compiles each call: prefer `compileUpdatePipeline` for
 * many documents).
 *
 * @example runPipelineOnDocument([{ $unset: "tmp" }], { _id: 1, tmp: true }) // { _id: 1 }
 */
export function runPipelineOnDocument(
  stages: unknown,
  doc: Document,
  options: UpdatePipelineOptions = {},
): Document {
  return compileUpdatePipeline(stages, options)(doc);
}

/**
 * Evaluates a command's `let` document (`{ total: { $add: [1, 2] } }`) to constants, in order,
 * each definition seeing `$$NOW` and the ones before it. Names are validated like `$let` names.
 *
 * @example resolveLetVariables({ x: { $add: [1, 2] } }, new Date()) // { x: Int32(3) }
 */
export function resolveLetVariables(spec: unknown, now: Date): Record<string, unknown> {
  if (spec === undefined) return {};
  if (!isDocument(spec)) fail("TypeMismatch", `'let' must be an object, found ${typeName(spec)}`);
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(spec)) {
    validateVariableName(name, "write");
    const evaluate = ExpressionCompiler.create({ variables: { ...values }, now }).compile(spec[name]);
    values[name] = evaluate({}, values);
  }
  return values;
}
