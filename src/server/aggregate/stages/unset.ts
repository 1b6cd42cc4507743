import { fail } from "../../errors.ts";
import { compileExclusion } from "../projection-tree.ts";
import type { StageCompiler } from "../stage.ts";

/** `$unset`: removes fields (a path or an array of paths). */
export const unsetStage: StageCompiler = (spec) => {
  const paths = typeof spec === "string" ? [spec] : spec;
  if (!Array.isArray(paths)) fail(31002, "$unset specification must be a string or an array");
  if (paths.length === 0)
    fail(31119, "$unset specification must be a string or an array with at least one field");
  for (const path of paths) {
    if (typeof path !== "string")
      fail(31120, "$unset specification must be a string or an array containing only string values");
    if (path === "") fail(40352, "FieldPath cannot be constructed with empty string");
  }
  const exclude = compileExclusion(paths as string[]);
  return function* unset(input) {
    for (const doc of input) yield exclude(doc);
  };
};
