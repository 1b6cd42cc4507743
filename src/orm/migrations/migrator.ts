import type { ClientSession, Collection } from "mongodb";
import { type Connection, getConnection } from "../connection.ts";
import { MigrationError } from "./errors.ts";
import {
  findMigrations,
  loadMigration,
  type MigrationContext,
  type MigrationFile,
  type MigrationModule,
} from "./files.ts";
import { forceUnlock, LOCK_ID, MigrationLock } from "./lock.ts";

/** The collection holding one record per applied migration, and the lock. */
export const MIGRATIONS_COLLECTION = "_migrations";

/** Options of `new Migrator()`. */
export interface MigratorOptions {
  /** Folder of migration files (default `"migrations"`). */
  dir?: string;
  /** Connection to migrate (default `"default"`, see `connect()`). */
  connection?: string;
  /** Handed to every migration as `context.models`. */
  models?: Record<string, unknown>;
  /** A lock older than this is taken to be left by a dead process (default 10 minutes; renewed after each migration). */
  lockTtlMs?: number;
  /** Receives one line per migration applied or rolled back. */
  log?: (line: string) => void;
}

/** Where a migration stands: `changed` = applied, but its file differs now; `missing` = applied, file gone. */
export type MigrationState = "applied" | "pending" | "changed" | "missing";

/** One line of `status()`. */
export interface MigrationStatus {
  name: string;
  state: MigrationState;
  appliedAt?: Date;
}

interface MigrationRecord {
  _id: string;
  name: string;
  appliedAt: Date;
  checksum: string;
}

type Direction = "up" | "down";

/**
 * Applies migration files in name order and records each in `_migrations` (name, time,
 * checksum), under a lock so two processes never migrate at once. Each migration runs in a
 * transaction, together with its record, when the server supports transactions: a failing
 * migration leaves nothing behind and is not recorded.
 *
 * @example
 * await connect(process.env.DATA_BRIDGE_URI);
 * const migrator = new Migrator({ dir: "migrations", models: { User } });
 * await migrator.up();                       // every pending migration
 * await migrator.down({ steps: 1 });         // roll back the last one
 */
export class Migrator {
  readonly #dir: string;
  readonly #connectionName: string;
  readonly #models: Record<string, unknown>;
  readonly #lockTtlMs: number;
  readonly #log: (line: string) => void;
  #transactions: boolean | undefined;

  constructor(options: MigratorOptions = {}) {
    this.#dir = options.dir ?? "migrations";
    this.#connectionName = options.connection ?? "default";
    this.#models = options.models ?? {};
    this.#lockTtlMs = options.lockTtlMs ?? 10 * 60_000;
    this.#log = options.log ?? (() => {});
  }

  get #connection(): Connection {
    return getConnection(this.#connectionName);
  }

  #collection(): Collection<MigrationRecord> {
    return this.#connection.db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  }

