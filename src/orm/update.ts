import type { FieldOperators, FilterValue } from "./filter.ts";
import type { Elem, PathValue, Paths, PathsOfType } from "./paths.ts";
import type { Decimal128, Long } from "bson";

type Numeric = number | Long | Decimal128 | bigint;
type ArrayPaths<T> = PathsOfType<T, readonly unknown[]>;
type Item<T, P extends string> = Elem<NonNullable<PathValue<T, P>>>;

/** Values for `$push` / `$addToSet`: one element, or several with `$each`. */
export type PushValue<E> =
  | E
  | { $each: readonly E[]; $position?: number; $slice?: number; $sort?: 1 | -1 | Record<string, 1 | -1> };

/**
 * A MongoDB update document checked against a document type: every path exists and every
 * value has the path's type (`$inc` only on numeric paths, `$push` only on arrays, ...).
 */
export interface Update<T> {
  $set?: { [P in Paths<T>]?: PathValue<T, P> };
  $setOnInsert?: { [P in Paths<T>]?: PathValue<T, P> };
  $unset?: { [P in Paths<T>]?: true | 1 | "" };
  $inc?: { [P in PathsOfType<T, Numeric>]?: Numeric };
  $mul?: { [P in PathsOfType<T, Numeric>]?: Numeric };
  $min?: { [P in Paths<T>]?: PathValue<T, P> };
  $max?: { [P in Paths<T>]?: PathValue<T, P> };
  $currentDate?: { [P in PathsOfType<T, Date>]?: true | { $type: "date" } };
  $push?: { [P in ArrayPaths<T>]?: PushValue<Item<T, P>> };
  $addToSet?: { [P in ArrayPaths<T>]?: Item<T, P> | { $each: readonly Item<T, P>[] } };
  $pull?: {
    [P in ArrayPaths<T>]?: FilterValue<Item<T, P>> | FieldOperators<Item<T, P>> | Partial<Item<T, P>>;
  };
  $pullAll?: { [P in ArrayPaths<T>]?: readonly Item<T, P>[] };
  $pop?: { [P in ArrayPaths<T>]?: 1 | -1 };
}
