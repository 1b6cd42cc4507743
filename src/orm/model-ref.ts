import { checkSubtypeClass } from "./discriminator.ts";
import { SchemaError } from "./errors.ts";
import type { ModelRef } from "./filter-writes.ts";
import type { ModelInfo } from "./model-info.ts";

/** Static slot of a model class holding its compiled `ModelInfo`. */
export const MODEL = Symbol.for("data-bridge.orm.model");

/** Any model class, as seen by generic helpers (`DataOf<typeof User>`). */
export interface AnyModel {
  new (...args: any[]): any;
  /** Type-only: the stored document and insert input types. */
  readonly "~types": { readonly data: any; readonly input: any };
}

/** The stored document type of a model: `DataOf<typeof User>`. */
export type DataOf<M extends AnyModel> = M["~types"]["data"];
/** What `Model.insert()` accepts: `InputOf<typeof User>`. */
export type InputOf<M extends AnyModel> = M["~types"]["input"];

/** The compiled info of a model class (inherited by its subclasses). */
export function infoOf(model: object): ModelInfo {
  const info = (model as { [MODEL]?: ModelInfo })[MODEL];
  if (!info) throw new SchemaError("not a model class (create one with Document(name, shape))");
  return info;
}

/** A model class and its info, as queries and filter writes take them. */
export function refOf(model: object): ModelRef {
  const info = infoOf(model);
  if (info.discriminator) checkSubtypeClass(model, info);
  return { ctor: model as { prototype: object }, info };
}
