import type { Filter } from "./filter.ts";

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Escapes a user string so it matches itself literally inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, "\\$&");
}

/**
 * All conditions hold.
 *
 * @example
 * User.find(and(User.f.age.gte(18), User.f.address.city.eq("NYC")))
 */
export function and<T>(...conditions: Filter<T>[]): Filter<T> {
  return conditions.length === 1 ? conditions[0]! : ({ $and: conditions } as Filter<T>);
}

/**
 * At least one condition holds.
 *
 * @example
 * User.find(or(User.f.age.lt(13), User.f.age.gt(65)))
 */
export function or<T>(...conditions: Filter<T>[]): Filter<T> {
  return { $or: conditions } as Filter<T>;
}

/**
 * No condition holds.
 *
 * @example
 * User.find(nor(User.f.name.eq("root"), User.f.tags.contains("banned")))
 */
export function nor<T>(...conditions: Filter<T>[]): Filter<T> {
  return { $nor: conditions } as Filter<T>;
}

/**
 * The condition does not hold (documents missing the field match too, as with MongoDB's `$not`).
 *
 * @example
 * User.find(not(User.f.email.endsWith("@example.com")))
 */
export function not<T>(condition: Filter<T>): Filter<T> {
  return { $nor: [condition] } as Filter<T>;
}

/** Merges several conditions into one filter (`$and` only when two of them name the same key). */
export function mergeFilters(filters: readonly object[]): Record<string, unknown> {
  if (filters.length === 0) return {};
  if (filters.length === 1) return filters[0] as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const filter of filters) {
    for (const key of Object.keys(filter)) {
      if (key in merged) return { $and: filters };
      merged[key] = (filter as Record<string, unknown>)[key];
    }
  }
  return merged;
}
