import type { IsTraversable, Paths } from "./paths.ts";

/** A sort: dot paths of `T` to `1`/`-1` (or `"asc"`/`"desc"`), in key order. */
export type Sort<T> = { [P in Paths<T>]?: 1 | -1 | "asc" | "desc" };

/** A projection: dot paths of `T` to `1`/`true` (include) or `0`/`false` (exclude). */
export type Projection<T> = { [P in Paths<T>]?: 0 | 1 | boolean };

type Head<P> = P extends `${infer H}.${string}` ? H : P;
type Tail<P, H extends string> = P extends `${H}.${infer R}` ? R : never;

type PickPaths<T, Keys extends string> = T extends readonly (infer E)[]
  ? PickPaths<E, Keys>[]
  : IsTraversable<T> extends true
    ? {
        [K in keyof T as K extends Head<Keys> ? K : never]: K extends Keys
          ? T[K]
          : PickPaths<NonNullable<T[K]>, Tail<Keys, K & string>> | Extract<T[K], null | undefined>;
      }
    : T;

type Included<P> = { [K in keyof P]: P[K] extends 1 | true ? K : never }[keyof P] & string;
type Excluded<P> = { [K in keyof P]: P[K] extends 0 | false ? K : never }[keyof P] & string;

/**
 * The type of a projected document. Inclusion projections keep the named paths (and `_id` unless
 * excluded); exclusion projections drop the named top-level fields.
 */
export type Projected<T, P> = [Included<P>] extends [never]
  ? Omit<T, Excluded<P>>
  : PickPaths<T, Included<P> | ("_id" extends Excluded<P> ? never : "_id" & keyof T)>;