  async #records(): Promise<Map<string, MigrationRecord>> {
    const records = await this.#collection()
      .find({ _id: { $ne: LOCK_ID } })
      .toArray();
    return new Map(records.map((record) => [record.name, record]));
  }

  /** Every migration, applied or not, in name order. */
  async status(): Promise<MigrationStatus[]> {
    const [files, records] = await Promise.all([findMigrations(this.#dir), this.#records()]);
    const lines: MigrationStatus[] = files.map((file) => {
      const record = records.get(file.name);
      if (!record) return { name: file.name, state: "pending" };
      const state = record.checksum === file.checksum ? "applied" : "changed";
      return { name: file.name, state, appliedAt: record.appliedAt };
    });
    const known = new Set(files.map((file) => file.name));
    for (const record of records.values()) {
      if (!known.has(record.name))
        lines.push({ name: record.name, state: "missing", appliedAt: record.appliedAt });
    }
    return lines.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Applies the pending migrations in name order (up to and including `to`); returns their names.
   * Refuses to run when an applied migration's file was edited since.
   */
  async up(options: { to?: string } = {}): Promise<string[]> {
    const files = await findMigrations(this.#dir);
    if (options.to !== undefined && !files.some((file) => file.name === options.to)) {
      throw new MigrationError(options.to, `no migration named ${options.to} in ${this.#dir}`);
    }
    return this.#locked(async (records) => {
      checkUnchanged(files, records);
      const pending = files.filter(
        (file) => !records.has(file.name) && (options.to === undefined || file.name <= options.to),
      );
      const loaded = await Promise.all(
        pending.map(async (file) => [file, await loadMigration(file)] as const),
      );
      return this.#runAll(loaded, "up");
    });
  }

  /** Rolls back the last `steps` applied migrations (default 1), newest first; returns their names. */
  async down(options: { steps?: number } = {}): Promise<string[]> {
    const steps = options.steps ?? 1;
    if (!Number.isSafeInteger(steps) || steps < 1) {
      throw new MigrationError(undefined, `steps must be a positive integer, got ${steps}`);
    }
    const files = await findMigrations(this.#dir);
    const byName = new Map(files.map((file) => [file.name, file]));
    return this.#locked(async (records) => {
      checkUnchanged(files, records);
      const last = [...records.keys()].sort().reverse().slice(0, steps);
      const loaded = await Promise.all(
        last.map(async (name) => {
          const file = byName.get(name);
          if (!file)
            throw new MigrationError(name, `${name}: applied, but its file is missing from ${this.#dir}`);
          const migration = await loadMigration(file);
          if (!migration.down) throw new MigrationError(name, `${name}: has no down() to roll it back`);
          return [file, migration] as const;
        }),
      );
      return this.#runAll(loaded, "down");
    });
  }

  /** Removes the lock left by a process that died while migrating; true when there was one. */
  unlock(): Promise<boolean> {
    return forceUnlock(this.#connection.db.collection(MIGRATIONS_COLLECTION));
  }

  async #locked(work: (records: Map<string, MigrationRecord>) => Promise<string[]>): Promise<string[]> {
    const lock = new MigrationLock(this.#connection.db.collection(MIGRATIONS_COLLECTION), this.#lockTtlMs);
    await lock.acquire();
    try {
      // Read the records only now: another process may have migrated while we waited.
      return await work(await this.#records());
    } finally {
      await lock.release();
    }
  }

  async #runAll(
    migrations: readonly (readonly [MigrationFile, MigrationModule])[],
    direction: Direction,
  ): Promise<string[]> {
    const done: string[] = [];
    for (const [file, migration] of migrations) {
      const started = performance.now();
      await this.#run(file, migration, direction);
      done.push(file.name);
      const ms = Math.round(performance.now() - started);
      this.#log(`${direction === "up" ? "applied" : "rolled back"} ${file.name} (${ms} ms)`);
    }
    return done;
  }

  /** Runs one migration and writes (or deletes) its record, in one transaction when possible. */
  async #run(file: MigrationFile, migration: MigrationModule, direction: Direction): Promise<void> {
    const { client, db } = this.#connection;
    const step = direction === "up" ? migration.up : migration.down!;
    const records = this.#collection();
    const record = async (session: ClientSession | undefined) => {
      if (direction === "up") {
        const applied = { _id: file.name, name: file.name, appliedAt: new Date(), checksum: file.checksum };
        await records.insertOne(applied, { session });
      } else await records.deleteOne({ _id: file.name }, { session });
    };
    const context = (session: ClientSession | undefined): MigrationContext => ({
      name: file.name,
      db,
      client,
      session,
      models: this.#models,
    });
    try {
      if (migration.transaction !== false && (await this.#supportsTransactions())) {
        await client.withSession((session) =>
          session.withTransaction(async () => {
            await step(context(session));
            await record(session);
          }),
        );
      } else {
        await step(context(undefined));
        await record(undefined);
      }
    } catch (error) {
      throw new MigrationError(file.name, `${file.name}: ${direction} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Replica sets and sharded clusters run transactions; a standalone server does not. */
  async #supportsTransactions(): Promise<boolean> {
    if (this.#transactions === undefined) {
      const hello = await this.#connection.db.admin().command({ hello: 1 });
      this.#transactions = hello.setName !== undefined || hello.msg === "isdbgrid";
    }
    return this.#transactions;
  }
}

function checkUnchanged(files: readonly MigrationFile[], records: Map<string, MigrationRecord>): void {
  const changed = files.filter((file) => {
    const record = records.get(file.name);
    return record !== undefined && record.checksum !== file.checksum;
  });
  if (changed.length > 0) {
    const names = changed.map((file) => file.name).join(", ");
    throw new MigrationError(
      changed[0]!.name,
      `applied migration(s) edited since they ran (checksum differs): ${names}; restore the file(s) or write a new migration`,
    );
  }
}
