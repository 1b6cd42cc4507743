import { Kind } from "@sinclair/typebox";
import { bsonTypeOf } from "./bson-types.ts";
import { escapeRegex } from "./conditions.ts";
import { QueryError } from "./errors.ts";
import type { BsonTypeName, FieldOperators, Filter, FilterValue } from "./filter.ts";
import { elementNode, isScalarNode, unwrapNullable } from "./path-index.ts";
import type { IsTraversable } from "./paths.ts";
import type { Sort } from "./projection.ts";
import type { SchemaNode } from "./schema.ts";
import { isDocumentLike } from "./values.ts";

/** Tag on field objects: the field's dot path. */
export const FIELD = Symbol.for("data-bridge.orm.field");

/** Anything carrying a field path (a field proxy). `V` is the field's value type. */
export interface FieldRef<V = unknown> {
  readonly [FIELD]: string;
  /** The dot path of the field (`"address.city"`). */
  readonly path: string;
  /** Type-only: the field's value type. */
  readonly "~value"?: V;
}

/** Options of the string matchers. */
export interface TextMatchOptions {
  /** Case-insensitive match (`$options: "i"`). */
  ignoreCase?: boolean;
}

/** Conditions every field supports. `C` is the condition type produced. */
export interface BaseField<C, V> extends FieldRef<V> {
  /** Equal to `value` (for arrays: the whole array, or one of its elements). */
  eq(value: FilterValue<V>): C;
  ne(value: FilterValue<V>): C;
  in(values: readonly FilterValue<V>[]): C;
  nin(values: readonly FilterValue<V>[]): C;
  /** The field is present (`true`, default) or absent (`false`). */
  exists(present?: boolean): C;
  /** The stored value has this BSON type. */
  type(type: BsonTypeName | number): C;
}

/** Fields with an order (numbers, dates, ids, strings). */
export interface ComparableField<C, V> extends BaseField<C, V> {
  gt(value: FilterValue<V>): C;
  gte(value: FilterValue<V>): C;
  lt(value: FilterValue<V>): C;
  lte(value: FilterValue<V>): C;
}

/** String fields: the matchers escape `text`, so user input is matched literally. */
export interface StringField<C, V> extends ComparableField<C, V> {
  startsWith(text: string, options?: TextMatchOptions): C;
  endsWith(text: string, options?: TextMatchOptions): C;
  contains(text: string, options?: TextMatchOptions): C;
  /** A regular expression written by the programmer (not escaped). */
  regex(pattern: RegExp): C;
}

/** The condition `elemMatch` expects for elements of type `E`. */
export type ElementCondition<E> =
  IsTraversable<NonNullable<E>> extends true ? Filter<NonNullable<E>> : FieldOperators<E>;

/** What the `elemMatch` callback receives: the element's fields, or the element itself for scalars. */
export type ElementFields<E> =
  IsTraversable<NonNullable<E>> extends true
    ? Fields<NonNullable<E>>
    : [NonNullable<E>] extends [string]
      ? StringField<FieldOperators<E>, E>
      : ComparableField<FieldOperators<E>, E>;

/** Array fields. */
export interface ArrayField<T, C, V, E> extends BaseField<C, V> {
  /** One element equals `element`. */
  contains(element: FilterValue<E>): C;
  /** Contains every one of `elements` (`$all`). */
  all(elements: readonly E[]): C;
  /** Has exactly `length` elements (`$size`). */
  size(length: number): C;
  /** One element satisfies every condition returned by `build` (`$elemMatch`). */
  elemMatch(
    build:
      | ((element: ElementFields<E>) => ElementCondition<E> | readonly ElementCondition<E>[])
      | ElementCondition<E>,
  ): C;
  /** The element at `index` (`"tags.0"`). */
  at(index: number): FieldFor<T, E>;
}

/** Sort directions of a top-level field. */
export interface SortableField<T> {
  asc(): Sort<T>;
  desc(): Sort<T>;
}

/** Record fields (`Type.Record(Type.String(), V)`): entries are reached with `key(name)`. */
export interface RecordField<T, V> {
  /** The entry `name` of the record (`"meta.views"`). */
  key(name: string): FieldFor<T, V>;
}

type ChildFields<T, E> = IsTraversable<NonNullable<E>> extends true ? FieldsOf<T, NonNullable<E>> : unknown;

type ObjectFields<T, V> = string extends keyof V ? RecordField<T, V[string & keyof V]> : FieldsOf<T, V>;

