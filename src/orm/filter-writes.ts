import type { DeleteResult, UpdateResult } from "mongodb";
import { hooksFor, type SessionOptions, sessionOf, type WriteOptions } from "./document-ops.ts";
import { checkFilter, checkUpdate } from "./guard.ts";
import type { DeleteHookContext, UpdateHookContext } from "./hooks.ts";
import { scoped } from "./discriminator.ts";
import type { ModelInfo } from "./model-info.ts";
import type { SchemaNode } from "./schema.ts";
import { cloneValue } from "./values.ts";
import { translateWriteError } from "./write-errors.ts";

/** A model class with its compiled info: what queries and filter writes work on. */
export interface ModelRef {
  readonly ctor: { prototype: object };
  readonly info: ModelInfo;
}

/** Options of reads: refuse `$where` and friends unless `allowUnsafe`. */
export interface FilterOptions extends SessionOptions {
  /** Allow `$where`, `$function` and `$accumulator` (they run JavaScript on the server). */
  allowUnsafe?: boolean | undefined;
}

/** Options of updates by filter. */
export interface UpdateOptions extends WriteOptions, FilterOptions {
  /** Insert a document when nothing matches (schema defaults are added with `$setOnInsert`). */
  upsert?: boolean | undefined;
}

/** Options of deletes by filter. */
export interface DeleteOptions extends FilterOptions {
  hooks?: boolean | undefined;
}

const head = (path: string) => {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
};

/**
 * For upserts: `$setOnInsert` of the schema defaults the update and the filter leave untouched,
 * so an upserted document gets the same defaults as an insert.
 */
export function withInsertDefaults(
  info: ModelInfo,
  filter: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  if (Array.isArray(update)) return update;
  const touched = new Set(Object.keys(filter).map(head));
  for (const fields of Object.values(update)) {
    for (const path of Object.keys(fields as object)) touched.add(head(path));
  }
  let defaults: Record<string, unknown> | undefined;
  for (const [key, node] of Object.entries(info.schema.properties as Record<string, SchemaNode>)) {
    if (key === "_id" || touched.has(key) || !("default" in node)) continue;
    const value = typeof node.default === "function" ? node.default() : cloneValue(node.default);
    (defaults ??= {})[key] = value;
  }
  if (!defaults) return update;
  return { ...update, $setOnInsert: { ...(update.$setOnInsert as object | undefined), ...defaults } };
}

/** Checks filter and update, runs the static update hooks, and sends `updateOne`/`updateMany`. */
export async function updateByFilter(
  model: ModelRef,
  filter: Record<string, unknown>,
  update: Record<string, unknown>,
  many: boolean,
  options: UpdateOptions | undefined,
): Promise<UpdateResult> {
  const { info } = model;
  const hooks = hooksFor(model.ctor, options).model;
  const context: UpdateHookContext = { filter, update, many, session: options?.session };
  if (hooks.beforeUpdate) await hooks.beforeUpdate.call(model.ctor, context);
  checkFilter(info.guard(options?.allowUnsafe), context.filter);
  checkUpdate(info.updateGuard(options?.allowUnsafe, options?.validate), context.update);
  const sent = options?.upsert ? withInsertDefaults(info, context.filter, context.update) : context.update;
  const driverOptions = { session: options?.session, upsert: options?.upsert === true };
  const collection = info.collection();
  const sentFilter = scoped(info, context.filter);
  try {
    context.result = many
      ? await collection.updateMany(sentFilter, sent, driverOptions)
      : await collection.updateOne(sentFilter, sent, driverOptions);
  } catch (error) {
    throw translateWriteError(error, info.collectionName);
  }
  if (hooks.afterUpdate) await hooks.afterUpdate.call(model.ctor, context);
  return context.result as UpdateResult;
}

/** Checks the filter, runs the static delete hooks, and sends `deleteOne`/`deleteMany`. */
export async function deleteByFilter(
  model: ModelRef,
  filter: Record<string, unknown>,
  many: boolean,
  options: DeleteOptions | undefined,
): Promise<DeleteResult> {
  const { info } = model;
  const hooks = hooksFor(model.ctor, options).model;
  const context: DeleteHookContext = { filter, many, session: options?.session };
  if (hooks.beforeDelete) await hooks.beforeDelete.call(model.ctor, context);
  checkFilter(info.guard(options?.allowUnsafe), context.filter);
  const collection = info.collection();
  const sentFilter = scoped(info, context.filter);
  context.result = many
    ? await collection.deleteMany(sentFilter, sessionOf(options))
    : await collection.deleteOne(sentFilter, sessionOf(options));
  if (hooks.afterDelete) await hooks.afterDelete.call(model.ctor, context);
  return context.result as DeleteResult;
}
