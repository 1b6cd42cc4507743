import { fail } from "../../errors.ts";
import { isNumber, toInt64 } from "../../query/numbers.ts";
import { formatValue } from "../format.ts";
import type { StageCompiler } from "../stage.ts";

/** The positive integer of `$limit` (also used to coalesce `$sort` + `$limit`). */
export function parseLimit(spec: unknown): number {
  if (!isNumber(spec)) fail(15957, "the limit must be specified as a number");
  const n = toInt64(spec);
  if (n === undefined)
    fail(
      5107201,
      `invalid argument to $limit stage: Cannot represent as a 64-bit integer: $limit: ${formatValue(spec)}`,
    );
  if (n <= 0n) fail(15958, "the limit must be positive");
  return Number(n);
}

/** `$limit`: the first n documents. */
export const limitStage: StageCompiler = (spec) => {
  const limit = parseLimit(spec);
  return function* take(input) {
    let n = 0;
    for (const doc of input) {
      yield doc;
      if (++n >= limit) return;
    }
  };
};