/** The field proxy for a value of type `V` inside documents of type `T`. */
export type FieldFor<T, V> = [NonNullable<V>] extends [readonly (infer E)[]]
  ? ArrayField<T, Filter<T>, V, E> & SortableField<T> & ChildFields<T, E>
  : IsTraversable<NonNullable<V>> extends true
    ? BaseField<Filter<T>, V> & SortableField<T> & ObjectFields<T, NonNullable<V>>
    : [NonNullable<V>] extends [string]
      ? StringField<Filter<T>, V> & SortableField<T>
      : [NonNullable<V>] extends [boolean]
        ? BaseField<Filter<T>, V> & SortableField<T>
        : ComparableField<Filter<T>, V> & SortableField<T>;

/** Field proxies for the properties of `Sub`, producing conditions on documents of type `T`. */
export type FieldsOf<T, Sub> = { readonly [K in keyof Sub & string]-?: FieldFor<T, Sub[K]> };

/** Field proxies of a document type: `User.f.address.city.eq("NYC")`. */
export type Fields<T> = FieldsOf<T, T>;

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function describeNode(node: SchemaNode): string {
  const kind = unwrapNullable(node)[Kind];
  return kind === "Union" ? "scalar" : kind.toLowerCase();
}

/**
 * Checks a comparison value that may come from user input: an object with `$` keys is an
 * operator smuggled into a value, and objects or arrays never match a scalar field.
 */
export function checkOperand(path: string, node: SchemaNode, value: unknown): void {
  if (isDocumentLike(value)) {
    for (const key of Object.keys(value)) {
      if (key.startsWith("$")) {
        throw new QueryError(
          "OPERATOR_INJECTION",
          path,
          `"${path}": the value is an object with the operator key "${key}"; values cannot carry query operators`,
        );
      }
    }
  }
  if ((isDocumentLike(value) || Array.isArray(value)) && isScalarNode(node)) {
    const got = Array.isArray(value) ? "an array" : "an object";
    throw new QueryError("INVALID_VALUE", path, `"${path}" holds ${describeNode(node)} values; got ${got}`);
  }
}

const isPlainOperand = (value: unknown) =>
  value === null || typeof value !== "object" || value instanceof Date || bsonTypeOf(value) !== undefined;

function checkText(path: string, text: unknown): string {
  if (typeof text !== "string")
    throw new QueryError("INVALID_VALUE", path, `"${path}": expected a string to match`);
  return text;
}

/** A field proxy: builds filter documents (and sorts) for one schema path. */
export class Field implements FieldRef {
  readonly [FIELD]: string;
  readonly #node: SchemaNode;
  /** Inside `elemMatch` on scalar arrays: conditions are bare operator objects. */
  readonly #bare: boolean;
  #elements: unknown;

  constructor(path: string, node: SchemaNode, bare = false) {
    this[FIELD] = path;
    this.#node = node;
    this.#bare = bare;
  }

  get path(): string {
    return this[FIELD];
  }

  toString(): string {
    return this[FIELD];
  }

