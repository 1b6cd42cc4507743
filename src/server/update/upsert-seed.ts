import { fail } from "../errors.ts";
import { compareStrings } from "../query/compare.ts";
import { isOperatorDocument } from "../query/field-operators.ts";
import { isDocument } from "../query/path.ts";
import { isRegexValue } from "../query/value-tests.ts";

/** Collects `path -> value` of the filter's equality predicates (top level, `$eq`, `$and`, one-clause `$or`). */
function collectEqualities(filter: Record<string, unknown>, out: Map<string, unknown>): void {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === "$and" || (key === "$or" && Array.isArray(value) && value.length === 1)) {
      if (Array.isArray(value))
        for (const child of value) if (isDocument(child)) collectEqualities(child, out);
      continue;
    }
    if (key.startsWith("$")) continue;
    let equal: unknown;
    if (isOperatorDocument(value)) {
      if (!Object.hasOwn(value, "$eq")) continue;
      equal = value.$eq;
    } else {
      if (isRegexValue(value)) continue;
      equal = value;
    }
    if (out.has(key))
      fail("NotSingleValueField", `cannot infer query fields to set, path '${key}' is matched twice`);
    out.set(key, equal);
  }
}

function setPath(doc: Record<string, unknown>, parts: string[], value: unknown): void {
  let current = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    let next = current[part];
    if (!isDocument(next)) {
      next = {};
      current[part] = next;
    }
    current = next as Record<string, unknown>;
  }
  current[parts.at(-1)!] = value;
}

/**
 * The document an upsert starts from: the filter's equality predicates as fields (dotted paths create
 * subdocuments), in path order as mongod builds it. Two equalities on one path, or on a path and its
 * prefix, fail with NotSingleValueField (54).
 *
 * @example upsertSeed({ a: 1, "b.c": 2, d: { $gt: 1 } }) // { a: 1, b: { c: 2 } }
 */
export function upsertSeed(filter: Record<string, unknown>): Record<string, unknown> {
  const equalities = new Map<string, unknown>();
  collectEqualities(filter, equalities);
  const paths = [...equalities.keys()].sort(compareStrings);
  for (let i = 1; i < paths.length; i++) {
    const [a, b] = [paths[i - 1]!, paths[i]!];
    if (b.startsWith(`${a}.`)) {
      fail(
        "NotSingleValueField",
        `cannot infer query fields to set, both paths '${b}' and '${a}' are matched`,
      );
    }
  }
  const seed: Record<string, unknown> = {};
  for (const path of paths) setPath(seed, path.split("."), equalities.get(path));
  return seed;
}
