import { Kind } from "@sinclair/typebox";
import { ObjectId } from "bson";
import type {
  AnyBulkWriteOperation,
  BulkWriteResult,
  Collection,
  Document as DriverDocument,
  FindOneAndUpdateOptions as FindOneAndUpdateDriverOptions,
} from "mongodb";
import { hydrateFor, scoped } from "./discriminator.ts";
import { DATA, type DocumentState } from "./document-state.ts";
import {
  finishInsert,
  hooksFor,
  type Persistable,
  prepareInsert,
  sessionOf,
  type WriteOptions,
} from "./document-ops.ts";
import { QueryError, ValidationError, type ValidationIssue } from "./errors.ts";
import { checkOperand } from "./fields.ts";
import {
  type DeleteOptions,
  type FilterOptions,
  type ModelRef,
  type UpdateOptions,
  withInsertDefaults,
} from "./filter-writes.ts";
import { checkFilter, checkUpdate } from "./guard.ts";
import type { Filter } from "./filter.ts";
import type { DeleteHookContext, UpdateHookContext } from "./hooks.ts";
import type { ModelInfo } from "./model-info.ts";
import type { SchemaNode } from "./schema.ts";
import type { Update } from "./update.ts";
import { translateWriteError } from "./write-errors.ts";

/** Options of `insertMany`. */
export interface InsertManyOptions extends WriteOptions {
  /** Stop at the first failing document (default `true`, as the driver). */
  ordered?: boolean | undefined;
}

/** Options of `findOneAndUpdate` / `findOneAndReplace`. */
export interface FindOneAndUpdateOptions extends UpdateOptions {
  /** Return the document as it is after the update (default) or before. */
  returnDocument?: "before" | "after" | undefined;
  sort?: Record<string, 1 | -1> | undefined;
}

/** Options of `findOneAndDelete`. */
export interface FindOneAndDeleteOptions extends DeleteOptions {
  sort?: Record<string, 1 | -1> | undefined;
}

type Constructible = new (data: object) => Persistable;

const construct = (model: ModelRef, input: object) => new (model.ctor as unknown as Constructible)(input);

/** Inserts many documents: hooks and validation for all first (one error lists every failure), then one write. */
export async function insertMany(
  model: ModelRef,
  inputs: readonly object[],
  options: InsertManyOptions | undefined,
): Promise<Persistable[]> {
  const { info } = model;
  const docs = inputs.map((input) => construct(model, input));
  const hooks = hooksFor(model.ctor, options).document;
  const quiet = { ...options, validate: false };
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    if (hooks.beforeSave || hooks.beforeInsert || hooks.beforeValidate)
      await prepareInsert(doc, info, hooks, quiet);
    if (options?.validate === false) continue;
    if (hooks.beforeValidate) await hooks.beforeValidate.call(doc);
    if (!info.validator.check(doc[DATA])) issues.push(...info.validator.issues(doc[DATA], String(i)));
  }
  if (issues.length > 0) throw new ValidationError(info.collectionName, issues);
  if (hooks.afterValidate) for (const doc of docs) await hooks.afterValidate.call(doc);
  if (docs.length === 0) return docs;
  try {
    await info.collection().insertMany(
      docs.map((doc) => doc[DATA]),
      { ordered: options?.ordered !== false, session: options?.session },
    );
  } catch (error) {
    throw translateWriteError(error, info.collectionName);
  }
  for (const doc of docs) await finishInsert(doc, info, hooks);
  return docs;
}

/** Checks an id from (possibly untrusted) input; a 24-hex string becomes an `ObjectId`. */
export function checkId(info: ModelInfo, id: unknown): unknown {
  const node = info.schema.properties._id as SchemaNode;
  if (node[Kind] === "ObjectId" && typeof id === "string") {
    if (!/^[0-9a-fA-F]{24}$/.test(id)) {
      throw new QueryError(
        "INVALID_ID",
        "_id",
        `${info.collectionName}: "${id}" is not an ObjectId (24 hex digits)`,
      );
    }
    return ObjectId.createFromHexString(id);
  }
  checkOperand("_id", node, id);
  return id;
}

