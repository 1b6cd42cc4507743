export { createMigration } from "./create.ts";
export { MigrationError, MigrationLockError } from "./errors.ts";
export type { MigrationContext, MigrationModule } from "./files.ts";
export {
  MIGRATIONS_COLLECTION,
  type MigrationState,
  type MigrationStatus,
  Migrator,
  type MigratorOptions,
} from "./migrator.ts";
