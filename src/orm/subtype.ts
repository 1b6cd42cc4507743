import { Type } from "@sinclair/typebox";
import type { DocumentMethods, ModelIndex } from "./document.ts";
import { defineAccessors } from "./document-state.ts";
import { claimSubtype, discriminate } from "./discriminator.ts";
import { SchemaError } from "./errors.ts";
import type { Fields } from "./fields.ts";
import type { HydratedShape, InputShape, Shape, StoredShape } from "./infer.ts";
import { ModelInfo } from "./model-info.ts";
import { type AnyModel, type DataOf, type InputOf, infoOf, MODEL } from "./model-ref.ts";
import { Default } from "./schema.ts";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The discriminator key of a model: its base's `discriminatorKey`, else `"_type"`. */
export type DiscriminatorKeyOf<M> = M extends { readonly "~types": { readonly key: infer K extends string } }
  ? K
  : "_type";

type ShapeOf<M> = M extends { readonly "~types": { readonly shape: infer S } } ? S : {};

/** A subtype's stored document: the base's fields, the discriminator value, its own fields. */
export type SubtypeData<M extends AnyModel, V extends string, S> = Simplify<
  Omit<DataOf<M>, DiscriminatorKeyOf<M>> & { [P in DiscriminatorKeyOf<M>]: V } & StoredShape<S>
>;

/** What a subtype's `insert()` accepts: the discriminator value is filled in. */
export type SubtypeInput<M extends AnyModel, V extends string, S> = Simplify<
  Omit<InputOf<M>, DiscriminatorKeyOf<M>> & { [P in DiscriminatorKeyOf<M>]?: V } & InputShape<S>
>;

/** A subtype's instances: the base class's members (getters, methods), typed with the subtype's data. */
export type SubtypeInstance<M extends AnyModel, V extends string, S> = Omit<
  InstanceType<M>,
  keyof DocumentMethods<unknown> | DiscriminatorKeyOf<M>
> & { [P in DiscriminatorKeyOf<M>]: V } & HydratedShape<S> &
  DocumentMethods<SubtypeData<M, V, S>>;

/** The class `Base.extend(value, shape)` returns: the base's statics, typed for the subtype. */
export type SubtypeClass<M extends AnyModel, V extends string, S extends Shape> = Omit<
  M,
  "prototype" | "~types" | "f"
> & {
  new (data: SubtypeInput<M, V, S>): SubtypeInstance<M, V, S>;
  readonly prototype: SubtypeInstance<M, V, S>;
  /** Type-only: the stored document and insert input types. */
  readonly "~types": {
    readonly data: SubtypeData<M, V, S>;
    readonly input: SubtypeInput<M, V, S>;
    readonly shape: ShapeOf<M> & S;
    readonly key: DiscriminatorKeyOf<M>;
  };
  /** Field proxies over the base's fields and the subtype's own. */
  readonly f: Fields<SubtypeData<M, V, S>>;
};

/** Options of `Base.extend()`. */
export interface SubtypeOptions<T> {
  /** More indexes on the shared collection (the base's apply too). */
  indexes?: readonly ModelIndex<T>[];
}

/**
 * Makes the class of a subtype of `base`: same collection, the base's fields plus `shape`, and
 * the discriminator key fixed to `value`. Runs once per subtype, at definition.
 */
export function extendModel(
  base: abstract new (...args: never[]) => object,
  value: string,
  shape: Record<string, unknown>,
  options: SubtypeOptions<unknown> = {},
): Function {
  const parent = infoOf(base);
  const hierarchy = discriminate(parent);
  if (typeof value !== "string" || value === "") {
    throw new SchemaError(`${parent.collectionName}: a subtype needs a non-empty string discriminator value`);
  }
  const taken = Object.keys(shape).find((key) => key in parent.schema.properties || key === hierarchy.key);
  if (taken !== undefined) {
    throw new SchemaError(
      `${parent.collectionName} subtype "${value}": field "${taken}" is already a field of the base`,
    );
  }
  const properties = {
    ...parent.schema.properties,
    [hierarchy.key]: Default(Type.Literal(value), value),
    ...shape,
  };
  const info = new ModelInfo(parent.collectionName, properties, {
    ...parent.settings,
    discriminatorKey: undefined,
    indexes: options.indexes,
  });
  info.discriminator = { hierarchy, value, parent, values: [] };
  abstract class Subtype extends (base as abstract new (...args: never[]) => object) {}
  Object.defineProperty(Subtype, MODEL, { value: info });
  Object.defineProperty(Subtype, "f", { get: () => info.fields, enumerable: true });
  const added = info.plans.filter((plan) => !parent.planByKey.has(plan.key));
  defineAccessors(Subtype.prototype, added, info.revisionKey);
  hierarchy.add(info, value, Subtype);
  return Subtype;
}

/**
 * Registers a subtype's class, so that queries on the base return its instances (a class cannot
 * see its subclasses otherwise). Use it on every class that extends `Base.extend(...)`.
 *
 * @example
 * class Event extends Document("events", { at: Bson.Date() }, { discriminatorKey: "kind" }) {}
 * @subtype
 * class Click extends Event.extend("click", { x: Type.Number(), y: Type.Number() }) {}
 * const events = await Event.find();   // Click instances for { kind: "click" } documents
 */
export function subtype<C extends AnyModel>(target: C, _context?: ClassDecoratorContext<C>): void {
  claimSubtype(target, infoOf(target));
}
