import { type Document, serialize } from "bson";
import type { Collation } from "../query/compare.ts";
import { compileFilter } from "../query/match.ts";
import { compileProjection } from "../query/projection.ts";
import { compileSort } from "../query/sort.ts";
import type { CollectionView, Row } from "../storage/collection-view.ts";
import type { IndexStore } from "../storage/index-store.ts";
import { decodeBson } from "../wire/message.ts";
import { decodeFields, FieldSet } from "../wire/decode-fields.ts";
import { RawDocument } from "../wire/raw-document.ts";
import { candidates } from "./candidates.ts";
import { type AccessPlan, planQuery } from "./plan.ts";

export interface FindOptions {
  filter: Document;
  sort?: Document;
  projection?: Document;
  skip?: number;
  /** 0 or undefined = no limit. */
  limit?: number;
  collation?: Collation;
  hint?: IndexStore;
  variables?: Document;
}

/** A matched document: where it is stored, its bytes, its decoded value and the positional match. */
export interface Match {
  rid: number;
  bytes: Uint8Array;
  doc: Document;
  arrayIndex?: number;
}

export interface ExecutionStats {
  plan: AccessPlan;
  keysExamined: number;
  docsExamined: number;
  returned: number;
}

/** Compiles a query once; `matches()` streams the matching documents in order, skip and limit applied. */
export function compileFind(store: CollectionView | undefined, options: FindOptions) {
  const matcher = compileFilter(options.filter, {
    collation: options.collation,
    variables: options.variables,
  });
  const { $natural: natural, ...sort } = options.sort ?? {};
  const compare =
    Object.keys(sort).length > 0 ? compileSort(sort, { collation: options.collation }) : undefined;
  const reverse = natural !== undefined && Number(natural.valueOf?.() ?? natural) < 0;
  const plan = planQuery(store, options.filter, options.hint, options.collation);
  const filterKeys = Object.keys(options.filter);
  // An empty filter, or `{_id: v}` read through the _id key, selects exactly the matches: no re-check.
  const matchAll =
    filterKeys.length === 0 ||
    (plan.stage === "IDHACK" && filterKeys.length === 1 && !isOperatorValue(options.filter._id)) ||
    (plan.stage === "IXSCAN" && plan.exact === true);
  const stats: ExecutionStats = { plan, keysExamined: 0, docsExamined: 0, returned: 0 };
  // When the filter (and sort) read only some top-level fields, only those are decoded to test a row.
  const fields = new Set<string>();
  const partial =
    topLevelFields(options.filter, fields) && topLevelFields(sort, fields) && fields.size > 0
      ? new FieldSet(fields)
      : undefined;

  function* unsorted(): Generator<Match> {
    if (!store) return;
    for (const row of candidates(store, plan)) {
      stats.docsExamined++;
      if (plan.stage !== "COLLSCAN") stats.keysExamined++;
      if (matchAll) {
        yield new UndecodedMatch(row, compare && partial ? decodeFields(row.doc, partial) : undefined);
        continue;
      }
      if (partial) {
        const view = decodeFields(row.doc, partial);
        const result = matcher.matchesWithPosition(view);
        if (result.matched) yield new UndecodedMatch(row, view, result.arrayIndex);
        continue;
      }
      const doc = decodeBson(row.doc);
      const result = matcher.matchesWithPosition(doc);
      if (result.matched) yield { rid: row.rid, bytes: row.doc, doc, arrayIndex: result.arrayIndex };
    }
  }

  function* matches(): Generator<Match> {
    const skip = options.skip ?? 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
    let source: Iterable<Match> = unsorted();
    if (compare || reverse) {
      const all = [...source];
      if (reverse) all.reverse();
      if (compare) all.sort((a, b) => compare(sortView(a), sortView(b)));
      source = all;
    }
    let skipped = 0;
    let returned = 0;
    for (const match of source) {
      if (skipped < skip) {
        skipped++;
        continue;
      }
      if (returned >= limit) return;
      returned++;
      stats.returned++;
      yield match;
    }
  }

  return { plan, stats, matches };
}

/**
 * A match whose document is decoded only if someone reads it. `fields` holds the top-level fields
 * the filter and sort read, when only those were decoded.
 */
class UndecodedMatch implements Match {
  readonly rid: number;
  readonly bytes: Uint8Array;
  readonly fields: Document | undefined;
  readonly arrayIndex: number | undefined;
  #doc: Document | undefined;

  constructor(row: Row, fields?: Document, arrayIndex?: number) {
    this.rid = row.rid;
    this.bytes = row.doc;
    this.fields = fields;
    this.arrayIndex = arrayIndex;
  }

  get doc(): Document {
    this.#doc ??= decodeBson(this.bytes);
    return this.#doc;
  }
}

function sortView(match: Match): Document {
  return match instanceof UndecodedMatch && match.fields ? match.fields : match.doc;
}

/**
 * Adds the top-level fields a filter or sort reads to `out`; false when it may read the whole
 * document (`$expr`, `$where`, `$jsonSchema`, `$text`, ...).
 */
export function topLevelFields(spec: Document, out: Set<string>): boolean {
  for (const [key, value] of Object.entries(spec)) {
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(value)) return false;
      for (const clause of value)
        if (!clause || typeof clause !== "object" || !topLevelFields(clause as Document, out)) return false;
    } else if (key === "$comment") {
    } else if (key.startsWith("$")) {
      return false;
    } else {
      out.add(key.split(".", 1)[0]!);
    }
  }
  return true;
}

function isOperatorValue(v: unknown): boolean {
  return (
    v !== null && typeof v === "object" && !Array.isArray(v) && !("_bsontype" in v) && !(v instanceof Date)
  );
}

/** Streams a find's result documents, projected, as raw BSON ready for a reply. */
export function* findDocuments(
  store: CollectionView | undefined,
  options: FindOptions,
): Generator<RawDocument> {
  const { matches } = compileFind(store, options);
  const project =
    options.projection && Object.keys(options.projection).length > 0
      ? compileProjection(options.projection)
      : undefined;
  for (const match of matches()) {
    yield project
      ? new RawDocument(serialize(project(match.doc, match.arrayIndex)))
      : new RawDocument(match.bytes);
  }
}

/** Reads every document of a collection, decoded (for aggregation and admin commands). */
export function* allDocuments(store: CollectionView | undefined): Generator<Document> {
  if (!store) return;
  for (const row of store.scan()) yield decodeBson(row.doc);
}

export type { Row };
