import { hostname } from "node:os";
import type { Collection } from "mongodb";
import { MigrationLockError } from "./errors.ts";

/** The lock document's `_id` in `_migrations` (migration names start with a digit, so it cannot clash). */
export const LOCK_ID = "lock";

interface LockDocument {
  _id: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * The migration lock: one document that only one process can insert. A lock older than its
 * time to live (a process that died) is taken over; the holder renews it after every migration.
 */
export class MigrationLock {
  readonly owner = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  readonly #collection: Collection<LockDocument>;
  readonly #ttlMs: number;

  constructor(collection: Collection<LockDocument>, ttlMs: number) {
    this.#collection = collection;
    this.#ttlMs = ttlMs;
  }

  /** Takes the lock, or throws `MigrationLockError` naming the process that holds it. */
  async acquire(): Promise<void> {
    const now = new Date();
    const lock = { _id: LOCK_ID, owner: this.owner, acquiredAt: now, expiresAt: this.#expiry(now) };
    try {
      await this.#collection.insertOne(lock);
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const { _id, ...fields } = lock;
    const taken = await this.#collection.findOneAndUpdate(
      { _id: LOCK_ID, expiresAt: { $lt: now } },
      { $set: fields },
      { returnDocument: "after" },
    );
    if (taken) return;
    const held = await this.#collection.findOne({ _id: LOCK_ID });
    throw new MigrationLockError(held?.owner ?? "another process", held?.acquiredAt ?? now);
  }

  /** Extends the lock; throws when another process took it over meanwhile. */
  async renew(): Promise<void> {
    const { matchedCount } = await this.#collection.updateOne(
      { _id: LOCK_ID, owner: this.owner },
      { $set: { expiresAt: this.#expiry(new Date()) } },
    );
    if (matchedCount === 0) {
      const held = await this.#collection.findOne({ _id: LOCK_ID });
      throw new MigrationLockError(held?.owner ?? "nobody", held?.acquiredAt ?? new Date());
    }
  }

  async release(): Promise<void> {
    await this.#collection.deleteOne({ _id: LOCK_ID, owner: this.owner });
  }

  #expiry(from: Date): Date {
    return new Date(from.getTime() + this.#ttlMs);
  }
}

/** Removes the lock whoever holds it (after a crashed run); true when there was one. */
export async function forceUnlock(collection: Collection<LockDocument>): Promise<boolean> {
  return (await collection.deleteOne({ _id: LOCK_ID })).deletedCount === 1;
}
