import { type Document, ObjectId } from "bson";
import { fail } from "../errors.ts";
import type { Collation } from "../query/compare.ts";
import { valuesEqual } from "../query/compare.ts";
import type { CollectionView } from "../storage/collection-view.ts";
import { compileUpdate, upsertSeed } from "../update/index.ts";
import { compileFind, type Match } from "./find.ts";
import { checkId, encodeStored, prepareInsert, validateForCollection } from "./prepare.ts";
import type { IndexStore } from "../storage/index-store.ts";

export interface UpdateSpec {
  filter: Document;
  update: Document | Document[];
  upsert: boolean;
  multi: boolean;
  arrayFilters?: Document[];
  collation?: Collation;
  hint?: IndexStore;
  sort?: Document;
  variables?: Document;
  bypassValidation: boolean;
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document before and after the (last) change, for findAndModify. */
  before?: Document;
  after?: Document;
}

function isReplacement(update: Document | Document[]): boolean {
  if (Array.isArray(update)) return false;
  const keys = Object.keys(update);
  return keys.length === 0 || !keys[0]!.startsWith("$");
}

/**
 * Runs one update statement: finds the matches first (so updated documents are not matched
 * again), applies the compiled update to each, and inserts the upsert document if none matched.
 */
export function runUpdate(
  getStore: () => CollectionView,
  store: CollectionView | undefined,
  spec: UpdateSpec,
): UpdateOutcome {
  if (spec.multi && isReplacement(spec.update))
    fail("FailedToParse", "multi update is not supported for replacement-style update");
  const compiled = compileUpdate(spec.update, {
    arrayFilters: spec.arrayFilters,
    collation: spec.collation,
    variables: spec.variables,
  });
  const now = new Date();
  const { matches } = compileFind(store, {
    filter: spec.filter,
    collation: spec.collation,
    hint: spec.hint,
    sort: spec.sort,
    limit: spec.multi ? undefined : 1,
    variables: spec.variables,
  });
  const found: Match[] = [...matches()];
  const outcome: UpdateOutcome = { matched: found.length, modified: 0 };
  for (const match of found) {
    const result = compiled.apply(match.doc, { isInsert: false, positionalIndex: match.arrayIndex, now });
    outcome.before = match.doc;
    outcome.after = result.doc;
    if (!result.modified) continue;
    if (!valuesEqual(result.doc._id, match.doc._id) || result.doc._id === undefined) {
      fail("ImmutableField", `Performing an update on the path '_id' would modify the immutable field '_id'`);
    }
    validateForCollection(store!, result.doc, spec.bypassValidation);
    store!.replace(
      match.rid,
      match.doc,
      result.doc,
      encodeStored(result.doc),
      isReplacement(spec.update) ? "replace" : "update",
    );
    outcome.modified++;
  }
  if (found.length === 0 && spec.upsert) {
    const seed = isReplacement(spec.update) ? {} : upsertSeed(spec.filter);
    const result = compiled.apply(seed, { isInsert: true, now });
    let doc = result.doc;
    if (isReplacement(spec.update) && doc._id === undefined && seed._id !== undefined)
      doc = { _id: seed._id, ...doc };
    if (doc._id === undefined) {
      const filterId = upsertSeed(spec.filter)._id;
      doc = { _id: filterId ?? new ObjectId(), ...doc };
    } else if (Object.keys(doc)[0] !== "_id") {
      const { _id, ...rest } = doc;
      doc = { _id, ...rest };
    }
    checkId(doc._id);
    const seededId = upsertSeed(spec.filter)._id;
    if (seededId !== undefined && !valuesEqual(seededId, doc._id)) {
      fail("ImmutableField", "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const target = store ?? getStore();
    validateForCollection(target, doc, spec.bypassValidation);
    const prepared = prepareInsert(doc);
    target.insert(prepared.doc, prepared.bytes);
    outcome.upsertedId = doc._id;
    outcome.after = prepared.doc;
  }
  return outcome;
}
