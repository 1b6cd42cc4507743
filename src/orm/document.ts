import type { TObject } from "@sinclair/typebox";
import type { ObjectId } from "bson";
import type {
  BulkWriteResult,
  Collection,
  Document as DriverDocument,
  IndexDescription,
  UpdateResult,
} from "mongodb";
import { Pipeline, type AggregateOptions } from "./aggregate.ts";
import {
  type BulkOperation,
  type BulkWriteOptions,
  bulkWrite,
  checkId,
  type FindOneAndDeleteOptions,
  type FindOneAndUpdateOptions,
  findOne,
  findOneAndDelete,
  findOneAndReplace,
  findOneAndUpdate,
  type InsertManyOptions,
  insertMany,
} from "./crud.ts";
import {
  deleteDocument,
  pendingUpdate,
  refreshDocument,
  type SessionOptions,
  saveDocument,
  type WriteOptions,
} from "./document-ops.ts";
import { checkSubtypeClass, hydrateFor, modelFor } from "./discriminator.ts";
import { COPIED, DATA, defineAccessors, isDocument, LOADED, NEW, ORIG } from "./document-state.ts";
import type { Fields } from "./fields.ts";
import type { Filter } from "./filter.ts";
import {
  type DeleteOptions,
  deleteByFilter,
  type FilterOptions,
  type UpdateOptions,
  updateByFilter,
} from "./filter-writes.ts";
import { ensureIndexes, type IndexSyncReport, syncIndexes } from "./indexes.ts";
import type { DeclaredKey, DocData, DocFields, DocInput, Shape } from "./infer.ts";
import { ModelInfo, type ModelSettings } from "./model-info.ts";
import { type AnyModel, type DataOf, type InputOf, infoOf, MODEL, refOf } from "./model-ref.ts";
import type { Paths } from "./paths.ts";
import { Query } from "./query.ts";
import { extendModel, type SubtypeClass, type SubtypeData, type SubtypeOptions } from "./subtype.ts";
import type { Update } from "./update.ts";
import { ValidationError } from "./errors.ts";
import { cloneValue, isDocumentLike } from "./values.ts";

type IndexDirection = 1 | -1 | "text" | "2d" | "2dsphere" | "hashed";

/** An index declared on a model; `key` paths are checked against the schema. */
export interface ModelIndex<T> extends Omit<IndexDescription, "key" | "partialFilterExpression"> {
  key: { [P in Paths<T>]?: IndexDirection };
  partialFilterExpression?: Filter<T>;
}

/** Options of `Document()`. */
export interface ModelOptions<S extends Shape = Shape> {
  /** Indexes created by `ensureIndexes()` / `syncIndexes()`. */
  indexes?: readonly ModelIndex<DocData<S>>[];
  /** Connection name (see `connect(uri, { name })`); default `"default"`. */
  connection?: string;
  /** Reject fields the schema does not declare (default `true`). */
  strict?: boolean;
  /**
   * Optimistic concurrency: `true` adds a `_rev` counter (or name the field). A save or delete of
   * a document changed by someone else since it was loaded raises `ConflictError`.
   */
  revision?: boolean | string;
  /**
   * The field telling subtypes (`Model.extend(value, shape)`) apart in the shared collection
   * (default `"_type"`). Declaring it also makes it a field of this model, for filters.
   */
  discriminatorKey?: string;
}

/** Members every document has (field names may not use these names). */
export interface DocumentMethods<T> {
  /** True until the document is inserted (and again after `delete()`). */
  readonly isNew: boolean;
  /** Inserts a new document, or sends `$set`/`$unset` for the changed paths only. */
  save(options?: WriteOptions): Promise<this>;
  /** Deletes the document; false when it was already gone. */
  delete(options?: WriteOptions): Promise<boolean>;
  /** Reloads the stored document, dropping unsaved changes. */
  refresh(options?: SessionOptions): Promise<this>;
  /** Validates the current data against the schema (throws `ValidationError`). */
  validate(): void;
  /** The update `save()` would send now, or `null`. */
  changes(): Update<T> | null;
  /** A deep copy of the data. */
  toObject(): T;
  toJSON(): T;
}

/** An instance of a model defined with shape `S` and options `O`. */
export type DocumentInstance<S, O> = DocFields<S, O> & DocumentMethods<DocData<S, O>>;

type IdArgument<M extends AnyModel> = DataOf<M>["_id"] | (DataOf<M>["_id"] extends ObjectId ? string : never);

