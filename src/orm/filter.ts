import type { Elem, IsTraversable, PathValue, Paths } from "./paths.ts";

/** BSON type aliases accepted by `$type`. */
export type BsonTypeName =
  | "double"
  | "string"
  | "object"
  | "array"
  | "binData"
  | "objectId"
  | "bool"
  | "date"
  | "null"
  | "regex"
  | "int"
  | "timestamp"
  | "long"
  | "decimal"
  | "number"
  | "minKey"
  | "maxKey";

/** A value a path can be compared to: the value, one element of an array value, or `null`. */
export type FilterValue<V> =
  | NonNullable<V>
  | Elem<NonNullable<V>>
  | null
  | (NonNullable<V> extends string ? RegExp : never);

type ElemMatch<E> = IsTraversable<NonNullable<E>> extends true ? Filter<NonNullable<E>> : FieldOperators<E>;

/** Query operators on one path, typed by the path's value type. */
export interface FieldOperators<V> {
  $eq?: FilterValue<V>;
  $ne?: FilterValue<V>;
  $gt?: FilterValue<V>;
  $gte?: FilterValue<V>;
  $lt?: FilterValue<V>;
  $lte?: FilterValue<V>;
  $in?: readonly FilterValue<V>[];
  $nin?: readonly FilterValue<V>[];
  $exists?: boolean;
  $type?: BsonTypeName | number | readonly (BsonTypeName | number)[];
  $regex?: NonNullable<V> extends string ? string | RegExp : never;
  $options?: NonNullable<V> extends string ? string : never;
  $all?: readonly Elem<NonNullable<V>>[];
  $size?: number;
  $elemMatch?: ElemMatch<Elem<NonNullable<V>>>;
  $not?: FieldOperators<V> | RegExp;
  $mod?: readonly [number, number];
}

/** Logical and top-level operators of a filter. */
export interface FilterLogic<T> {
  $and?: readonly Filter<T>[];
  $or?: readonly Filter<T>[];
  $nor?: readonly Filter<T>[];
  $expr?: Record<string, unknown>;
  $text?: { $search: string; $language?: string; $caseSensitive?: boolean; $diacriticSensitive?: boolean };
  $comment?: string;
}

/**
 * A MongoDB filter checked against a document type: every key is a dot path of `T`
 * and every value matches the path's type. `$where` is not part of it (see `allowUnsafe`).
 */
export type Filter<T> = {
  [P in Paths<T>]?: FilterValue<PathValue<T, P>> | FieldOperators<PathValue<T, P>>;
} & FilterLogic<T>;
