import type * as PipelineModule from "../aggregate/pipeline.ts";
import { identical } from "./identical.ts";
import { keepId } from "./replacement.ts";
import type { CompiledUpdate, UpdateOptions } from "./types.ts";

type Doc = Record<string, unknown>;

/** The aggregation engine's update-pipeline compiler, loaded on first use (it imports the query modules). */
function updatePipelineCompiler(): typeof PipelineModule.compileUpdatePipeline {
  return (require("../aggregate/pipeline.ts") as typeof PipelineModule).compileUpdatePipeline;
}

/**
 * Compiles a pipeline-style update (`[{ $set: ... }, { $unset: ... }]`) with the aggregation engine, which
 * allows only `$addFields`/`$set`, `$project`/`$unset`, `$replaceRoot`/`$replaceWith`. The result keeps
 * the document's `_id` (first); changing it fails with ImmutableField (66).
 */
export function compilePipelineUpdate(stages: unknown[], options: UpdateOptions): CompiledUpdate {
  const compile = updatePipelineCompiler();
  const settings = {
    ...(options.variables ? { variables: options.variables } : {}),
    ...(options.collation ? { collation: options.collation } : {}),
  };
  // `$$NOW` is fixed per compilation: recompile when a statement runs with another `now`
  let now = new Date();
  let run = compile(stages, { ...settings, now });
  return {
    kind: "pipeline",
    apply(doc, options) {
      if (options.now.getTime() !== now.getTime()) {
        now = options.now;
        run = compile(stages, { ...settings, now });
      }
      const result = keepId(run(doc) as Doc, doc, options.isInsert);
      if (!options.isInsert && identical(result, doc)) return { doc, modified: false };
      return { doc: result, modified: true };
    },
  };
}
