import { Int32 } from "bson";
import { fail } from "../../errors.ts";
import { NumericSum } from "../accumulators/sum.ts";
import type { StageCompiler } from "../stage.ts";

const ONE = new Int32(1);

/** `$count: "<field>"`: one document holding the number of input documents (none for no input). */
export const countStage: StageCompiler = (spec) => {
  if (typeof spec !== "string" || spec === "") fail(40156, "the count field must be a non-empty string");
  if (spec.startsWith("$")) fail(40158, "the count field cannot be a $-prefixed path");
  if (spec.includes(".")) fail(40160, "the count field cannot contain '.'");
  if (spec.includes("\0")) fail(40159, "the count field cannot contain a null byte");
  return function* count(input) {
    const total = new NumericSum();
    for (const _ of input) total.add(ONE);
    if (total.count > 0) yield { [spec]: total.result() };
  };
};
