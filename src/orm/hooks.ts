import type { ClientSession } from "mongodb";

/**
 * Hooks a model class can declare as instance methods (`this` is the document). They run for
 * operations on a document object: `doc.save()`, `doc.delete()`, `Model.insert()`, `insertMany()`.
 * Each may be `async`. `implements DocumentHooks` lets the compiler check the names.
 *
 * Order on insert: beforeSave, beforeInsert, beforeValidate, afterValidate, (write), afterInsert, afterSave.
 * On update the same with beforeUpdate / afterUpdate.
 *
 * @example
 * class Post extends Document("posts", { title: Type.String(), slug: Type.String() }) implements DocumentHooks {
 *   beforeValidate() { this.slug = this.title.toLowerCase().replaceAll(" ", "-"); }
 * }
 */
export interface DocumentHooks {
  beforeValidate?(): unknown;
  afterValidate?(): unknown;
  beforeInsert?(): unknown;
  afterInsert?(): unknown;
  beforeUpdate?(): unknown;
  afterUpdate?(): unknown;
  beforeSave?(): unknown;
  afterSave?(): unknown;
  beforeDelete?(): unknown;
  afterDelete?(): unknown;
}

/** What the static update hooks receive; `before` hooks may change `filter` and `update`. */
export interface UpdateHookContext {
  filter: Record<string, unknown>;
  update: Record<string, unknown>;
  /** `updateMany` / query updates: true; `updateOne` / `findOneAndUpdate`: false. */
  many: boolean;
  session: ClientSession | undefined;
  /** Set for `after` hooks: the driver's result (or the returned document). */
  result?: unknown;
}

/** What the static delete hooks receive; `before` hooks may change `filter`. */
export interface DeleteHookContext {
  filter: Record<string, unknown>;
  many: boolean;
  session: ClientSession | undefined;
  result?: unknown;
}

/**
 * Hooks a model class can declare as static methods. They run for operations by filter
 * (`updateOne`, `updateMany`, `findOneAndUpdate`, query updates, `deleteOne`, `deleteMany`,
 * `findOneAndDelete`, query deletes), where there is no document object.
 */
export interface ModelHooks {
  beforeUpdate?(context: UpdateHookContext): unknown;
  afterUpdate?(context: UpdateHookContext): unknown;
  beforeDelete?(context: DeleteHookContext): unknown;
  afterDelete?(context: DeleteHookContext): unknown;
}

type Hook = (this: unknown, ...args: unknown[]) => unknown;

const DOCUMENT_HOOKS = [
  "beforeValidate",
  "afterValidate",
  "beforeInsert",
  "afterInsert",
  "beforeUpdate",
  "afterUpdate",
  "beforeSave",
  "afterSave",
  "beforeDelete",
  "afterDelete",
] as const;

const MODEL_HOOKS = ["beforeUpdate", "afterUpdate", "beforeDelete", "afterDelete"] as const;

export type DocumentHookName = (typeof DOCUMENT_HOOKS)[number];
export type ModelHookName = (typeof MODEL_HOOKS)[number];

/** The hooks a model class declares, found once per class. */
export interface HookPlan {
  readonly document: Partial<Record<DocumentHookName, Hook>>;
  readonly model: Partial<Record<ModelHookName, Hook>>;
}

/** The plan used with `{ hooks: false }`. */
export const NO_HOOKS: HookPlan = { document: {}, model: {} };

const plans = new WeakMap<object, HookPlan>();

/** The hooks of a model class (looked up on its prototype and statics once, then cached). */
export function hookPlan(model: { prototype: object }): HookPlan {
  let plan = plans.get(model);
  if (plan) return plan;
  const document: Partial<Record<DocumentHookName, Hook>> = {};
  const statics: Partial<Record<ModelHookName, Hook>> = {};
  const proto = model.prototype as Record<string, unknown>;
  const ctor = model as unknown as Record<string, unknown>;
  for (const name of DOCUMENT_HOOKS)
    if (typeof proto[name] === "function") document[name] = proto[name] as Hook;
  for (const name of MODEL_HOOKS) if (typeof ctor[name] === "function") statics[name] = ctor[name] as Hook;
  plan = { document, model: statics };
  plans.set(model, plan);
  return plan;
}

/** Runs a hook if declared; awaits only when it returns a promise. */
export function runHook(hook: Hook | undefined, self: unknown, argument?: unknown): void | Promise<void> {
  if (!hook) return;
  const result = hook.call(self, argument);
  if (result && typeof (result as PromiseLike<unknown>).then === "function") return result as Promise<void>;
}
