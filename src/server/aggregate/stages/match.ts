import { fail } from "../../errors.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument } from "../values.ts";

/** `$match`: the query matcher, with the pipeline's collation and variables (`$expr`). */
export const matchStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec)) fail(15959, "the match filter must be an expression in an object");
  const matcher = sc.compileFilter(spec);
  if (matcher.matchesEverything) return (input) => input;
  return function* match(input) {
    for (const doc of input) if (matcher.matches(doc)) yield doc;
  };
};
