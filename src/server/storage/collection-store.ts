import type { Database, Statement } from "bun:sqlite";
import { type Document, deserialize } from "bson";
import type { ChangeLog } from "../changes/change-log.ts";
import { bsonTypeOf } from "../query/bson-type.ts";
import { compareValues } from "../query/compare.ts";
import { encodeKey } from "../query/key-string.ts";
import { isNumber, toDouble } from "../query/numbers.ts";
import { duplicateKey, type IndexStore, isConstraintError } from "./index-store.ts";
import type { IndexSpec } from "./index-spec.ts";

import type { CollectionView, Row } from "./collection-view.ts";

export type { Row };

/** Told of every change before it is made visible: the row and its previous bytes (null: it did not exist). */
export type ChangeObserver = (store: CollectionStore, rid: number, previous: Uint8Array | null) => void;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: "_id_" };

/**
 * One collection: table `c<id>` (rid, id key, BSON) plus its secondary indexes.
 * The `_id` index is the table's UNIQUE id column.
 */
export class CollectionStore implements CollectionView {
  readonly id: number;
  db: string;
  name: string;
  options: Document;
  readonly uuid: Uint8Array;
  readonly table: string;
  readonly indexes: IndexStore[] = [];
  /** Count and bytes of a capped collection, once read; dropped when a change could alter them. */
  #capped: { n: number; bytes: number } | undefined;
  /** Set while transactions are open, so they can keep their snapshot. */
  observer: ChangeObserver | undefined;
  /** The transaction that created this collection and has not committed yet (others can't see or write it). */
  pendingOwner: object | undefined;
  readonly #sql: Database;
  readonly #insert: Statement;
  readonly #update: Statement;
  readonly #delete: Statement;
  readonly #byId: Statement<Row, [Uint8Array]>;
  readonly #byRid: Statement<Row, [number]>;
  readonly #count: Statement<{ n: number }, []>;
  readonly #scanFrom: Statement<Row, [number, number]>;

  readonly #changes: ChangeLog;

  constructor(
    sql: Database,
    id: number,
    db: string,
    name: string,
    options: Document,
    uuid: Uint8Array,
    changes: ChangeLog,
  ) {
    this.#sql = sql;
    this.#changes = changes;
    this.id = id;
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = uuid;
    this.table = `c${id}`;
    sql.run(
      `CREATE TABLE IF NOT EXISTS ${this.table} (rid INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, doc BLOB NOT NULL)`,
    );
    this.#insert = sql.prepare(`INSERT INTO ${this.table} (id, doc) VALUES (?, ?)`);
    this.#update = sql.prepare(`UPDATE ${this.table} SET doc = ? WHERE rid = ?`);
    this.#delete = sql.prepare(`DELETE FROM ${this.table} WHERE rid = ?`);
    this.#byId = sql.prepare(`SELECT rid, doc FROM ${this.table} WHERE id = ?`);
    this.#byRid = sql.prepare(`SELECT rid, doc FROM ${this.table} WHERE rid = ?`);
    this.#count = sql.prepare(`SELECT count(*) AS n FROM ${this.table}`);
    this.#scanFrom = sql.prepare(`SELECT rid, doc FROM ${this.table} WHERE rid > ? ORDER BY rid LIMIT ?`);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get isCapped(): boolean {
    return Boolean(this.options.capped);
  }

  addIndex(index: IndexStore): void {
    this.indexes.push(index);
  }

