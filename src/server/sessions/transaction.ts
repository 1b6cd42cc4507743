import type { Document } from "bson";
import { fail } from "../errors.ts";
import type { CollectionView, Row, StorageView } from "../storage/collection-view.ts";
import type { CollectionStore } from "../storage/collection-store.ts";
import { type Storage, writeConflict } from "../storage/engine.ts";
import type { IndexStore } from "../storage/index-store.ts";
import { encodeKey } from "../query/key-string.ts";
import { decodeBson } from "../wire/message.ts";

export type TransactionState = "inProgress" | "committed" | "aborted";

/** A write the transaction will apply at commit: new bytes, or null for a delete. */
interface PendingWrite {
  bytes: Uint8Array | null;
  doc: Document | null;
}

/** One collection's part of a transaction: its own writes, and the rows others changed since it began. */
class CollectionTxn {
  /** Own writes to existing rows (rid >= 1) and own inserts (rid < 0). */
  readonly writes = new Map<number, PendingWrite>();
  /** Rows changed by others after the transaction started: their bytes as of the start (null: did not exist). */
  readonly snapshot = new Map<number, Uint8Array | null>();
}

/**
 * A multi-document transaction with snapshot isolation: reads see the data as it was when the
 * transaction started plus its own writes; writes stay private until commit. Writing a document
 * that another transaction wrote, or that anyone changed after this one started, is a WriteConflict.
 */
export class Transaction implements StorageView {
  readonly txnNumber: bigint;
  state: TransactionState = "inProgress";
  readonly startedAt = Date.now();
  readonly #storage: Storage;
  readonly #manager: TransactionManager;
  readonly #collections = new Map<CollectionStore, CollectionTxn>();
  #nextTempRid = -1;
  /** Collections and indexes created inside the transaction, newest last. */
  readonly #created: { store: CollectionStore; index?: IndexStore }[] = [];

  constructor(storage: Storage, manager: TransactionManager, txnNumber: bigint) {
    this.#storage = storage;
    this.#manager = manager;
    this.txnNumber = txnNumber;
  }

  part(store: CollectionStore): CollectionTxn {
    let part = this.#collections.get(store);
    if (!part) {
      part = new CollectionTxn();
      this.#collections.set(store, part);
    }
    return part;
  }

  /** Records the pre-change bytes of a row someone else changes while this transaction is open. */
  observe(store: CollectionStore, rid: number, previous: Uint8Array | null): void {
    const part = this.part(store);
    if (!part.snapshot.has(rid)) part.snapshot.set(rid, previous);
  }

  get(db: string, name: string): CollectionView | undefined {
    const store = this.#storage.get(db, name);
    return store ? new TransactionCollection(this, store) : undefined;
  }

  getOrCreate(db: string, name: string): CollectionView {
    let store = this.#storage.get(db, name);
    if (!store) {
      store = this.#storage.create(db, name, {});
      this.adopt(store);
    }
    if (store.pendingOwner && store.pendingOwner !== this) throw writeConflict();
    return new TransactionCollection(this, store);
  }

  /** Takes ownership of a collection (or one of its indexes) this transaction created: hidden from others until commit. */
  adopt(store: CollectionStore, index?: IndexStore): void {
    (index ?? store).pendingOwner = this;
    this.#created.push({ store, index });
  }

  write<T>(fn: () => T): T {
    return fn();
  }

  tempRid(): number {
    return this.#nextTempRid--;
  }

  ownsRow(store: CollectionStore, rid: number): boolean {
    return this.#collections.get(store)?.writes.has(rid) ?? false;
  }

  /** Throws WriteConflict when the row was changed by others since start or is written by another transaction. */
  checkWritable(store: CollectionStore, rid: number): void {
    const part = this.part(store);
    if (part.snapshot.has(rid)) throw writeConflict();
    if (this.#manager.ownedByOther(this, store, rid)) throw writeConflict();
  }

  /** Applies every write in one SQLite transaction; on any failure nothing is applied. */
  commit(): void {
    this.#storage.write(() => {
      for (const [store, part] of this.#collections) {
        for (const [rid, write] of part.writes) {
          if (rid > 0 && part.snapshot.has(rid)) throw writeConflict();
          if (rid < 0) {
            if (write.doc && write.bytes) store.insert(write.doc, write.bytes);
            continue;
          }
          const current = store.getByRid(rid);
          if (!current) continue;
          const currentDoc = decodeBson(current.doc);
          if (write.doc && write.bytes) store.replace(rid, currentDoc, write.doc, write.bytes);
          else store.delete(rid, currentDoc);
        }
      }
    });
    for (const { store, index } of this.#created) (index ?? store).pendingOwner = undefined;
    this.#created.length = 0;
    this.state = "committed";
  }

