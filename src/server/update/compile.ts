import { fail } from "../errors.ts";
import { isDocument } from "../query/path.ts";
import { compileOperatorUpdate } from "./operator-update.ts";
import { compilePipelineUpdate } from "./pipeline-update.ts";
import { compileReplacement } from "./replacement.ts";
import type { CompiledUpdate, UpdateOptions } from "./types.ts";

/**
 * Compiles an update once per statement: an operator document (first field starts with "$"), a
 * replacement document, or a pipeline (an array of stages). Throws mongod's errors for invalid updates.
 *
 * @example
 * const update = compileUpdate({ $inc: { n: new Int32(1) }, $push: { tags: "x" } });
 * update.apply({ _id: 1, n: new Int32(1) }, { isInsert: false, now: new Date() });
 * // { doc: { _id: 1, n: Int32(2), tags: ["x"] }, modified: true }
 */
export function compileUpdate(update: unknown, options: UpdateOptions = {}): CompiledUpdate {
  if (Array.isArray(update)) {
    if (options.arrayFilters && options.arrayFilters.length > 0) {
      fail("FailedToParse", "arrayFilters may not be specified for pipeline-style updates");
    }
    return compilePipelineUpdate(update, options);
  }
  if (!isDocument(update)) fail("FailedToParse", "Update argument must be either an object or an array");
  const first = Object.keys(update)[0];
  if (first?.startsWith("$")) return compileOperatorUpdate(update, options);
  if (options.arrayFilters && options.arrayFilters.length > 0) {
    fail("FailedToParse", "arrayFilters may not be specified for replacement-style updates");
  }
  return compileReplacement(update);
}
