import { Kind, type SchemaOptions, type TDate, type TUnsafe, Type, TypeRegistry } from "@sinclair/typebox";
import type { Binary, Decimal128, Long, ObjectId } from "bson";

/** BSON value classes carry `_bsontype`; checking it works across copies of the `bson` package. */
export function bsonTypeOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === "string" ? tag : undefined;
}

const isLongValue = (value: unknown) =>
  bsonTypeOf(value) === "Long" || (typeof value === "number" && Number.isSafeInteger(value));

const kinds: Record<string, (value: unknown) => boolean> = {
  ObjectId: (value) => bsonTypeOf(value) === "ObjectId",
  Decimal128: (value) => bsonTypeOf(value) === "Decimal128",
  Long: isLongValue,
  Binary: (value) => bsonTypeOf(value) === "Binary",
};

/** Registers the BSON kinds with TypeBox's `TypeRegistry` so compiled validators can check them. */
export function registerBsonKinds(): void {
  for (const [kind, check] of Object.entries(kinds)) {
    if (!TypeRegistry.Has(kind)) TypeRegistry.Set(kind, (_schema, value) => check(value));
  }
}

/** True for a schema node built by one of the `Bson.*` constructors (or TypeBox's `Type.Date`). */
export function isBsonKind(kind: unknown): boolean {
  return kind === "Date" || (typeof kind === "string" && kind in kinds);
}

/**
 * BSON types for model schemas. Each is a TypeBox schema with a compiled check on the value's
 * BSON tag, and a static type of the `bson` class the driver decodes to.
 *
 * @example
 * class Order extends Document("orders", {
 *   customer: Bson.ObjectId(),
 *   total: Bson.Decimal128(),
 *   placedAt: Bson.Date(),
 * }) {}
 */
export const Bson = {
  /** An `ObjectId`. */
  ObjectId: (options?: SchemaOptions): TUnsafe<ObjectId> =>
    Type.Unsafe<ObjectId>({ ...options, [Kind]: "ObjectId" }),
  /** A BSON date, decoded as a JavaScript `Date`. */
  Date: (options?: SchemaOptions): TDate => Type.Date(options),
  /** A `Decimal128`. */
  Decimal128: (options?: SchemaOptions): TUnsafe<Decimal128> =>
    Type.Unsafe<Decimal128>({ ...options, [Kind]: "Decimal128" }),
  /**
   * A 64-bit integer. The driver decodes int64 values that fit in a double to `number`
   * (its `promoteLongs` default), so both a `Long` and a safe integer are accepted.
   */
  Long: (options?: SchemaOptions): TUnsafe<Long | number> =>
    Type.Unsafe<Long | number>({ ...options, [Kind]: "Long" }),
  /** BSON binary data (`Binary`; wrap a `Uint8Array` with `new Binary(bytes)`). */
  Binary: (options?: SchemaOptions): TUnsafe<Binary> => Type.Unsafe<Binary>({ ...options, [Kind]: "Binary" }),
} as const;
