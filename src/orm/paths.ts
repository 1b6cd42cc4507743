import type { Binary, Decimal128, Long, ObjectId } from "bson";

/** Values a path never descends into. */
type Leaf =
  | ObjectId
  | Date
  | Decimal128
  | Long
  | Binary
  | Uint8Array
  | RegExp
  | ((...args: any[]) => unknown)
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined;

/** True when `T` is a sub-document (a path can go on through it). */
export type IsTraversable<T> = [T] extends [Leaf] ? false : T extends object ? true : false;

/** The element type of an array type (`never` for anything else). */
export type Elem<V> = V extends readonly (infer E)[] ? E : never;

type Depth = [never, 0, 1, 2, 3, 4, 5];

type SubPaths<V, K extends string, D extends number> = V extends readonly (infer E)[]
  ?
      | `${K}.${number}`
      | (IsTraversable<NonNullable<E>> extends true
          ? `${K}.${Paths<NonNullable<E>, Depth[D]>}` | `${K}.${number}.${Paths<NonNullable<E>, Depth[D]>}`
          : never)
  : IsTraversable<V> extends true
    ? `${K}.${Paths<V, Depth[D]>}`
    : never;

/**
 * Every dot path of a stored document type, through sub-documents and arrays
 * (`"address.city"`, `"addresses.city"`, `"addresses.0.city"`, `"tags.0"`), up to 6 levels deep.
 */
export type Paths<T, D extends number = 6> = [D] extends [never]
  ? never
  : T extends object
    ? { [K in keyof T & string]-?: K | SubPaths<NonNullable<T[K]>, K, D> }[keyof T & string]
    : never;

/** The type found at a dot path (through arrays: `"addresses.city"` is the elements' `city`). */
export type PathValue<T, P extends string> = T extends readonly (infer E)[]
  ? P extends `${number}`
    ? E
    : P extends `${number}.${infer R}`
      ? PathValue<NonNullable<E>, R>
      : PathValue<NonNullable<E>, P>
  : P extends keyof T
    ? T[P]
    : P extends `${infer K}.${infer R}`
      ? K extends keyof T
        ? PathValue<NonNullable<T[K]>, R>
        : never
      : never;

/** The paths of `T` whose value (without `null`/`undefined`) is assignable to `V`. */
export type PathsOfType<T, V> = {
  [P in Paths<T>]: NonNullable<PathValue<T, P>> extends V ? P : never;
}[Paths<T>];