  /** Inserts a document (which has an `_id`); throws E11000 and leaves nothing behind on a duplicate. */
  insert(doc: Document, bytes: Uint8Array): number {
    let rid: number;
    try {
      rid = Number(this.#insert.run(this.#idKey(doc._id), bytes).lastInsertRowid);
    } catch (error) {
      if (isConstraintError(error)) throw duplicateKey(this.ns, "_id_", { _id: 1 }, { _id: doc._id });
      throw error;
    }
    this.observer?.(this, rid, null);
    const added: [IndexStore, Uint8Array[]][] = [];
    try {
      for (const index of this.indexes) {
        const keys = index.keysFor(doc);
        index.add(rid, doc, keys, this.ns);
        added.push([index, keys]);
      }
    } catch (error) {
      for (const [index, keys] of added) index.remove(rid, keys);
      this.#delete.run(rid);
      throw error;
    }
    if (this.#changes.enabled) {
      this.#changes.record(this.db, this.name, {
        operationType: "insert",
        fullDocument: doc,
        documentKey: { _id: doc._id },
      });
    }
    if (this.isCapped) this.#trimCapped(bytes.length);
    return rid;
  }

  /**
   * A capped collection keeps its newest documents within `size` bytes and `max` documents.
   * Its count and bytes are kept in memory (read once, then followed) so inserts stay O(1).
   */
  #trimCapped(added: number): void {
    if (this.#capped) {
      this.#capped.n++;
      this.#capped.bytes += added;
    } else {
      const row = this.#sql
        .query<{ n: number; bytes: number | null }, []>(
          `SELECT count(*) AS n, sum(length(doc)) AS bytes FROM ${this.table}`,
        )
        .get()!;
      this.#capped = { n: row.n, bytes: row.bytes ?? 0 };
    }
    const stats = this.#capped;
    const maxBytes = numberOption(this.options.size);
    const maxDocs = numberOption(this.options.max);
    const over = () =>
      (maxDocs !== undefined && maxDocs > 0 && stats.n > maxDocs) ||
      (maxBytes !== undefined && stats.bytes > maxBytes);
    while (stats.n > 1 && over()) {
      const oldest = this.#sql
        .query<Row, []>(`SELECT rid, doc FROM ${this.table} ORDER BY rid LIMIT 1`)
        .get()!;
      this.delete(oldest.rid, deserialize(oldest.doc, { promoteValues: false, bsonRegExp: true }));
      stats.n--;
      stats.bytes -= oldest.doc.length;
      this.#capped = stats;
    }
  }

  /** Replaces a stored document (same `_id`), keeping every index in step; all or nothing. */
  replace(
    rid: number,
    oldDoc: Document,
    newDoc: Document,
    bytes: Uint8Array,
    operation: "update" | "replace" = "update",
  ): void {
    this.#capped = undefined;
    if (this.observer) this.observer(this, rid, this.getByRid(rid)?.doc ?? null);
    const changed: [IndexStore, Uint8Array[], Uint8Array[]][] = [];
    for (const index of this.indexes) {
      const before = index.keysFor(oldDoc);
      const after = index.keysFor(newDoc);
      if (!sameKeys(before, after)) changed.push([index, before, after]);
    }
    const done: [IndexStore, Uint8Array[], Uint8Array[]][] = [];
    try {
      for (const entry of changed) {
        const [index, before, after] = entry;
        index.remove(rid, before);
        try {
          index.add(rid, newDoc, after, this.ns);
        } catch (error) {
          index.add(rid, oldDoc, before, this.ns);
          throw error;
        }
        done.push(entry);
      }
    } catch (error) {
      for (const [index, before, after] of done) {
        index.remove(rid, after);
        index.add(rid, oldDoc, before, this.ns);
      }
      throw error;
    }
    this.#update.run(bytes, rid);
    if (this.#changes.enabled) {
      this.#changes.record(this.db, this.name, {
        operationType: operation,
        documentKey: { _id: newDoc._id },
        ...(operation === "replace"
          ? { fullDocument: newDoc }
          : { updateDescription: describeUpdate(oldDoc, newDoc) }),
      });
    }
  }

  delete(rid: number, doc: Document): void {
    this.#capped = undefined;
    if (this.observer) this.observer(this, rid, this.getByRid(rid)?.doc ?? null);
    for (const index of this.indexes) index.remove(rid, index.keysFor(doc));
    this.#delete.run(rid);
    if (this.#changes.enabled)
      this.#changes.record(this.db, this.name, { operationType: "delete", documentKey: { _id: doc._id } });
  }

  getById(id: unknown): Row | null {
    return this.#byId.get(encodeKey([id]));
  }

  /**
   * The stored id key. Time-series collections have no unique `_id` index in MongoDB, so their keys
   * get a random suffix (and the planner reads them by scanning, never by `_id` key).
   */
  #idKey(id: unknown): Uint8Array {
    const key = encodeKey([id]);
    if (!this.options.timeseries) return key;
    const out = new Uint8Array(key.length + 8);
    out.set(key);
    crypto.getRandomValues(out.subarray(key.length));
    return out;
  }

  getByRid(rid: number): Row | null {
    return this.#byRid.get(rid);
  }

  count(): number {
    return this.#count.get()!.n;
  }

  /** All rows in insertion order, read in pages so writes in between don't disturb the scan. */
  *scan(pageSize = 512): Generator<Row> {
    let after = 0;
    for (;;) {
      const page = this.#scanFrom.all(after, pageSize);
      for (const row of page) yield row;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.rid;
    }
  }

  /** Rows whose keys in `index` fall in [low, high] (bounds optional, each inclusive or not). */
  *indexRange(
    index: IndexStore,
    low?: Uint8Array,
    lowInclusive = true,
    high?: Uint8Array,
    highInclusive = true,
  ): Generator<Row> {
    const where: string[] = [];
    const args: Uint8Array[] = [];
    if (low) {
      where.push(`x.key ${lowInclusive ? ">=" : ">"} ?`);
      args.push(low);
    }
    if (high) {
      where.push(`x.key ${highInclusive ? "<=" : "<"} ?`);
      args.push(high);
    }
    const sql = `SELECT DISTINCT c.rid AS rid, c.doc AS doc FROM ${index.table} x JOIN ${this.table} c ON c.rid = x.rid${
      where.length ? ` WHERE ${where.join(" AND ")}` : ""
    } ORDER BY x.key, x.rid`;
    yield* this.#sql.query<Row, Uint8Array[]>(sql).all(...args);
  }

  /** Rows whose `_id` key falls in the given byte range (the `_id` index). */
  *idRange(low?: Uint8Array, lowInclusive = true, high?: Uint8Array, highInclusive = true): Generator<Row> {
    const where: string[] = [];
    const args: Uint8Array[] = [];
    if (low) {
      where.push(`id ${lowInclusive ? ">=" : ">"} ?`);
      args.push(low);
    }
    if (high) {
      where.push(`id ${highInclusive ? "<=" : "<"} ?`);
      args.push(high);
    }
    const sql = `SELECT rid, doc FROM ${this.table}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id`;
    yield* this.#sql.query<Row, Uint8Array[]>(sql).all(...args);
  }

  truncate(): void {
    this.#sql.run(`DELETE FROM ${this.table}`);
    for (const index of this.indexes) this.#sql.run(`DELETE FROM ${index.table}`);
  }
}

/** A change stream's updateDescription: top-level fields set or removed. */
function describeUpdate(before: Document, after: Document): Document {
  const updatedFields: Document = {};
  const removedFields: string[] = [];
  for (const key of Object.keys(after)) {
    if (
      !(key in before) ||
      compareValues(before[key], after[key]) !== 0 ||
      bsonTypeOf(before[key]) !== bsonTypeOf(after[key])
    ) {
      updatedFields[key] = after[key];
    }
  }
  for (const key of Object.keys(before)) if (!(key in after)) removedFields.push(key);
  return { updatedFields, removedFields, truncatedArrays: [] };
}

function numberOption(v: unknown): number | undefined {
  return isNumber(v) ? toDouble(v) : undefined;
}

function sameKeys(a: Uint8Array[], b: Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Buffer.compare(a[i]!, b[i]!) !== 0) return false;
  return true;
}
