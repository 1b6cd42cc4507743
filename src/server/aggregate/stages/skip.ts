import { fail } from "../../errors.ts";
import type { StageCompiler } from "../stage.ts";
import { stageCount } from "./limit.ts";

/** `$skip`: drops the first n documents. */
export const skipStage: StageCompiler = (spec) => {
  const skip = stageCount(spec, "$skip", [15972, "Argument to $skip must be a number"]);
  if (skip < 0) fail(15956, "Argument to $skip cannot be negative");
  return function* drop(input) {
    let seen = 0;
    for (const doc of input) if (seen++ >= skip) yield doc;
  };
};
