import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Document, deserialize, serialize, UUID } from "bson";
import { CommandError, ErrorCode, fail } from "../errors.ts";
import { ChangeLog } from "../changes/change-log.ts";
import { type ChangeObserver, CollectionStore, ID_INDEX_SPEC } from "./collection-store.ts";
import type { IndexSpec } from "./index-spec.ts";
import { IndexStore } from "./index-store.ts";

/** Database names mongod refuses, and collection names it refuses. */
const INVALID_DB_CHARS = /[/\\. "$\0]/;

export function checkDatabaseName(name: string): void {
  if (name === "" || INVALID_DB_CHARS.test(name) || name.length > 63) {
    fail("InvalidNamespace", `Invalid database name: '${name}'`);
  }
}

export function checkCollectionName(db: string, name: string): void {
  if (typeof name !== "string" || name === "")
    fail("InvalidNamespace", `Invalid namespace specified '${db}.'`);
  if (name.includes("\0") || name.includes("$") || name.startsWith(".") || name.endsWith(".")) {
    fail("InvalidNamespace", `Invalid collection name: ${name}`);
  }
  if (
    name.startsWith("system.") &&
    !["system.views", "system.js", "system.profile", "system.buckets"].some((s) => name.startsWith(s))
  ) {
    fail("InvalidNamespace", `Invalid system namespace: ${db}.${name}`);
  }
}

export function writeConflict(): CommandError {
  return new CommandError(
    ErrorCode.WriteConflict,
    "Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.",
    { errorLabels: ["TransientTransactionError"] },
  );
}

/**
 * The SQLite-backed store: a catalog of databases, collections and indexes, one table per
 * collection and per index. All writes of one command run inside one SQLite transaction.
 */
export class Storage {
  readonly sql: Database;
  readonly path: string;
  readonly #collections = new Map<string, CollectionStore>();
  readonly #databases = new Set<string>();
  #depth = 0;
  /** Change history for change streams; changes made in a write are published when it commits. */
  readonly changes = new ChangeLog();
  /** Given to every collection, new ones included, while transactions are open. */
  observer: ChangeObserver | undefined;

  constructor(dbPath?: string) {
    if (dbPath) {
      mkdirSync(dbPath, { recursive: true });
      this.path = join(dbPath, "data-bridge.sqlite");
      this.sql = new Database(this.path, { create: true });
      this.sql.run("PRAGMA journal_mode = WAL");
      this.sql.run("PRAGMA synchronous = NORMAL");
    } else {
      this.path = ":memory:";
      this.sql = new Database(":memory:");
    }
    this.sql.run("PRAGMA cache_size = -65536");
    this.sql.run(
      "CREATE TABLE IF NOT EXISTS catalog_collections (id INTEGER PRIMARY KEY, db TEXT NOT NULL, name TEXT NOT NULL, options BLOB NOT NULL, uuid BLOB NOT NULL, UNIQUE (db, name))",
    );
    this.sql.run(
      "CREATE TABLE IF NOT EXISTS catalog_indexes (id INTEGER PRIMARY KEY, collection INTEGER NOT NULL, name TEXT NOT NULL, spec BLOB NOT NULL, UNIQUE (collection, name))",
    );
    this.sql.run("CREATE TABLE IF NOT EXISTS catalog_databases (name TEXT PRIMARY KEY)");
    this.#load();
  }

  #load(): void {
    for (const { name } of this.sql.query<{ name: string }, []>("SELECT name FROM catalog_databases").all()) {
      this.#databases.add(name);
    }
    const rows = this.sql
      .query<{ id: number; db: string; name: string; options: Uint8Array; uuid: Uint8Array }, []>(
        "SELECT id, db, name, options, uuid FROM catalog_collections",
      )
      .all();
    const indexes = this.sql.query<{ id: number; spec: Uint8Array }, [number]>(
      "SELECT id, spec FROM catalog_indexes WHERE collection = ? ORDER BY id",
    );
    for (const row of rows) {
      const store = new CollectionStore(
        this.sql,
        row.id,
        row.db,
        row.name,
        deserialize(row.options, { promoteValues: false }),
        row.uuid,
        this.changes,
      );
      for (const index of indexes.all(row.id)) {
        store.addIndex(
          new IndexStore(
            this.sql,
            index.id,
            deserialize(index.spec, { promoteValues: false, bsonRegExp: true }) as IndexSpec,
          ),
        );
      }
      this.#collections.set(store.ns, store);
    }
  }

  close(): void {
    this.sql.close();
  }

  /** Runs `fn` in one SQLite transaction (nested calls join the outer one). */
  write<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.sql.run("BEGIN IMMEDIATE");
    this.changes.begin();
    this.#depth++;
    try {
      const result = fn();
      this.sql.run("COMMIT");
      this.changes.commit();
      return result;
    } catch (error) {
      this.sql.run("ROLLBACK");
      this.changes.rollback();
      throw error;
    } finally {
      this.#depth--;
    }
  }

  get(db: string, name: string): CollectionStore | undefined {
    return this.#collections.get(`${db}.${name}`);
  }

  /**
   * The collection, created (with its `_id` index) if it does not exist. Writing to a collection
   * that an uncommitted transaction created is a WriteConflict, as mongod's collection lock makes it.
   */
  getOrCreate(db: string, name: string): CollectionStore {
    const store = this.get(db, name) ?? this.create(db, name, {});
    if (store.pendingOwner) throw writeConflict();
    return store;
  }

  create(db: string, name: string, options: Document): CollectionStore {
    checkDatabaseName(db);
    checkCollectionName(db, name);
    if (this.get(db, name)) fail("NamespaceExists", `Collection ${db}.${name} already exists.`);
    return this.write(() => {
      const uuid = new UUID().buffer;
      const id = Number(
        this.sql
          .query("INSERT INTO catalog_collections (db, name, options, uuid) VALUES (?, ?, ?, ?)")
          .run(db, name, serialize(options), uuid).lastInsertRowid,
      );
      this.sql.query("INSERT OR IGNORE INTO catalog_databases (name) VALUES (?)").run(db);
      this.#databases.add(db);
      const store = new CollectionStore(this.sql, id, db, name, options, uuid, this.changes);
      store.observer = this.observer;
      this.#collections.set(store.ns, store);
      return store;
    });
  }

  /** Adds a secondary index and fills it from the existing documents (all or nothing). */
  addIndex(store: CollectionStore, spec: IndexSpec, decode: (bytes: Uint8Array) => Document): IndexStore {
    return this.write(() => {
      const id = Number(
        this.sql
          .query("INSERT INTO catalog_indexes (collection, name, spec) VALUES (?, ?, ?)")
          .run(store.id, spec.name, serialize(spec)).lastInsertRowid,
      );
      const index = new IndexStore(this.sql, id, spec);
      for (const row of store.scan()) {
        const doc = decode(row.doc);
        index.add(row.rid, doc, index.keysFor(doc), store.ns);
      }
      store.addIndex(index);
      return index;
    });
  }

  /** Replaces a collection's options (collMod). */
  setOptions(store: CollectionStore, options: Document): void {
    this.write(() => {
      this.sql
        .query("UPDATE catalog_collections SET options = ? WHERE id = ?")
        .run(serialize(options), store.id);
      store.options = options;
    });
  }

  /** Replaces an index's options (collMod: hidden, expireAfterSeconds, prepareUnique). */
  setIndexSpec(index: IndexStore, spec: IndexSpec): void {
    this.write(() => {
      this.sql.query("UPDATE catalog_indexes SET spec = ? WHERE id = ?").run(serialize(spec), index.id);
      index.spec = spec;
    });
  }

  dropIndex(store: CollectionStore, index: IndexStore): void {
    this.write(() => {
      this.sql.run(`DROP TABLE IF EXISTS ${index.table}`);
      this.sql.query("DELETE FROM catalog_indexes WHERE id = ?").run(index.id);
      store.indexes.splice(store.indexes.indexOf(index), 1);
    });
  }

  drop(store: CollectionStore): void {
    this.write(() => {
      for (const index of store.indexes) this.sql.run(`DROP TABLE IF EXISTS ${index.table}`);
      this.sql.run(`DROP TABLE IF EXISTS ${store.table}`);
      this.sql.query("DELETE FROM catalog_indexes WHERE collection = ?").run(store.id);
      this.sql.query("DELETE FROM catalog_collections WHERE id = ?").run(store.id);
      this.#collections.delete(store.ns);
      this.changes.record(store.db, store.name, { operationType: "drop" });
    });
  }

  rename(store: CollectionStore, db: string, name: string): void {
    checkDatabaseName(db);
    checkCollectionName(db, name);
    this.write(() => {
      this.sql.query("UPDATE catalog_collections SET db = ?, name = ? WHERE id = ?").run(db, name, store.id);
      this.sql.query("INSERT OR IGNORE INTO catalog_databases (name) VALUES (?)").run(db);
      this.#databases.add(db);
      this.#collections.delete(store.ns);
      this.changes.record(store.db, store.name, { operationType: "rename", to: { db, coll: name } });
      store.db = db;
      store.name = name;
      this.#collections.set(store.ns, store);
    });
  }

  dropDatabase(db: string): void {
    this.write(() => {
      for (const store of this.collections(db)) this.drop(store);
      this.sql.query("DELETE FROM catalog_databases WHERE name = ?").run(db);
      this.changes.record(db, "", { operationType: "dropDatabase" });
      this.#databases.delete(db);
    });
  }

  collections(db: string): CollectionStore[] {
    return [...this.#collections.values()].filter((c) => c.db === db);
  }

  databases(): string[] {
    return [...this.#databases].filter((db) => this.collections(db).length > 0);
  }

  /** Bytes used by one collection's table and indexes (from SQLite's dbstat when available). */
  sizeOf(store: CollectionStore): { data: number; indexes: Record<string, number> } {
    const size = (table: string): number => {
      try {
        const row = this.sql
          .query<{ n: number | null }, [string]>("SELECT sum(pgsize) AS n FROM dbstat WHERE name = ?")
          .get(table);
        return row?.n ?? 0;
      } catch {
        return 0;
      }
    };
    const indexes: Record<string, number> = { _id_: 0 };
    for (const index of store.indexes) indexes[index.name] = size(index.table);
    return { data: size(store.table), indexes };
  }
}

export { ID_INDEX_SPEC };