/**
 * Base class of every model; its static methods are the model's operations. Models are made
 * with `Document(name, shape, options)`.
 */
export class DocumentBase {
  declare [DATA]: Record<string, unknown>;
  declare [ORIG]: Record<string, unknown> | undefined;
  declare [COPIED]: Set<string> | undefined;
  declare [NEW]: boolean;
  declare [LOADED]: Record<string, unknown> | undefined;
  /** The MongoDB collection name. */
  declare static readonly collectionName: string;

  constructor(data: object = {}) {
    const info = infoOf(new.target);
    if (info.discriminator) checkSubtypeClass(new.target, info);
    if (!isDocumentLike(data)) {
      throw new ValidationError(info.collectionName, [
        { path: "", message: "Expected an object", value: data },
      ]);
    }
    const filled = info.fillDefaults(data);
    for (const key of info.linkKeys) {
      const target = filled[key];
      if (isDocument(target)) {
        (this[LOADED] ??= {})[key] = target;
        filled[key] = target[DATA]._id;
      }
    }
    this[DATA] = filled;
    this[NEW] = true;
  }

  get isNew(): boolean {
    return this[NEW];
  }

  async save(options?: WriteOptions): Promise<this> {
    await saveDocument(this, infoOf(this.constructor), options);
    return this;
  }

  delete(options?: WriteOptions): Promise<boolean> {
    return deleteDocument(this, infoOf(this.constructor), options);
  }

  async refresh(options?: SessionOptions): Promise<this> {
    await refreshDocument(this, infoOf(this.constructor), options);
    return this;
  }

  validate(): void {
    const info = infoOf(this.constructor);
    info.validator.assert(this[DATA], info.collectionName);
  }

  changes(): Record<string, unknown> | null {
    return pendingUpdate(this, infoOf(this.constructor));
  }

  toObject(): Record<string, unknown> {
    return cloneValue(this[DATA]);
  }

  toJSON(): Record<string, unknown> {
    return this[DATA];
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this[DATA];
  }

  /** The driver's collection, for anything the ORM does not cover. */
  static get collection(): Collection<DriverDocument> {
    return infoOf(this).collection();
  }

  /** The model's full object schema (with `_id`). */
  static get schema(): TObject {
    return infoOf(this).schema;
  }

  /**
   * Wraps an already decoded document in a model instance (no copy). With `{ validate: true }`
   * it is checked against the schema first.
   *
   * @example
   * const user = User.hydrate(rawDocFromDriver);
   */
  static hydrate<M extends AnyModel>(
    this: M,
    data: DataOf<M>,
    options?: { validate?: boolean },
  ): InstanceType<M> {
    const ref = refOf(this);
    if (options?.validate) {
      const info = modelFor(ref.info, data);
      info.validator.assert(data, info.collectionName);
    }
    return hydrateFor(ref, data) as InstanceType<M>;
  }

  /** True when `value` is a valid stored document of this model (or of the subtype its discriminator names). */
  static check<M extends AnyModel>(this: M, value: unknown): value is DataOf<M> {
    return modelFor(infoOf(this), value).validator.check(value);
  }

  /**
   * Returns `value` typed as a stored document, or throws one `ValidationError` listing every problem.
   *
   * @example
   * const data = User.validate(JSON.parse(body));
   */
  static validate<M extends AnyModel>(this: M, value: unknown): DataOf<M> {
    const info = modelFor(infoOf(this), value);
    info.validator.assert(value, info.collectionName);
    return value;
  }

  /**
   * Creates, validates and inserts a document.
   *
   * @example
   * const ada = await User.insert({ name: "Ada", email: "ada@example.com", age: 36 });
   */
  static async insert<M extends AnyModel>(
    this: M,
    data: InputOf<M>,
    options?: WriteOptions,
  ): Promise<InstanceType<M>> {
    const doc = new this(data);
    await doc.save(options);
    return doc;
  }

  /**
   * Validates every document (one error lists all failures) and inserts them in one round trip.
   *
   * @example
   * await User.insertMany([{ name: "A", email: "a@x.io", age: 1 }, { name: "B", email: "b@x.io", age: 2 }]);
   */
  static insertMany<M extends AnyModel>(
    this: M,
    data: readonly InputOf<M>[],
    options?: InsertManyOptions,
  ): Promise<InstanceType<M>[]> {
    return insertMany(refOf(this), data, options) as Promise<InstanceType<M>[]>;
  }

