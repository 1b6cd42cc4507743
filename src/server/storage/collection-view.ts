import type { Document } from "bson";
import type { IndexStore } from "./index-store.ts";

/** A stored document: its row id and its BSON bytes as they were written. */
export interface Row {
  rid: number;
  doc: Uint8Array;
}

/**
 * What query and write execution need from a collection. The SQLite-backed `CollectionStore`
 * implements it, and so does a transaction's view (its own writes over a snapshot).
 */
export interface CollectionView {
  readonly ns: string;
  readonly db: string;
  readonly name: string;
  readonly options: Document;
  /** Secondary indexes the planner may use (a transaction's view offers none). */
  readonly indexes: readonly IndexStore[];
  insert(doc: Document, bytes: Uint8Array): number;
  /** `operation` says how change streams report it: an operator update or a replacement. */
  replace(
    rid: number,
    oldDoc: Document,
    newDoc: Document,
    bytes: Uint8Array,
    operation?: "update" | "replace",
  ): void;
  delete(rid: number, doc: Document): void;
  getById(id: unknown): Row | null;
  scan(): Iterable<Row>;
  indexRange(
    index: IndexStore,
    low?: Uint8Array,
    lowInclusive?: boolean,
    high?: Uint8Array,
    highInclusive?: boolean,
  ): Iterable<Row>;
  count(): number;
}

/** Collection lookup and atomic write scopes, for plain commands and for transactions alike. */
export interface StorageView {
  get(db: string, name: string): CollectionView | undefined;
  getOrCreate(db: string, name: string): CollectionView;
  write<T>(fn: () => T): T;
}