/** `findOne` by filter, hydrated. */
export async function findOne(
  model: ModelRef,
  filter: Record<string, unknown>,
  options: FilterOptions | undefined,
): Promise<DocumentState | null> {
  checkFilter(model.info.guard(options?.allowUnsafe), filter);
  const raw = await model.info.collection().findOne(scoped(model.info, filter), sessionOf(options));
  return raw ? hydrateFor(model, raw) : null;
}

/** Sends a findOneAnd* command with the shared options, mapping duplicate-key errors. */
async function findAndModify(
  info: ModelInfo,
  options: FindOneAndUpdateOptions | undefined,
  send: (
    collection: Collection<DriverDocument>,
    options: FindOneAndUpdateDriverOptions,
  ) => Promise<DriverDocument | null>,
): Promise<DriverDocument | null> {
  try {
    return await send(info.collection(), {
      returnDocument: options?.returnDocument ?? "after",
      upsert: options?.upsert === true,
      sort: options?.sort,
      session: options?.session,
    });
  } catch (error) {
    throw translateWriteError(error, info.collectionName);
  }
}

/** `findOneAndUpdate`: static update hooks, checked update, hydrated result. */
export async function findOneAndUpdate(
  model: ModelRef,
  filter: Record<string, unknown>,
  update: Record<string, unknown>,
  options: FindOneAndUpdateOptions | undefined,
): Promise<DocumentState | null> {
  const { info } = model;
  const hooks = hooksFor(model.ctor, options).model;
  const context: UpdateHookContext = { filter, update, many: false, session: options?.session };
  if (hooks.beforeUpdate) await hooks.beforeUpdate.call(model.ctor, context);
  checkFilter(info.guard(options?.allowUnsafe), context.filter);
  checkUpdate(info.updateGuard(options?.allowUnsafe, options?.validate), context.update);
  const sent = options?.upsert ? withInsertDefaults(info, context.filter, context.update) : context.update;
  const raw = await findAndModify(info, options, (collection, driverOptions) =>
    collection.findOneAndUpdate(scoped(info, context.filter), sent, driverOptions),
  );
  context.result = raw;
  if (hooks.afterUpdate) await hooks.afterUpdate.call(model.ctor, context);
  return raw ? hydrateFor(model, raw) : null;
}

/** A replacement document: defaults filled, validated with `_id` optional. */
function replacement(
  info: ModelInfo,
  input: object,
  prefix: string,
  validate: boolean,
): Record<string, unknown> {
  const data = info.fillDefaults(input);
  if (!("_id" in input)) delete data._id;
  if (validate && !info.replacementValidator.check(data)) {
    throw new ValidationError(info.collectionName, info.replacementValidator.issues(data, prefix));
  }
  return data;
}

/** `findOneAndReplace`: the replacement is validated like an insert (`_id` may be left out). */
export async function findOneAndReplace(
  model: ModelRef,
  filter: Record<string, unknown>,
  input: object,
  options: FindOneAndUpdateOptions | undefined,
): Promise<DocumentState | null> {
  const { info } = model;
  checkFilter(info.guard(options?.allowUnsafe), filter);
  const data = replacement(info, input, "", options?.validate !== false);
  const raw = await findAndModify(info, options, (collection, driverOptions) =>
    collection.findOneAndReplace(scoped(info, filter), data, driverOptions),
  );
  return raw ? hydrateFor(model, raw) : null;
}

