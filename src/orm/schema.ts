import {
  Kind,
  OptionalKind,
  type Static,
  type TObject,
  type TOptional,
  type TSchema,
  Type,
} from "@sinclair/typebox";
import { SchemaError } from "./errors.ts";
import type { TDefaulted } from "./infer.ts";

/** On a normalized schema node: the embedded class whose instances the node's values become. */
export const EMBEDDED = Symbol.for("data-bridge.orm.embedded");
/** On an embedded class: its object schema. */
export const EMBEDDED_SCHEMA = Symbol.for("data-bridge.orm.embedded-schema");

/** A normalized schema node (plain object, embedded classes replaced by their object schemas). */
export type SchemaNode = TSchema & {
  [EMBEDDED]?: EmbeddedConstructor;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  anyOf?: SchemaNode[];
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
};

/** An embedded class as the runtime sees it. */
export interface EmbeddedConstructor {
  new (data?: any): object;
  readonly prototype: object;
  readonly [EMBEDDED_SCHEMA]: TObject;
}

const CHILD_LISTS = ["anyOf", "allOf", "oneOf"] as const;

function isEmbeddedClass(value: unknown): value is EmbeddedConstructor {
  return typeof value === "function" && EMBEDDED_SCHEMA in value;
}

function embeddedNode(cls: EmbeddedConstructor): SchemaNode {
  return { ...cls[EMBEDDED_SCHEMA], [EMBEDDED]: cls } as SchemaNode;
}

const FIELD_NAME = /^[^$.][^.]*$/;

function mapRecord(
  record: Record<string, unknown>,
  path: string,
  fieldNames: boolean,
): Record<string, SchemaNode> {
  const out: Record<string, SchemaNode> = {};
  for (const [key, value] of Object.entries(record)) {
    const at = path ? `${path}.${key}` : key;
    if (fieldNames && !FIELD_NAME.test(key)) {
      throw new SchemaError(`field "${at}": names cannot be empty, start with "$" or contain "."`);
    }
    out[key] = normalizeSchema(value, at);
  }
  return out;
}

/**
 * Copies a schema tree into plain TypeBox nodes: embedded classes become their object schema
 * tagged with the class. Runs once per model.
 */
export function normalizeSchema(node: unknown, path: string): SchemaNode {
  if (isEmbeddedClass(node)) return embeddedNode(node);
  if (typeof node !== "object" || node === null || typeof (node as TSchema)[Kind] !== "string") {
    const lostClass = typeof node === "object" && node !== null && OptionalKind in node;
    throw new SchemaError(
      lostClass
        ? `field "${path}": Type.Optional() cannot wrap an embedded class (TypeBox copies it into a plain object); use Optional(Class) from data-bridge`
        : `field "${path}": not a TypeBox schema`,
    );
  }
  const source = node as SchemaNode & Record<string, unknown>;
  const out: Record<string | symbol, unknown> = { ...source };
  if (source.properties) out.properties = mapRecord(source.properties, path, true);
  if (source.patternProperties)
    out.patternProperties = mapRecord(source.patternProperties, `${path}.*`, false);
  if (Array.isArray(source.items)) out.items = source.items.map((item) => normalizeSchema(item, `${path}.$`));
  else if (source.items !== undefined) out.items = normalizeSchema(source.items, `${path}.$`);
  if (typeof source.additionalProperties === "object") {
    out.additionalProperties = normalizeSchema(source.additionalProperties, `${path}.*`);
  }
  for (const list of CHILD_LISTS) {
    const children = source[list];
    if (Array.isArray(children)) out[list] = children.map((child) => normalizeSchema(child, path));
  }
  return out as unknown as SchemaNode;
}

/** Builds the object schema of a shape (strict: unknown fields are rejected by validation). */
export function shapeSchema(shape: Record<string, unknown>, strict: boolean, path = ""): TObject {
  const properties = mapRecord(shape, path, true);
  return Type.Object(properties, strict ? { additionalProperties: false } : {});
}

function asNode<T extends TSchema>(schema: T): SchemaNode {
  return isEmbeddedClass(schema) ? embeddedNode(schema) : (schema as SchemaNode);
}

/**
 * Gives a field a default, applied when an insert leaves the field out; the field becomes
 * optional in the insert type. A function default is called for every insert.
 *
 * @example
 * tags: Default(Type.Array(Type.String()), []),
 * createdAt: Default(Bson.Date(), () => new Date()),
 */
export function Default<T extends TSchema>(schema: T, value: Static<T> | (() => Static<T>)): T & TDefaulted {
  return { ...asNode(schema), default: value } as unknown as T & TDefaulted;
}

/**
 * Marks a field optional. Same as TypeBox's `Type.Optional`, and also works on embedded classes
 * (which `Type.Optional` would copy into a plain object, losing the class).
 *
 * @example
 * billing: Optional(Address),
 */
export function Optional<T extends TSchema>(schema: T): TOptional<T> {
  return { ...asNode(schema), [OptionalKind]: "Optional" } as unknown as TOptional<T>;
}