  #wrap(condition: unknown): Record<string, unknown> {
    return this.#bare ? (condition as Record<string, unknown>) : { [this[FIELD]]: condition };
  }

  #op(operator: string, value: unknown, node = this.#node): Record<string, unknown> {
    checkOperand(this[FIELD], node, value);
    return this.#wrap({ [operator]: value });
  }

  #list(operator: string, values: unknown): Record<string, unknown> {
    if (!Array.isArray(values)) {
      throw new QueryError("INVALID_VALUE", this[FIELD], `"${this[FIELD]}": ${operator} expects an array`);
    }
    const node = elementNode(this.#node) ?? this.#node;
    for (const value of values)
      checkOperand(this[FIELD], isScalarNode(this.#node) ? this.#node : node, value);
    return this.#wrap({ [operator]: values });
  }

  #regex(source: string, options?: TextMatchOptions): Record<string, unknown> {
    return this.#wrap(options?.ignoreCase ? { $regex: source, $options: "i" } : { $regex: source });
  }

  eq(value: unknown): Record<string, unknown> {
    const node = Array.isArray(value) ? this.#node : (elementNode(this.#node) ?? this.#node);
    checkOperand(this[FIELD], node, value);
    return this.#bare || !isPlainOperand(value) ? this.#wrap({ $eq: value }) : { [this[FIELD]]: value };
  }

  ne(value: unknown): Record<string, unknown> {
    return this.#op(
      "$ne",
      value,
      Array.isArray(value) ? this.#node : (elementNode(this.#node) ?? this.#node),
    );
  }

  gt(value: unknown): Record<string, unknown> {
    return this.#op("$gt", value);
  }

  gte(value: unknown): Record<string, unknown> {
    return this.#op("$gte", value);
  }

  lt(value: unknown): Record<string, unknown> {
    return this.#op("$lt", value);
  }

  lte(value: unknown): Record<string, unknown> {
    return this.#op("$lte", value);
  }

  in(values: unknown): Record<string, unknown> {
    return this.#list("$in", values);
  }

  nin(values: unknown): Record<string, unknown> {
    return this.#list("$nin", values);
  }

  exists(present = true): Record<string, unknown> {
    return this.#wrap({ $exists: present === true });
  }

  type(type: BsonTypeName | number): Record<string, unknown> {
    return this.#wrap({ $type: type });
  }

  startsWith(text: string, options?: TextMatchOptions): Record<string, unknown> {
    return this.#regex(`^${escapeRegex(checkText(this[FIELD], text))}`, options);
  }

  endsWith(text: string, options?: TextMatchOptions): Record<string, unknown> {
    return this.#regex(`${escapeRegex(checkText(this[FIELD], text))}$`, options);
  }

  /** On strings: contains the text. On arrays: contains the element. */
  contains(value: unknown, options?: TextMatchOptions): Record<string, unknown> {
    const element = elementNode(this.#node);
    if (!element) return this.#regex(escapeRegex(checkText(this[FIELD], value)), options);
    checkOperand(this[FIELD], element, value);
    return isPlainOperand(value) ? this.#wrap(value) : this.#wrap({ $eq: value });
  }

  regex(pattern: RegExp): Record<string, unknown> {
    if (!(pattern instanceof RegExp)) {
      throw new QueryError("INVALID_VALUE", this[FIELD], `"${this[FIELD]}": regex() expects a RegExp`);
    }
    return this.#wrap({ $regex: pattern });
  }

  all(elements: unknown): Record<string, unknown> {
    return this.#list("$all", elements);
  }

  size(length: number): Record<string, unknown> {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new QueryError(
        "INVALID_VALUE",
        this[FIELD],
        `"${this[FIELD]}": size() expects a non-negative integer`,
      );
    }
    return this.#wrap({ $size: length });
  }

  elemMatch(build: unknown): Record<string, unknown> {
    const element = elementNode(this.#node) ?? this.#node;
    const built = typeof build === "function" ? build((this.#elements ??= elementFields(element))) : build;
    const conditions = (Array.isArray(built) ? built : [built]) as Record<string, unknown>[];
    const merged = isScalarNode(element)
      ? Object.assign({}, ...conditions)
      : conditions.length === 1
        ? conditions[0]
        : { $and: conditions };
    return this.#wrap({ $elemMatch: merged });
  }

  key(name: string): Field {
    const values = unwrapNullable(this.#node).patternProperties;
    const node = values && Object.values(values)[0];
    if (!node || typeof name !== "string" || !/^[^$.]+$/.test(name)) {
      throw new QueryError(
        "INVALID_VALUE",
        this[FIELD],
        `"${this[FIELD]}": key() expects a record field and a plain key`,
      );
    }
    return buildField(join(this[FIELD], name), node);
  }

  at(index: number): Field {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new QueryError(
        "INVALID_VALUE",
        this[FIELD],
        `"${this[FIELD]}": at() expects a non-negative integer`,
      );
    }
    return buildField(join(this[FIELD], String(index)), elementNode(this.#node) ?? this.#node);
  }

  asc(): Record<string, 1> {
    return { [this[FIELD]]: 1 };
  }

  desc(): Record<string, -1> {
    return { [this[FIELD]]: -1 };
  }
}

/** The object node whose properties become child fields (through arrays and `T | null`). */
function childObject(node: SchemaNode): SchemaNode | undefined {
  const unwrapped = unwrapNullable(node);
  const target = unwrapped[Kind] === "Array" ? (elementNode(unwrapped) ?? unwrapped) : unwrapped;
  const object = unwrapNullable(target);
  return object[Kind] === "Object" ? object : undefined;
}

function attachChildren(target: object, path: string, node: SchemaNode): object {
  const object = childObject(node);
  if (!object) return target;
  for (const [key, prop] of Object.entries(object.properties ?? {})) {
    Object.defineProperty(target, key, {
      configurable: true,
      enumerable: true,
      get() {
        const child = buildField(join(path, key), prop);
        Object.defineProperty(this, key, { value: child, enumerable: true });
        return child;
      },
    });
  }
  return target;
}

/** Builds the field proxy of one path; child fields are created on first access. */
export function buildField(path: string, node: SchemaNode): Field {
  return attachChildren(new Field(path, node), path, node) as Field;
}

/** Builds the root of a model's field proxies (`Model.f`). */
export function buildFields(root: SchemaNode): Record<string, Field> {
  return attachChildren({}, "", root) as Record<string, Field>;
}

function elementFields(element: SchemaNode): unknown {
  return childObject(element) ? buildFields(element) : new Field("", element, true);
}

/** True for field proxies (used where a field can stand for its `"$path"`). */
export function isField(value: unknown): value is FieldRef {
  return typeof value === "object" && value !== null && FIELD in value;
}
