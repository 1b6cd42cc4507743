import { compileProjection } from "../projection-tree.ts";
import type { StageCompiler } from "../stage.ts";

/** `$addFields` / `$set`: computed fields added to (or replacing fields of) each document. */
export const addFieldsStage: StageCompiler = (spec, sc) => {
  const addFields = compileProjection(spec, sc.compiler, "addFields");
  const vars = sc.variables;
  return function* addFieldsToDocs(input) {
    for (const doc of input) yield addFields(doc, vars);
  };
};
