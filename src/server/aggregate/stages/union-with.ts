import { fail } from "../../errors.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** `$unionWith`: the input followed by another collection's documents (through an optional pipeline). */
export const unionWithStage: StageCompiler = (spec, sc) => {
  const options = typeof spec === "string" ? { coll: spec } : spec;
  if (!isDocument(options)) fail(40415, `$unionWith must be a string or an object, got ${typeName(spec)}`);
  for (const key of Object.keys(options)) {
    if (key !== "coll" && key !== "pipeline")
      fail(40415, `BSON field '$unionWith.${key}' is an unknown field.`);
  }
  if (options.coll === undefined && options.pipeline === undefined) {
    fail(
      "FailedToParse",
      "$unionWith stage without explicit collection must have a pipeline with $documents as first stage",
    );
  }
  const ns = options.coll === undefined ? undefined : sc.namespace(options.coll, "$unionWith");
  const pipeline = options.pipeline === undefined ? undefined : sc.compilePipeline(options.pipeline);
  const ctx = sc.ctx;
  return function* unionWith(input) {
    yield* input;
    const source = ns ? ctx.readCollection(ns.db, ns.coll) : [];
    yield* pipeline ? pipeline(source) : source;
  };
};
