import type { ObjectId } from "bson";
import { bsonTypeOf } from "./bson-types.ts";
import { FIELD, type FieldRef } from "./fields.ts";
import type { PathValue, Paths } from "./paths.ts";

type NumberOperator =
  | "$add"
  | "$subtract"
  | "$multiply"
  | "$divide"
  | "$mod"
  | "$abs"
  | "$ceil"
  | "$floor"
  | "$round"
  | "$trunc"
  | "$size"
  | "$strLenCP"
  | "$indexOfCP"
  | "$year"
  | "$month"
  | "$week"
  | "$dayOfMonth"
  | "$dayOfWeek"
  | "$dayOfYear"
  | "$hour"
  | "$minute"
  | "$second"
  | "$millisecond"
  | "$toInt"
  | "$toDouble"
  | "$toLong"
  | "$sum"
  | "$count";
type NullableNumberOperator = "$avg" | "$stdDevPop" | "$stdDevSamp";
type StringOperator =
  | "$concat"
  | "$toUpper"
  | "$toLower"
  | "$substrCP"
  | "$toString"
  | "$trim"
  | "$dateToString";
type BooleanOperator = "$and" | "$or" | "$not" | "$eq" | "$ne" | "$gt" | "$gte" | "$lt" | "$lte" | "$in";

type OperatorType<T, E> = keyof E extends NumberOperator
  ? number
  : keyof E extends NullableNumberOperator
    ? number | null
    : keyof E extends StringOperator
      ? string
      : keyof E extends BooleanOperator
        ? boolean
        : E extends { $min: infer X } | { $max: infer X } | { $first: infer X } | { $last: infer X }
          ? ExprType<T, X> | null
          : E extends { $push: infer X } | { $addToSet: infer X }
            ? ExprType<T, X>[]
            : E extends { $literal: infer L }
              ? L
              : unknown;

/**
 * The type an aggregation expression evaluates to over documents of type `T`:
 * `"$address.city"` or `User.f.address.city` is that path's type, operator objects have their
 * result type (`$sum` a number, `$push` an array, ...), plain objects map key by key.
 */
export type ExprType<T, E> =
  E extends FieldRef<infer V>
    ? V
    : E extends `$$${string}`
      ? unknown
      : E extends `$${infer P}`
        ? P extends Paths<T>
          ? PathValue<T, P>
          : unknown
        : E extends string | number | boolean | null | Date | ObjectId
          ? E extends string
            ? string
            : E extends number
              ? number
              : E extends boolean
                ? boolean
                : E
          : E extends readonly unknown[]
            ? { -readonly [K in keyof E]: ExprType<T, E[K]> }
            : keyof E extends `$${string}`
              ? OperatorType<T, E>
              : { -readonly [K in keyof E]: ExprType<T, E[K]> };

/**
 * Type-level check of an expression: every `"$path"` string must be a path of `T`
 * (`"$$ROOT"` and other variables pass). Intersected with the argument, a typo becomes `never`.
 */
export type CheckExpr<T, E> = E extends `$$${string}`
  ? E
  : E extends `$${infer P}`
    ? P extends Paths<T>
      ? E
      : `unknown field "${P}"`
    : E extends FieldRef | Date | ObjectId | string | number | boolean | null | undefined
      ? E
      : { [K in keyof E]: CheckExpr<T, E[K]> };

/** Replaces field proxies by their `"$path"` strings, deeply (plain objects and arrays only). */
export function toExpression(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (FIELD in value) return `$${(value as FieldRef)[FIELD]}`;
  if (Array.isArray(value)) return value.map(toExpression);
  if (value instanceof Date || value instanceof RegExp || bsonTypeOf(value) !== undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toExpression(item);
  return out;
}
