import { QueryError } from "./errors.ts";
import type { FieldPlan } from "./model-info.ts";

/** The document's current data (what is validated and written). */
export const DATA = Symbol("data");
/** Snapshot of the data as last loaded or saved; taken on the first write or mutable read. */
export const ORIG = Symbol("orig");
/** Keys of mutable values handed out (or assigned) since the last save: they hold working copies. */
export const COPIED = Symbol("copied");
/** Not yet inserted. */
export const NEW = Symbol("new");
/** Relations loaded by `with()`, by field name. */
export const LOADED = Symbol("loaded");

/** The state slots every document instance carries. */
export interface DocumentState {
  [DATA]: Record<string, unknown>;
  [ORIG]: Record<string, unknown> | undefined;
  [COPIED]: Set<string> | undefined;
  [NEW]: boolean;
}

function snapshot(doc: DocumentState): Record<string, unknown> {
  return (doc[ORIG] ??= { ...doc[DATA] });
}

function markCopied(doc: DocumentState, key: string): void {
  (doc[COPIED] ??= new Set()).add(key);
}

/**
 * Defines one accessor per top-level field on a model's prototype (once per model).
 * Scalars are read straight from the data. A mutable value (object, array, date) is copied on its
 * first read after a load or save, so in-place edits (`doc.tags.push(x)`) change the copy and
 * the save diff compares it with the untouched original.
 */
export function defineAccessors(
  proto: object,
  plans: readonly FieldPlan[],
  revisionKey: string | undefined,
): void {
  for (const { key, clone, link } of plans) {
    let descriptor: PropertyDescriptor;
    if (link) {
      descriptor = linkAccessor(key);
    } else if (key === "_id" || key === revisionKey) {
      descriptor = {
        get(this: DocumentState) {
          return this[DATA][key];
        },
        set(this: DocumentState, value: unknown) {
          if (key === revisionKey || !this[NEW]) {
            throw new QueryError("IMMUTABLE_FIELD", key, `${key} cannot be changed on a saved document`);
          }
          this[DATA][key] = value;
        },
      };
    } else if (!clone) {
      descriptor = {
        get(this: DocumentState) {
          return this[DATA][key];
        },
        set(this: DocumentState, value: unknown) {
          if (!this[NEW]) snapshot(this);
          this[DATA][key] = value;
        },
      };
    } else {
      descriptor = {
        get(this: DocumentState) {
          const copied = this[COPIED];
          if (copied === undefined || !copied.has(key)) {
            markCopied(this, key);
            if (!this[NEW]) {
              const value = snapshot(this)[key];
              if (value !== undefined && value !== null) this[DATA][key] = clone(value);
            }
          }
          return this[DATA][key];
        },
        set(this: DocumentState, value: unknown) {
          if (!this[NEW]) snapshot(this);
          markCopied(this, key);
          this[DATA][key] = value;
        },
      };
    }
    Object.defineProperty(proto, key, { ...descriptor, enumerable: true, configurable: true });
  }
}

type Linkable = DocumentState & { [LOADED]?: Record<string, unknown> };

/** True for model instances (a link may be assigned a document instead of its id). */
export function isDocument(value: unknown): value is DocumentState {
  return typeof value === "object" && value !== null && DATA in value;
}

/** Link fields read the target loaded by `with()` if any, else the stored id; assigning a document stores its id. */
function linkAccessor(key: string): PropertyDescriptor {
  return {
    get(this: Linkable) {
      const loaded = this[LOADED];
      return loaded !== undefined && key in loaded ? loaded[key] : this[DATA][key];
    },
    set(this: Linkable, value: unknown) {
      if (!this[NEW]) snapshot(this);
      const loaded = (this[LOADED] ??= {});
      if (isDocument(value)) {
        loaded[key] = value;
        this[DATA][key] = value[DATA]._id;
      } else {
        delete loaded[key];
        this[DATA][key] = value;
      }
    },
  };
}

/**
 * After a successful write the data is what the database holds: it becomes the new original.
 * Values handed out keep being the working copies, so the original gets fresh copies of them.
 */
export function commit(doc: DocumentState, plans: ReadonlyMap<string, FieldPlan>): void {
  doc[NEW] = false;
  const copied = doc[COPIED];
  if (copied === undefined || copied.size === 0) {
    doc[ORIG] = undefined;
    return;
  }
  const data = doc[DATA];
  const orig = { ...data };
  for (const key of copied) {
    const clone = plans.get(key)?.clone;
    const value = data[key];
    if (clone && value !== undefined && value !== null) orig[key] = clone(value);
  }
  doc[ORIG] = orig;
}

/** Replaces the data with a freshly loaded document. */
export function reset(doc: DocumentState, data: Record<string, unknown>): void {
  doc[DATA] = data;
  doc[ORIG] = undefined;
  doc[COPIED] = undefined;
  doc[NEW] = false;
}

/** Turns a decoded document into a model instance: the decoded object becomes its data, no copy. */
export function hydrate(proto: object, data: Record<string, unknown>): DocumentState {
  const doc = Object.create(proto) as DocumentState;
  doc[DATA] = data;
  return doc;
}
