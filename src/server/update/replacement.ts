import { normalizeConstant } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { valuesEqual } from "../query/compare.ts";
import { formatValue } from "../query/format.ts";
import { identical } from "./identical.ts";
import type { CompiledUpdate } from "./types.ts";

/**
 * Validates a replacement document (no top-level `$` fields) and returns it with `_id` first when present.
 *
 * @example validateReplacement({ a: 1, _id: 2 }) // { _id: 2, a: 1 }
 */
export function validateReplacement(replacement: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(replacement)) {
    if (key.startsWith("$")) {
      fail(
        "DollarPrefixedFieldName",
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
  }
  const normalized = normalizeConstant(replacement) as Record<string, unknown>;
  if (!Object.hasOwn(normalized, "_id") || Object.keys(normalized)[0] === "_id") return normalized;
  const { _id, ...rest } = normalized;
  return { _id, ...rest };
}

/**
 * Keeps the stored document's `_id` (first) on a replacement result; a different `_id` fails with
 * ImmutableField (66) as in mongod.
 */
export function keepId(
  result: Record<string, unknown>,
  original: Record<string, unknown>,
  isInsert: boolean,
) {
  if (isInsert || !Object.hasOwn(original, "_id")) return result;
  if (!Object.hasOwn(result, "_id")) return { _id: original._id, ...result };
  if (!valuesEqual(result._id, original._id)) {
    fail(
      "ImmutableField",
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(result._id)}`,
    );
  }
  if (Object.keys(result)[0] === "_id") return result;
  const { _id, ...rest } = result;
  return { _id, ...rest };
}

/** Compiles a replacement-style update: the document becomes the replacement, keeping its `_id`. */
export function compileReplacement(replacement: Record<string, unknown>): CompiledUpdate {
  const validated = validateReplacement(replacement);
  return {
    kind: "replacement",
    apply(doc, { isInsert }) {
      const result = keepId(validated, doc, isInsert);
      if (!isInsert && identical(result, doc)) return { doc, modified: false };
      return { doc: result, modified: true };
    },
  };
}
