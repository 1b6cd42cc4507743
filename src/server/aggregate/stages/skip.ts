import { fail } from "../../errors.ts";
import { isNumber, toInt64 } from "../../query/numbers.ts";
import { formatValue } from "../format.ts";
import type { StageCompiler } from "../stage.ts";

/** `$skip`: drops the first n documents. */
export const skipStage: StageCompiler = (spec) => {
  if (!isNumber(spec)) fail(15972, "Argument to $skip must be a number");
  const n = toInt64(spec);
  if (n === undefined)
    fail(
      5107200,
      `invalid argument to $skip stage: Cannot represent as a 64-bit integer: $skip: ${formatValue(spec)}`,
    );
  if (n < 0n) fail(15956, "Argument to $skip cannot be negative");
  const skip = Number(n);
  return function* drop(input) {
    let seen = 0;
    for (const doc of input) if (seen++ >= skip) yield doc;
  };
};
