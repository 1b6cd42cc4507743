import { fail } from "../../errors.ts";
import { isNumber, toInt64 } from "../../query/numbers.ts";
import { formatValue } from "../format.ts";
import type { StageCompiler } from "../stage.ts";

/**
 * The integer argument of `$limit`/`$skip` (any numeric type with an integral value): errors
 * `notNumber` when it is not a number, 5107201/5107200 when it is not a 64-bit integer.
 */
export function stageCount(
  spec: unknown,
  stage: "$limit" | "$skip",
  notNumber: [code: number, message: string],
): number {
  if (!isNumber(spec)) fail(notNumber[0], notNumber[1]);
  const n = toInt64(spec);
  if (n === undefined) {
    const code = stage === "$limit" ? 5107201 : 5107200;
    fail(
      code,
      `invalid argument to ${stage} stage: Cannot represent as a 64-bit integer: ${stage}: ${formatValue(spec)}`,
    );
  }
  return Number(n);
}

/** The positive integer of `$limit` (also used to coalesce `$sort` + `$limit`). */
export function parseLimit(spec: unknown): number {
  const n = stageCount(spec, "$limit", [15957, "the limit must be specified as a number"]);
  if (n <= 0) fail(15958, "the limit must be positive");
  return n;
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