  /** Discards the writes, and drops the collections (left empty) and indexes the transaction created. */
  abort(): void {
    this.state = "aborted";
    this.#collections.clear();
    for (const { store, index } of this.#created.reverse()) {
      if (index) {
        index.pendingOwner = undefined;
        if (store.indexes.includes(index)) this.#storage.dropIndex(store, index);
      } else {
        store.pendingOwner = undefined;
        if (this.#storage.get(store.db, store.name) === store && store.count() === 0)
          this.#storage.drop(store);
      }
    }
    this.#created.length = 0;
  }
}

function idKey(id: unknown): string {
  return Buffer.from(encodeKey([id])).toString("latin1");
}

/** A collection as seen inside a transaction. Reads merge the snapshot and own writes; it offers no indexes. */
class TransactionCollection implements CollectionView {
  readonly #txn: Transaction;
  readonly #store: CollectionStore;
  readonly indexes: readonly IndexStore[] = [];

  constructor(txn: Transaction, store: CollectionStore) {
    this.#txn = txn;
    this.#store = store;
  }

  get ns(): string {
    return this.#store.ns;
  }
  get db(): string {
    return this.#store.db;
  }
  get name(): string {
    return this.#store.name;
  }
  get options(): Document {
    return this.#store.options;
  }

  *scan(): Generator<Row> {
    const part = this.#txn.part(this.#store);
    for (const row of this.#store.scan()) {
      const own = part.writes.get(row.rid);
      if (own) {
        if (own.bytes) yield { rid: row.rid, doc: own.bytes };
        continue;
      }
      if (part.snapshot.has(row.rid)) {
        const before = part.snapshot.get(row.rid);
        if (before) yield { rid: row.rid, doc: before };
        continue;
      }
      yield row;
    }
    for (const [rid, before] of part.snapshot) {
      if (before && !part.writes.has(rid) && !this.#store.getByRid(rid)) yield { rid, doc: before };
    }
    for (const [rid, own] of part.writes) if (rid < 0 && own.bytes) yield { rid, doc: own.bytes };
  }

  getById(id: unknown): Row | null {
    const key = idKey(id);
    const part = this.#txn.part(this.#store);
    for (const [rid, own] of part.writes) {
      if (own.doc && own.bytes && idKey(own.doc._id) === key) return { rid, doc: own.bytes };
    }
    for (const [rid, before] of part.snapshot) {
      if (before && !part.writes.has(rid) && idKey(decodeBson(before)._id) === key)
        return { rid, doc: before };
    }
    const row = this.#store.getById(id);
    if (!row || part.writes.has(row.rid) || part.snapshot.has(row.rid)) return null;
    return row;
  }

  indexRange(): Iterable<Row> {
    return this.scan();
  }

  count(): number {
    let n = 0;
    for (const _ of this.scan()) n++;
    return n;
  }

  insert(doc: Document, bytes: Uint8Array): number {
    if (this.getById(doc._id)) {
      fail(
        "DuplicateKey",
        `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${String(doc._id)} }`,
        {
          keyPattern: { _id: 1 },
          keyValue: { _id: doc._id },
        },
      );
    }
    const rid = this.#txn.tempRid();
    this.#txn.part(this.#store).writes.set(rid, { bytes, doc });
    return rid;
  }

  replace(rid: number, _oldDoc: Document, newDoc: Document, bytes: Uint8Array): void {
    if (rid > 0) this.#txn.checkWritable(this.#store, rid);
    this.#txn.part(this.#store).writes.set(rid, { bytes, doc: newDoc });
  }

  delete(rid: number): void {
    if (rid > 0) this.#txn.checkWritable(this.#store, rid);
    const part = this.#txn.part(this.#store);
    if (rid < 0) part.writes.delete(rid);
    else part.writes.set(rid, { bytes: null, doc: null });
  }
}

/** The open transactions; while any is open, stores report changes so snapshots stay intact. */
export class TransactionManager {
  readonly #open = new Set<Transaction>();
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  begin(txnNumber: bigint): Transaction {
    const txn = new Transaction(this.#storage, this, txnNumber);
    this.#open.add(txn);
    this.#setObservers();
    return txn;
  }

  end(txn: Transaction): void {
    this.#open.delete(txn);
    this.#setObservers();
  }

  /** Commits with the committing transaction's own changes kept out of the others' snapshots only where they conflict. */
  commit(txn: Transaction): void {
    try {
      txn.commit();
    } finally {
      this.end(txn);
    }
  }

  ownedByOther(txn: Transaction, store: CollectionStore, rid: number): boolean {
    for (const other of this.#open) if (other !== txn && other.ownsRow(store, rid)) return true;
    return false;
  }

  get openCount(): number {
    return this.#open.size;
  }

  #setObservers(): void {
    const observer =
      this.#open.size === 0
        ? undefined
        : (store: CollectionStore, rid: number, previous: Uint8Array | null) => {
            for (const txn of this.#open) if (txn.state === "inProgress") txn.observe(store, rid, previous);
          };
    for (const db of this.#storage.databases())
      for (const store of this.#storage.collections(db)) store.observer = observer;
    this.#storage.observer = observer;
  }
}
