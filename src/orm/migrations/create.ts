import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MigrationError } from "./errors.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const template = (name: string) => `import type { MigrationContext } from "data-bridge";

/** ${name} */
export async function up({ db, session }: MigrationContext): Promise<void> {
  // Pass { session } to every operation: it runs in this migration's transaction.
  // await db.collection("users").updateMany({}, { $set: { active: true } }, { session });
}

export async function down({ db, session }: MigrationContext): Promise<void> {
  // Undo up(), or delete this function if the migration cannot be rolled back.
}
`;

/** `YYYYMMDDHHmmss` in UTC: file names sort in creation order. */
function stamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * Writes a new migration file `<dir>/<UTC timestamp>-<name>.ts` from a template; returns its path.
 *
 * @example
 * await createMigration("migrations", "add-email-index");   // migrations/20261124093000-add-email-index.ts
 */
export async function createMigration(dir: string, name: string, now = new Date()): Promise<string> {
  if (!NAME.test(name)) {
    throw new MigrationError(
      name,
      `migration name "${name}": use letters, digits, "-" and "_" (e.g. add-email-index)`,
    );
  }
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${stamp(now)}-${name}.ts`);
  try {
    await writeFile(path, template(name), { flag: "wx" });
  } catch (error) {
    throw new MigrationError(name, `cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}
