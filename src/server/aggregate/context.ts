import type { Document } from "bson";
import type { Collation } from "../query/collation.ts";

export type { Collation } from "../query/collation.ts";

/** A namespace an aggregation stage reads from or writes to. */
export interface Namespace {
  readonly db: string;
  readonly coll: string;
}

/**
 * The writes `$merge` computed for its target collection, applied all-or-nothing.
 * `replace` documents carry the `_id` of the document they replace.
 */
export interface MergeWrites {
  readonly inserts: readonly Document[];
  readonly replacements: readonly Document[];
}

/**
 * What the aggregation engine needs from the server: the collections it may read (`$lookup`,
 * `$graphLookup`, `$unionWith`, `$merge` targets), the collections it may write (`$out`, `$merge`),
 * and the per-command settings (`now`, `let` variables, collation, current database).
 *
 * @example
 * const ctx: AggregateContext = {
 *   dbName: "app",
 *   now: new Date(),
 *   readCollection: (db, coll) => storage.scan(db, coll),
 *   replaceCollection: (db, coll, docs) => storage.replaceAll(db, coll, docs),
 *   applyMerge: (db, coll, writes) => storage.mergeWrites(db, coll, writes),
 * };
 */
export interface AggregateContext {
  /** Database of the `aggregate` command; namespaces given as plain strings resolve in it. */
  readonly dbName: string;
  /** Value of `$$NOW` and `$$CLUSTER_TIME`, fixed for the whole command. */
  readonly now: Date;
  /** The command's `let` variables, already evaluated to constants. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The command's collation, used by comparisons, `$match`, `$sort`, `$group` keys. */
  readonly collation?: Collation;
  /** All documents of a collection in natural order; an empty iterable when it does not exist. */
  readCollection(db: string, coll: string): Iterable<Document>;
  /** `$out`: atomically replaces the collection's contents (creating it when missing). */
  replaceCollection(db: string, coll: string, docs: readonly Document[]): void;
  /** `$merge`: atomically inserts and replaces (by `_id`) documents of the collection. */
  applyMerge(db: string, coll: string, writes: MergeWrites): void;
  /**
   * Whether the collection has a unique index on exactly these fields (any order), as `$merge`
   * requires for `on` fields other than `_id`. Omitted: the check is skipped.
   */
  hasUniqueIndex?(db: string, coll: string, fields: readonly string[]): boolean;
}
