import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ClientSession, Db, MongoClient } from "mongodb";
import { MigrationError } from "./errors.ts";

/** What a migration's `up` and `down` receive. */
export interface MigrationContext {
  /** The migration's name (its file name without the extension). */
  readonly name: string;
  /** The driver's database and client of the connection migrations run on. */
  readonly db: Db;
  readonly client: MongoClient;
  /**
   * The transaction's session (when the server supports transactions and the migration does not
   * opt out): pass it to every operation (`{ session }`), or the operation runs outside it.
   */
  readonly session: ClientSession | undefined;
  /** The models given to the migrator (`--models MODULE` on the command line), by export name. */
  readonly models: Readonly<Record<string, unknown>>;
}

/** A migration module: `up` and optionally `down`; `transaction = false` runs it outside a transaction. */
export interface MigrationModule {
  up(context: MigrationContext): unknown;
  down?(context: MigrationContext): unknown;
  transaction?: boolean;
}

/** A migration file found in the folder. */
export interface MigrationFile {
  readonly name: string;
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly checksum: string;
}

const EXTENSIONS = /\.(ts|mts|js|mjs)$/;

/** Migration files: names starting with a digit, `.ts`/`.js` (not `.d.ts`), in name order. */
export async function findMigrations(dir: string): Promise<MigrationFile[]> {
  const folder = resolve(dir);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    throw new MigrationError(
      undefined,
      `cannot read the migrations folder ${folder}: ${(error as Error).message}`,
    );
  }
  const names = entries.filter(
    (file) => /^\d/.test(file) && EXTENSIONS.test(file) && !file.endsWith(".d.ts"),
  );
  const files = await Promise.all(
    names.map(async (file) => {
      const path = join(folder, file);
      const bytes = await Bun.file(path).bytes();
      return {
        name: file.replace(EXTENSIONS, ""),
        path,
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name))
      throw new MigrationError(file.name, `two migration files are named ${file.name}`);
    seen.add(file.name);
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Imports a migration file and checks its exports. */
export async function loadMigration(file: MigrationFile): Promise<MigrationModule> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file.path).href);
  } catch (error) {
    throw new MigrationError(
      file.name,
      `${file.name}: cannot load ${file.path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (typeof module.up !== "function") {
    throw new MigrationError(file.name, `${file.name}: the file must export a function up(context)`);
  }
  if (module.down !== undefined && typeof module.down !== "function") {
    throw new MigrationError(file.name, `${file.name}: down must be a function`);
  }
  if (module.transaction !== undefined && typeof module.transaction !== "boolean") {
    throw new MigrationError(file.name, `${file.name}: transaction must be true or false`);
  }
  return {
    up: module.up as MigrationModule["up"],
    down: module.down as MigrationModule["down"],
    transaction: module.transaction as boolean | undefined,
  };
}