/** `findOneAndDelete`: static delete hooks, hydrated result. */
export async function findOneAndDelete(
  model: ModelRef,
  filter: Record<string, unknown>,
  options: FindOneAndDeleteOptions | undefined,
): Promise<DocumentState | null> {
  const { info } = model;
  const hooks = hooksFor(model.ctor, options).model;
  const context: DeleteHookContext = { filter, many: false, session: options?.session };
  if (hooks.beforeDelete) await hooks.beforeDelete.call(model.ctor, context);
  checkFilter(info.guard(options?.allowUnsafe), context.filter);
  const raw = await info.collection().findOneAndDelete(scoped(info, context.filter), {
    sort: options?.sort,
    session: options?.session,
  });
  context.result = raw;
  if (hooks.afterDelete) await hooks.afterDelete.call(model.ctor, context);
  return raw ? hydrateFor(model, raw) : null;
}

/** One operation of `Model.bulkWrite`, typed by the model. */
export type BulkOperation<T, I> =
  | { insertOne: { document: I } }
  | { updateOne: { filter: Filter<T>; update: Update<T>; upsert?: boolean } }
  | { updateMany: { filter: Filter<T>; update: Update<T>; upsert?: boolean } }
  | { replaceOne: { filter: Filter<T>; replacement: I; upsert?: boolean } }
  | { deleteOne: { filter: Filter<T> } }
  | { deleteMany: { filter: Filter<T> } };

/** Options of `bulkWrite`. */
export interface BulkWriteOptions extends FilterOptions {
  validate?: boolean | undefined;
  ordered?: boolean | undefined;
}

type RawOperation = Record<string, Record<string, unknown>>;

function prepareOperation(
  info: ModelInfo,
  raw: RawOperation,
  index: number,
  options: BulkWriteOptions | undefined,
) {
  const [kind] = Object.keys(raw);
  const op = kind ? raw[kind] : undefined;
  if (!kind || !op || Object.keys(raw).length !== 1) {
    throw new QueryError(
      "INVALID_BULK",
      String(index),
      `bulkWrite operation ${index}: expected one operation`,
    );
  }
  const validate = options?.validate !== false;
  const guard = info.guard(options?.allowUnsafe);
  switch (kind) {
    case "insertOne": {
      const document = info.fillDefaults(op.document as object);
      if (validate && !info.validator.check(document)) {
        throw new ValidationError(info.collectionName, info.validator.issues(document, `${index}.document`));
      }
      return { insertOne: { document } };
    }
    case "updateOne":
    case "updateMany": {
      const filter = op.filter as Record<string, unknown>;
      checkFilter(guard, filter);
      checkUpdate(info.updateGuard(options?.allowUnsafe, options?.validate), op.update);
      const update = op.upsert
        ? withInsertDefaults(info, filter, op.update as Record<string, unknown>)
        : op.update;
      return { [kind]: { ...op, filter: scoped(info, filter), update } };
    }
    case "replaceOne":
      checkFilter(guard, op.filter);
      return {
        replaceOne: {
          ...op,
          filter: scoped(info, op.filter as Record<string, unknown>),
          replacement: replacement(info, op.replacement as object, `${index}.replacement`, validate),
        },
      };
    case "deleteOne":
    case "deleteMany":
      checkFilter(guard, op.filter);
      return { [kind]: { ...op, filter: scoped(info, op.filter as Record<string, unknown>) } };
    default:
      throw new QueryError(
        "INVALID_BULK",
        String(index),
        `bulkWrite operation ${index}: unknown operation ${kind}`,
      );
  }
}

/**
 * Checks every operation (filters, updates, validated documents) before sending any, then
 * sends one `bulkWrite`. Hooks do not run for bulk writes.
 */
export async function bulkWrite(
  model: ModelRef,
  operations: readonly object[],
  options: BulkWriteOptions | undefined,
): Promise<BulkWriteResult> {
  const { info } = model;
  const prepared = operations.map(
    (op, i) => prepareOperation(info, op as RawOperation, i, options) as unknown as AnyBulkWriteOperation,
  );
  try {
    return await info.collection().bulkWrite(prepared, {
      ordered: options?.ordered !== false,
      session: options?.session,
    });
  } catch (error) {
    throw translateWriteError(error, info.collectionName);
  }
}
