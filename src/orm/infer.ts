import type { OptionalKind, Static, TArray, TObject, TRecord, TSchema, TUnion } from "@sinclair/typebox";
import type { ObjectId } from "bson";
import type { LinkMarker } from "./relations.ts";

/** The fields of a model or embedded model: TypeBox schemas (embedded classes are schemas too). */
export type Shape = Record<string, TSchema>;

/** Type-level marker set by `Default()`: inputs may leave such a field out. */
export interface TDefaulted {
  readonly "~default": true;
}

/** Type-level view of an embedded class (`class Address extends Embedded({...}) {}`). */
export interface EmbeddedMarker<S extends Shape = Shape> {
  readonly "~embedded": S;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionalKeys<S> = { [K in keyof S]: S[K] extends { [OptionalKind]: "Optional" } ? K : never }[keyof S];
type DefaultedKeys<S> = { [K in keyof S]: S[K] extends TDefaulted ? K : never }[keyof S];

/** Which view of a schema: as stored, as a document property, or as accepted on insert. */
type View = "stored" | "hydrated" | "input";

type EmbeddedAs<S, I, V extends View> = V extends "stored"
  ? ShapeAs<S, V>
  : V extends "hydrated"
    ? I
    : ShapeAs<S, V> | I;

type InferAs<T, V extends View> = T extends EmbeddedMarker<infer S> &
  (abstract new (
    ...args: any[]
  ) => infer I)
  ? EmbeddedAs<S, I, V>
  : T extends LinkMarker<infer M extends abstract new (...args: any[]) => unknown> & TSchema
    ? V extends "input"
      ? Static<T> | InstanceType<M>
      : Static<T>
    : T extends TArray<infer E>
      ? InferAs<E, V>[]
      : T extends TUnion<infer U>
        ? InferAs<U[number], V>
        : T extends TObject<infer P>
          ? ShapeAs<P, V>
          : T extends TRecord<TSchema, infer R>
            ? { [K in keyof Static<T>]: InferAs<R, V> }
            : T extends TSchema
              ? Static<T>
              : never;

type LooseKeys<S, V extends View> = V extends "input" ? OptionalKeys<S> | DefaultedKeys<S> : OptionalKeys<S>;

type ShapeAs<S, V extends View> = Simplify<
  { [K in Exclude<keyof S, LooseKeys<S, V>>]: InferAs<S[K], V> } & {
    [K in LooseKeys<S, V>]?: InferAs<S[K], V>;
  }
>;

/** The value stored in MongoDB for a schema: embedded models are plain objects here. */
export type Stored<T> = InferAs<T, "stored">;
/** The value a document property returns: embedded models are instances of their class. */
export type Hydrated<T> = InferAs<T, "hydrated">;
/** What a caller may pass when creating a value: fields with defaults may be left out. */
export type Input<T> = InferAs<T, "input">;

export type StoredShape<S> = ShapeAs<S, "stored">;
export type HydratedShape<S> = ShapeAs<S, "hydrated">;
export type InputShape<S> = ShapeAs<S, "input">;

/** The `_id` type of a model: the shape's own `_id`, else an `ObjectId`. */
export type IdOf<S> = S extends { _id: infer T } ? Stored<T> : ObjectId;

/** Model options that change the stored type: the optimistic-concurrency revision field. */
export interface RevisionOption {
  readonly revision?: boolean | string | undefined;
}

type RevisionKey<O> = O extends { revision: infer R }
  ? R extends string
    ? R
    : R extends true
      ? "_rev"
      : never
  : never;

type RevisionFields<O> = { [K in RevisionKey<O>]: number };

/** The `discriminatorKey` a base model declares (`never` when it declares none). */
export type DeclaredKey<O> = O extends { discriminatorKey: infer K extends string } ? K : never;

/** A declared discriminator key is a field of the base: the subtype's value, absent on base documents. */
type DiscriminatorFields<O> = { [K in DeclaredKey<O>]?: string };

/** A stored document of a model: what `find().lean()` returns and what filters and updates refer to. */
export type DocData<S, O = {}> = Simplify<
  { _id: IdOf<S> } & StoredShape<Omit<S, "_id">> & RevisionFields<O> & DiscriminatorFields<O>
>;

/** The data fields of a model instance (embedded models hydrated to their classes). */
export type DocFields<S, O = {}> = { _id: IdOf<S> } & HydratedShape<Omit<S, "_id">> &
  RevisionFields<O> &
  DiscriminatorFields<O>;

type IdInput<S> = S extends { _id: infer T }
  ? Stored<T> extends ObjectId
    ? { _id?: ObjectId }
    : InputShape<Pick<S, "_id">>
  : { _id?: ObjectId };

/** What `new Model(...)` and `Model.insert(...)` accept (an `ObjectId` `_id` is generated when left out). */
export type DocInput<S> = Simplify<IdInput<S> & InputShape<Omit<S, "_id">>>;