  /**
   * The document with this `_id` (a 24-hex string is accepted for `ObjectId` ids), or `null`.
   *
   * @example
   * const user = await User.get(c.req.param("id"));
   */
  static async get<M extends AnyModel>(
    this: M,
    id: IdArgument<M>,
    options?: FilterOptions,
  ): Promise<InstanceType<M> | null> {
    const ref = refOf(this);
    return (await findOne(ref, { _id: checkId(ref.info, id) }, options)) as InstanceType<M> | null;
  }

  /**
   * The first document matching `filter`, or `null`.
   *
   * @example
   * const ada = await User.findOne(User.f.email.eq("ada@example.com"));
   */
  static findOne<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>> = {},
    options?: FilterOptions,
  ): Promise<InstanceType<M> | null> {
    return findOne(
      refOf(this),
      filter as Record<string, unknown>,
      options,
    ) as Promise<InstanceType<M> | null>;
  }

  /**
   * A query for the documents matching `filter` (chain sort, limit, project, ...; then await it).
   *
   * @example
   * const names = await User.find(User.f.age.gte(18)).sort({ name: 1 }).project({ name: 1 });
   */
  static find<M extends AnyModel>(
    this: M,
    filter?: Filter<DataOf<M>>,
    options?: FilterOptions,
  ): Query<DataOf<M>, InstanceType<M>, M> {
    return new Query(refOf(this), filter, options);
  }

  /** Number of documents matching `filter`. */
  static async count<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>> = {},
    options?: FilterOptions,
  ): Promise<number> {
    return new Query(refOf(this), filter, options).count();
  }

  /**
   * Updates the first match (validated update; static update hooks run).
   *
   * @example
   * await User.updateOne(User.f.email.eq(email), { $set: { age: 37 } });
   */
  static updateOne<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    update: Update<DataOf<M>>,
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return updateByFilter(
      refOf(this),
      filter as Record<string, unknown>,
      update as Record<string, unknown>,
      false,
      options,
    );
  }

  /**
   * Updates every match.
   *
   * @example
   * await User.updateMany(User.f.age.lt(18), { $set: { minor: true } });
   */
  static updateMany<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    update: Update<DataOf<M>>,
    options?: UpdateOptions,
  ): Promise<UpdateResult> {
    return updateByFilter(
      refOf(this),
      filter as Record<string, unknown>,
      update as Record<string, unknown>,
      true,
      options,
    );
  }

  /** Deletes the first match; returns how many were deleted (0 or 1). */
  static async deleteOne<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    options?: DeleteOptions,
  ): Promise<number> {
    return (await deleteByFilter(refOf(this), filter as Record<string, unknown>, false, options))
      .deletedCount;
  }

  /** Deletes every match; returns how many were deleted. */
  static async deleteMany<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    options?: DeleteOptions,
  ): Promise<number> {
    return (await deleteByFilter(refOf(this), filter as Record<string, unknown>, true, options)).deletedCount;
  }

  /**
   * Updates one match and returns it (after the update by default).
   *
   * @example
   * const counter = await Counter.findOneAndUpdate(Counter.f.name.eq("orders"), { $inc: { value: 1 } }, { upsert: true });
   */
  static findOneAndUpdate<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    update: Update<DataOf<M>>,
    options?: FindOneAndUpdateOptions,
  ): Promise<InstanceType<M> | null> {
    const raw = update as Record<string, unknown>;
    return findOneAndUpdate(
      refOf(this),
      filter as Record<string, unknown>,
      raw,
      options,
    ) as Promise<InstanceType<M> | null>;
  }

  /** Replaces one match with a validated document and returns it. */
  static findOneAndReplace<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    replacement: InputOf<M>,
    options?: FindOneAndUpdateOptions,
  ): Promise<InstanceType<M> | null> {
    const ref = refOf(this);
    return findOneAndReplace(
      ref,
      filter as Record<string, unknown>,
      replacement,
      options,
    ) as Promise<InstanceType<M> | null>;
  }

  /** Deletes one match and returns it. */
  static findOneAndDelete<M extends AnyModel>(
    this: M,
    filter: Filter<DataOf<M>>,
    options?: FindOneAndDeleteOptions,
  ): Promise<InstanceType<M> | null> {
    return findOneAndDelete(
      refOf(this),
      filter as Record<string, unknown>,
      options,
    ) as Promise<InstanceType<M> | null>;
  }

  /**
   * Checks every operation, then sends them in one `bulkWrite` (no hooks).
   *
   * @example
   * await Product.bulkWrite(items.map((p) => ({
   *   updateOne: { filter: { sku: p.sku }, update: { $set: { price: p.price } }, upsert: true },
   * })));
   */
  static bulkWrite<M extends AnyModel>(
    this: M,
    operations: readonly BulkOperation<DataOf<M>, InputOf<M>>[],
    options?: BulkWriteOptions,
  ): Promise<BulkWriteResult> {
    return bulkWrite(refOf(this), operations, options);
  }

  /**
   * A typed aggregation pipeline over this model's collection.
   *
   * @example
   * const perCity = await User.aggregate().group({ _id: User.f.address.city, n: { $sum: 1 } });
   */
  static aggregate<M extends AnyModel>(this: M, options?: AggregateOptions): Pipeline<DataOf<M>> {
    return new Pipeline(refOf(this), options);
  }

  /**
   * A subtype stored in the same collection: this model's fields plus `shape`, told apart by the
   * discriminator key (the base's `discriminatorKey`, default `_type`) set to `value`. Queries on
   * the subtype match its documents only; queries on the base return instances of the subtypes
   * registered with `@subtype`.
   *
   * @example
   * class Event extends Document("events", { at: Bson.Date() }, { discriminatorKey: "kind" }) {}
   * @subtype
   * class Click extends Event.extend("click", { x: Type.Number(), y: Type.Number() }) {}
   * await Click.insert({ at: new Date(), x: 1, y: 2 });   // stored with kind: "click"
   */
  static extend<M extends AnyModel, const V extends string, const S extends Shape>(
    this: M,
    value: V,
    shape: S,
    options?: SubtypeOptions<SubtypeData<M, V, S>>,
  ): SubtypeClass<M, V, S> {
    return extendModel(this, value, shape, options) as SubtypeClass<M, V, S>;
  }

  /** Creates the declared indexes. */
  static async ensureIndexes(options?: SessionOptions): Promise<string[]> {
    return ensureIndexes(infoOf(this), options);
  }

  /** Creates missing declared indexes, reports (or with `{ drop: true }` drops) stale ones. */
  static async syncIndexes(options?: SessionOptions & { drop?: boolean }): Promise<IndexSyncReport> {
    return syncIndexes(infoOf(this), options);
  }
}

