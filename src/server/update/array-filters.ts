import { fail } from "../errors.ts";
import type { Collation } from "../query/collation.ts";
import { compileFilter } from "../query/match.ts";
import { isDocument } from "../query/path.ts";

/** Compiled `arrayFilters`: identifier -> test of one array element. */
export type ArrayFilters = ReadonlyMap<string, (element: unknown) => boolean>;

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

/** The first path component of every field predicate in a filter (through `$and`/`$or`/`$nor`). */
function topLevelNames(filter: Record<string, unknown>, out: Set<string>): void {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (Array.isArray(value)) for (const child of value) if (isDocument(child)) topLevelNames(child, out);
    } else if (!key.startsWith("$")) out.add(key.split(".")[0]!);
  }
}

/**
 * Parses and compiles `arrayFilters` (mongod's errors for missing, malformed and duplicate identifiers).
 * Each filter names one identifier (`{ "x.grade": { $gte: 85 } }` is about `x`), tested against an
 * element as `{ x: element }`.
 *
 * @example parseArrayFilters([{ x: { $gt: 5 } }]).get("x")!(new Int32(7)) // true
 */
export function parseArrayFilters(
  filters: readonly unknown[] | undefined,
  settings: { collation?: Collation; variables?: Readonly<Record<string, unknown>> },
): ArrayFilters {
  const out = new Map<string, (element: unknown) => boolean>();
  if (filters === undefined) return out;
  if (!Array.isArray(filters)) fail("TypeMismatch", "arrayFilters must be an array");
  for (const filter of filters) {
    if (!isDocument(filter)) fail("TypeMismatch", "Each array filter must be an object");
    const names = new Set<string>();
    topLevelNames(filter, names);
    if (names.size === 0)
      fail("FailedToParse", "Cannot use an expression without a top-level field name in arrayFilters");
    if (names.size > 1) {
      const [a, b] = [...names];
      fail(
        "FailedToParse",
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${a}' and '${b}'`,
      );
    }
    const id = [...names][0]!;
    if (!IDENTIFIER.test(id)) {
      fail(
        "BadValue",
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
      );
    }
    if (out.has(id))
      fail("FailedToParse", `Found multiple array filters with the same top-level field name ${id}`);
    const matcher = compileFilter(filter, settings);
    out.set(id, (element) => matcher.matches({ [id]: element }));
  }
  return out;
}
