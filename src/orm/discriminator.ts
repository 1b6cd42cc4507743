import { hydrate, type DocumentState } from "./document-state.ts";
import { SchemaError } from "./errors.ts";
import type { ModelRef } from "./filter-writes.ts";
import type { ModelInfo } from "./model-info.ts";

/** The class documents with one discriminator value hydrate to. */
interface SubtypeEntry {
  readonly info: ModelInfo;
  /** The class `extend()` made; replaced by the user's class when it is registered with `@subtype`. */
  readonly made: { prototype: object };
  ctor: { prototype: object; name: string };
}

/** A model's place in a discriminated collection. */
export interface Discriminator {
  readonly hierarchy: Hierarchy;
  /** `undefined` for the base model. */
  readonly value: string | undefined;
  readonly parent: ModelInfo | undefined;
  /** This model's value and those of its subtypes, all levels down. */
  readonly values: string[];
}

/**
 * The models sharing one collection: a base and its subtypes, told apart by the value of one
 * field (the discriminator key). Built at model definition; read on every query of its models.
 */
export class Hierarchy {
  readonly key: string;
  /** Every model of the collection, base first (their declared indexes all apply to it). */
  readonly members: ModelInfo[];
  readonly #entries = new Map<string, SubtypeEntry>();

  constructor(key: string, base: ModelInfo) {
    this.key = key;
    this.members = [base];
  }

  entry(value: string): SubtypeEntry | undefined {
    return this.#entries.get(value);
  }

  /** Adds a subtype: its value joins the values (and query scopes) of every ancestor. */
  add(info: ModelInfo, value: string, made: SubtypeEntry["ctor"]): void {
    const known = this.#entries.get(value);
    if (known) {
      throw new SchemaError(
        `${info.collectionName}: discriminator value "${value}" is already used by ${known.ctor.name}`,
      );
    }
    this.#entries.set(value, { info, made, ctor: made });
    this.members.push(info);
    for (let at: ModelInfo | undefined = info; at; at = at.discriminator?.parent) {
      const slot = at.discriminator!;
      slot.values.push(value);
      if (slot.value !== undefined) at.scope = scopeOf(this.key, slot.values);
    }
  }
}

function scopeOf(key: string, values: readonly string[]): Record<string, unknown> {
  return { [key]: values.length === 1 ? values[0] : { $in: [...values] } };
}

/** Makes `base` the base of a discriminated collection (once), keyed by its `discriminatorKey` or `_type`. */
export function discriminate(base: ModelInfo): Hierarchy {
  if (base.discriminator) return base.discriminator.hierarchy;
  const key = base.settings.discriminatorKey ?? "_type";
  if (base.settings.discriminatorKey === undefined && key in base.schema.properties) {
    throw new SchemaError(
      `${base.collectionName}: field "${key}" is the default discriminator key; name another key with { discriminatorKey }`,
    );
  }
  const hierarchy = new Hierarchy(key, base);
  base.discriminator = { hierarchy, value: undefined, parent: undefined, values: [] };
  return hierarchy;
}

/**
 * The filter a model's queries send: a subtype's filter also requires its discriminator
 * value (or one of its subtypes' values); the base's is left as it is.
 */
export function scoped(info: ModelInfo, filter: Record<string, unknown>): Record<string, unknown> {
  const scope = info.scope;
  if (scope === undefined) return filter;
  return info.discriminator!.hierarchy.key in filter ? { $and: [filter, scope] } : { ...filter, ...scope };
}

/**
 * Turns a decoded document into an instance of the queried class, or, when its discriminator
 * value names a subtype of it, of that subtype's class.
 */
export function hydrateFor(model: ModelRef, raw: Record<string, unknown>): DocumentState {
  const slot = model.info.discriminator;
  if (slot === undefined) return hydrate(model.ctor.prototype, raw);
  const value = raw[slot.hierarchy.key];
  const entry = typeof value === "string" && value !== slot.value ? slot.hierarchy.entry(value) : undefined;
  return hydrate(entry ? entry.ctor.prototype : model.ctor.prototype, raw);
}

/** The model whose schema `value` must satisfy: the subtype its discriminator value names, if any below `info`. */
export function modelFor(info: ModelInfo, value: unknown): ModelInfo {
  const slot = info.discriminator;
  if (slot === undefined || typeof value !== "object" || value === null) return info;
  const tag = (value as Record<string, unknown>)[slot.hierarchy.key];
  if (typeof tag !== "string" || tag === slot.value || !slot.values.includes(tag)) return info;
  return slot.hierarchy.entry(tag)!.info;
}

/**
 * Registers `ctor` as the class of its subtype's documents (what `@subtype` does).
 * Throws when `ctor` does not directly extend a class made by `Model.extend()`.
 */
export function claimSubtype(ctor: { prototype: object; name: string }, info: ModelInfo): void {
  const slot = info.discriminator;
  const entry = slot?.value === undefined ? undefined : slot.hierarchy.entry(slot.value);
  if (!entry || Object.getPrototypeOf(ctor) !== entry.made) {
    throw new SchemaError(`@subtype ${ctor.name}: the class must directly extend Base.extend(value, shape)`);
  }
  entry.ctor = ctor;
}

/**
 * Refuses a class that extends `Model.extend()`'s result without `@subtype`: queries on the
 * base could not return its instances (JavaScript gives a class no way to see its subclasses).
 */
export function checkSubtypeClass(model: object, info: ModelInfo): void {
  const slot = info.discriminator;
  if (slot?.value === undefined) return;
  const entry = slot.hierarchy.entry(slot.value)!;
  if (entry.ctor === entry.made && model !== entry.made) {
    const name = (model as { name?: string }).name || "this class";
    throw new SchemaError(
      `${name} extends ${info.collectionName} subtype "${slot.value}" but is not registered: declare it as \`@subtype class ${name} extends Base.extend(...)\``,
    );
  }
}
