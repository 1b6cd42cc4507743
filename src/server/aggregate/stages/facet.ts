import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { validateFieldName } from "../field-path.ts";
import type { Stage, StageCompiler } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** `$facet`: runs several sub-pipelines over the same input, one output document of arrays. */
export const facetStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec) || Object.keys(spec).length === 0)
    fail(40169, "the $facet specification must be a non-empty object");
  const facets: [string, Stage][] = [];
  for (const name of Object.keys(spec)) {
    validateFieldName(name);
    const pipeline = spec[name];
    if (!Array.isArray(pipeline))
      fail(40170, `arguments to $facet must be arrays, ${name} is type ${typeName(pipeline)}`);
    facets.push([name, sc.compilePipeline(pipeline)]);
  }
  return function* facet(input) {
    const docs = Array.from(input);
    const out: Document = {};
    for (const [name, run] of facets) out[name] = Array.from(run(docs));
    yield out;
  };
};
