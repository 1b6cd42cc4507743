import { compileProjection } from "../projection-tree.ts";
import type { StageCompiler } from "../stage.ts";

/** `$project`: inclusion (with computed fields) or exclusion projection. */
export const projectStage: StageCompiler = (spec, sc) => {
  const project = compileProjection(spec, sc.compiler, "project");
  const vars = sc.variables;
  return function* projectDocs(input) {
    for (const doc of input) yield project(doc, vars);
  };
};
