import type { Database, Statement } from "bun:sqlite";
import type { Document } from "bson";
import { CommandError, ErrorCode } from "../errors.ts";
import { compileFilter } from "../query/match.ts";
import { collectValues, type FieldPath, MISSING, parsePath, walkPath } from "../query/path.ts";
import { encodeKey } from "../query/key-string.ts";
import { indexKeys, type KeyPattern } from "./index-keys.ts";
import { type IndexSpec, keyPatternOf } from "./index-spec.ts";

/** Encodes a tuple of key values so that SQLite's memcmp order of BLOBs is the index order. */
export function encodeIndexKey(values: readonly unknown[], directions: readonly number[]): Uint8Array {
  return encodeKey(values as unknown[], directions as (1 | -1)[]);
}

/** A secondary index: table `x<id>` of (key, rid) pairs, kept in step with its collection. */
export class IndexStore {
  readonly id: number;
  spec: IndexSpec;
  readonly table: string;
  readonly pattern: KeyPattern;
  readonly directions: number[];
  /** The key pattern's fields, parsed once. */
  readonly #paths: FieldPath[];
  /** Whether some document has more than one key here (an array field): ranges then can't be intersected. */
  multikey = false;
  /** The transaction that created this index and has not committed yet (hidden from others' listIndexes). */
  pendingOwner: object | undefined;
  readonly #partial: ((doc: Document) => boolean) | undefined;
  readonly #insert: Statement;
  readonly #remove: Statement;
  readonly #findKey: Statement<{ rid: number }, [Uint8Array]>;
  /** Whether the table's primary key itself enforces uniqueness (set when it was created unique). */
  readonly #tableIsUnique: boolean;

  constructor(db: Database, id: number, spec: IndexSpec) {
    this.id = id;
    this.spec = spec;
    this.table = `x${id}`;
    this.pattern = keyPatternOf(spec.key);
    this.#paths = this.pattern.map(([field]) => parsePath(field));
    this.directions = this.pattern.map(([, dir]) => (typeof dir === "number" && dir < 0 ? -1 : 1));
    if (spec.partialFilterExpression) {
      const matcher = compileFilter(spec.partialFilterExpression as Document);
      this.#partial = (doc) => matcher.matches(doc);
    }
    const primaryKey = spec.unique ? "key" : "key, rid";
    db.run(
      `CREATE TABLE IF NOT EXISTS ${this.table} (key BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (${primaryKey})) WITHOUT ROWID`,
    );
    const created = db
      .query<{ sql: string }, [string]>("SELECT sql FROM sqlite_master WHERE name = ?")
      .get(this.table);
    this.#tableIsUnique = created?.sql.includes("PRIMARY KEY (key)") ?? false;
    this.#insert = db.prepare(`INSERT INTO ${this.table} (key, rid) VALUES (?, ?)`);
    this.#remove = db.prepare(`DELETE FROM ${this.table} WHERE key = ? AND rid = ?`);
    this.#findKey = db.prepare(`SELECT rid FROM ${this.table} WHERE key = ? LIMIT 1`);
    // An index loaded from disk is multikey if some document holds more than one key in it.
    this.multikey =
      db.query(`SELECT 1 FROM ${this.table} GROUP BY rid HAVING count(*) > 1 LIMIT 1`).get() !== null;
  }

  get name(): string {
    return this.spec.name;
  }

  /** The encoded keys this index holds for `doc` (none when sparse/partial exclude it). */
  keysFor(doc: Document): Uint8Array[] {
    if (this.#partial && !this.#partial(doc)) return [];
    if (this.spec.sparse && !this.#paths.some((path) => walkPath(doc, path, false, (v) => v !== MISSING)))
      return [];
    const { keys, multikey } = indexKeys(doc, this.pattern);
    if (multikey) this.multikey = true;
    if (keys.length === 1) return [encodeIndexKey(keys[0]!, this.directions)];
    const unique = new Map<string, Uint8Array>();
    for (const key of keys) {
      const encoded = encodeIndexKey(key, this.directions);
      unique.set(Buffer.from(encoded).toString("latin1"), encoded);
    }
    return [...unique.values()];
  }

  /** Adds the keys of a document; throws E11000 for a unique violation. */
  add(rid: number, doc: Document, keys: Uint8Array[], ns: string): void {
    if (!this.#tableIsUnique && (this.spec.prepareUnique || this.spec.unique)) {
      // collMod prepareUnique (existing duplicates stay, new ones are refused) or a later conversion to unique.
      for (const key of keys) {
        const holder = this.#findKey.get(key);
        if (holder && holder.rid !== rid) throw this.duplicateKeyError(doc, ns);
      }
    }
    for (let i = 0; i < keys.length; i++) {
      try {
        this.#insert.run(keys[i]!, rid);
      } catch (error) {
        for (let j = 0; j < i; j++) this.#remove.run(keys[j]!, rid);
        if (isConstraintError(error)) throw this.duplicateKeyError(doc, ns);
        throw error;
      }
    }
  }

  /** Row ids that share a key with another row (what stops conversion to a unique index). */
  duplicateGroups(db: Database): number[][] {
    const rows = db
      .query<{ rids: string }, []>(
        `SELECT group_concat(rid) AS rids FROM ${this.table} GROUP BY key HAVING count(DISTINCT rid) > 1`,
      )
      .all();
    return rows.map((r) => r.rids.split(",").map(Number));
  }

  remove(rid: number, keys: Uint8Array[]): void {
    for (const key of keys) this.#remove.run(key, rid);
  }

  duplicateKeyError(doc: Document, ns: string): CommandError {
    const keyValue: Document = {};
    this.pattern.forEach(([field], i) => {
      const values = collectValues(doc, this.#paths[i]!, false).filter((v) => v !== MISSING);
      keyValue[field] = values.length === 0 ? null : values.length === 1 ? values[0] : values;
    });
    return duplicateKey(ns, this.name, this.spec.key, keyValue);
  }
}

export function duplicateKey(
  ns: string,
  index: string,
  keyPattern: Document,
  keyValue: Document,
): CommandError {
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${describe(v)}`)
    .join(", ");
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${index} dup key: { ${shown} }`,
    { keyPattern, keyValue },
  );
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v !== null && typeof v === "object" && "_bsontype" in v) {
    const t = (v as { _bsontype: string })._bsontype;
    if (t === "ObjectId") return `ObjectId('${v.toString()}')`;
    return String((v as { toString(): string }).toString());
  }
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  return v === undefined ? "null" : (JSON.stringify(v) ?? String(v));
}

export function isConstraintError(error: unknown): boolean {
  return error instanceof Error && /constraint/i.test(error.message);
}
