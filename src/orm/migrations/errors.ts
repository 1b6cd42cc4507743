import { OrmError } from "../errors.ts";

/** A migration cannot be loaded, applied or rolled back; the message names it and why. */
export class MigrationError extends OrmError {
  /** The migration concerned, when there is one. */
  readonly migration: string | undefined;

  constructor(migration: string | undefined, message: string, options?: ErrorOptions) {
    super("MIGRATION", message, options);
    this.migration = migration;
  }
}

/** Another process holds the migration lock; `owner` and `since` say who and from when. */
export class MigrationLockError extends OrmError {
  readonly owner: string;
  readonly since: Date;

  constructor(owner: string, since: Date) {
    super(
      "MIGRATION_LOCKED",
      `migrations are locked by ${owner} since ${since.toISOString()}; wait for it, or run 'migrate unlock' if that process died`,
    );
    this.owner = owner;
    this.since = since;
  }
}
