import type { ClientSession } from "mongodb";
import { COPIED, commit, DATA, type DocumentState, NEW, ORIG, reset } from "./document-state.ts";
import { ConflictError, QueryError } from "./errors.ts";
import { type HookPlan, hookPlan, NO_HOOKS } from "./hooks.ts";
import type { ModelInfo } from "./model-info.ts";
import { translateWriteError } from "./write-errors.ts";

/** Every operation accepts a session (for transactions). */
export interface SessionOptions {
  session?: ClientSession | undefined;
}

/** Options of writes: skip validation or hooks on hot paths. */
export interface WriteOptions extends SessionOptions {
  /** Validate against the schema (default `true`). */
  validate?: boolean | undefined;
  /** Run hooks (default `true`). */
  hooks?: boolean | undefined;
}

/** A document instance together with its model's compiled info. */
export interface Persistable extends DocumentState {
  readonly constructor: Function & { prototype: object };
}

export const sessionOf = (options: SessionOptions | undefined): { session?: ClientSession } =>
  options?.session ? { session: options.session } : {};

export function hooksFor(model: { prototype: object }, options: WriteOptions | undefined): HookPlan {
  return options?.hooks === false ? NO_HOOKS : hookPlan(model);
}

/** Runs validate hooks and the compiled schema check (unless `validate: false`). */
export async function validateDocument(
  doc: Persistable,
  info: ModelInfo,
  hooks: HookPlan["document"],
  options: WriteOptions | undefined,
): Promise<void> {
  if (options?.validate === false) return;
  if (hooks.beforeValidate) await hooks.beforeValidate.call(doc);
  info.validator.assert(doc[DATA], info.collectionName);
  if (hooks.afterValidate) await hooks.afterValidate.call(doc);
}

/** The `before` hooks of an insert, and validation; shared by `save()` and `insertMany()`. */
export async function prepareInsert(
  doc: Persistable,
  info: ModelInfo,
  hooks: HookPlan["document"],
  options: WriteOptions | undefined,
): Promise<void> {
  if (hooks.beforeSave) await hooks.beforeSave.call(doc);
  if (hooks.beforeInsert) await hooks.beforeInsert.call(doc);
  await validateDocument(doc, info, hooks, options);
}

/** Marks an inserted document saved and runs the `after` hooks. */
export async function finishInsert(
  doc: Persistable,
  info: ModelInfo,
  hooks: HookPlan["document"],
): Promise<void> {
  commit(doc, info.planByKey);
  if (hooks.afterInsert) await hooks.afterInsert.call(doc);
  if (hooks.afterSave) await hooks.afterSave.call(doc);
}

async function insertDocument(doc: Persistable, info: ModelInfo, options: WriteOptions | undefined) {
  const hooks = hooksFor(doc.constructor, options).document;
  await prepareInsert(doc, info, hooks, options);
  try {
    await info.collection().insertOne(doc[DATA], sessionOf(options));
  } catch (error) {
    throw translateWriteError(error, info.collectionName);
  }
  await finishInsert(doc, info, hooks);
}

function describe(info: ModelInfo, doc: Persistable): string {
  return `${info.collectionName} ${String(doc[DATA]._id)}`;
}

async function updateDocument(doc: Persistable, info: ModelInfo, options: WriteOptions | undefined) {
  const hooks = hooksFor(doc.constructor, options).document;
  if (hooks.beforeSave) await hooks.beforeSave.call(doc);
  if (hooks.beforeUpdate) await hooks.beforeUpdate.call(doc);
  await validateDocument(doc, info, hooks, options);
  const update = pendingUpdate(doc, info);
  if (update) {
    const data = doc[DATA];
    const filter: Record<string, unknown> = { _id: data._id };
    const revision = info.revisionKey;
    const loaded = revision ? (doc[ORIG]![revision] as number) : 0;
    if (revision) {
      filter[revision] = loaded;
      update.$inc = { [revision]: 1 };
    }
    let matched: number;
    try {
      matched = (await info.collection().updateOne(filter, update, sessionOf(options))).matchedCount;
    } catch (error) {
      throw translateWriteError(error, info.collectionName);
    }
    if (matched === 0) {
      throw new ConflictError(
        revision
          ? `${describe(info, doc)}: changed or deleted since it was loaded (revision ${loaded})`
          : `${describe(info, doc)}: no longer exists`,
      );
    }
    if (revision) data[revision] = loaded + 1;
    commit(doc, info.planByKey);
  }
  if (hooks.afterUpdate) await hooks.afterUpdate.call(doc);
  if (hooks.afterSave) await hooks.afterSave.call(doc);
}

/** The update a save would send (`$set`/`$unset` of changed paths), or `null`. */
export function pendingUpdate(
  doc: DocumentState,
  info: ModelInfo,
): Record<string, Record<string, unknown>> | null {
  const orig = doc[ORIG];
  if (doc[NEW] || !orig) return null;
  const update = info.diff(orig, doc[DATA]).toUpdate();
  if (update?.$set && "_id" in update.$set) {
    throw new QueryError("IMMUTABLE_FIELD", "_id", `${info.collectionName}: _id cannot be changed`);
  }
  return update;
}

/** `doc.save()`: insert when new, else send the changed paths. */
export function saveDocument(
  doc: Persistable,
  info: ModelInfo,
  options: WriteOptions | undefined,
): Promise<void> {
  return doc[NEW] ? insertDocument(doc, info, options) : updateDocument(doc, info, options);
}

/** `doc.delete()`: true when the document was deleted (false when it was already gone). */
export async function deleteDocument(
  doc: Persistable,
  info: ModelInfo,
  options: WriteOptions | undefined,
): Promise<boolean> {
  const hooks = hooksFor(doc.constructor, options).document;
  if (hooks.beforeDelete) await hooks.beforeDelete.call(doc);
  const filter: Record<string, unknown> = { _id: doc[DATA]._id };
  const revision = info.revisionKey;
  if (revision) filter[revision] = (doc[ORIG] ?? doc[DATA])[revision];
  const { deletedCount } = await info.collection().deleteOne(filter, sessionOf(options));
  if (deletedCount === 0 && revision) {
    throw new ConflictError(`${describe(info, doc)}: changed or deleted since it was loaded`);
  }
  doc[NEW] = true;
  doc[ORIG] = undefined;
  doc[COPIED] = undefined;
  if (hooks.afterDelete) await hooks.afterDelete.call(doc);
  return deletedCount === 1;
}

/** `doc.refresh()`: reloads the stored document, dropping unsaved changes. */
export async function refreshDocument(
  doc: Persistable,
  info: ModelInfo,
  options: SessionOptions | undefined,
) {
  const filter: Record<string, unknown> = { _id: doc[DATA]._id };
  const fresh = await info.collection().findOne(filter, sessionOf(options));
  if (!fresh) throw new ConflictError(`${describe(info, doc)}: no longer exists`);
  reset(doc, fresh);
}