for (const slot of [ORIG, COPIED, LOADED]) {
  Object.defineProperty(DocumentBase.prototype, slot, { value: undefined, writable: true });
}
Object.defineProperty(DocumentBase.prototype, NEW, { value: false, writable: true });

/** A model class made by `Document()`: statics of `DocumentBase`, typed instances and field proxies. */
export type ModelClass<S extends Shape, O> = Omit<typeof DocumentBase, "prototype"> & {
  new (data: DocInput<S>): DocumentInstance<S, O>;
  readonly prototype: DocumentInstance<S, O>;
  /** Type-only: the stored document and insert input types (see `DataOf`, `InputOf`). */
  readonly "~types": {
    readonly data: DocData<S, O>;
    readonly input: DocInput<S>;
    readonly shape: S;
    readonly key: [DeclaredKey<O>] extends [never] ? "_type" : DeclaredKey<O>;
  };
  /** Field proxies for typed conditions and sorts: `User.f.address.city.eq("NYC")`. */
  readonly f: Fields<DocData<S, O>>;
};

/**
 * Defines a model: a class bound to collection `name`, whose instances are typed from `shape`
 * (TypeBox schemas and embedded classes). Extend it to add getters, methods and hooks.
 *
 * @example
 * class User extends Document("users", {
 *   name: Type.String({ minLength: 1 }),
 *   email: Type.String({ format: "email" }),
 *   age: Type.Integer({ minimum: 0 }),
 *   tags: Default(Type.Array(Type.String()), []),
 *   address: Address,
 * }, { indexes: [{ key: { email: 1 }, unique: true }] }) {
 *   get isAdult() { return this.age >= 18; }
 * }
 */
export function Document<const S extends Shape, const O extends ModelOptions<S> = {}>(
  name: string,
  shape: S,
  options?: O,
): ModelClass<S, O> {
  const info = new ModelInfo(name, shape, (options ?? {}) as ModelSettings);
  class Model extends DocumentBase {}
  Object.defineProperty(Model, MODEL, { value: info });
  Object.defineProperty(Model, "collectionName", { value: info.collectionName, enumerable: true });
  Object.defineProperty(Model, "f", { get: () => info.fields, enumerable: true });
  defineAccessors(Model.prototype, info.plans, info.revisionKey);
  return Model as unknown as ModelClass<S, O>;
}
