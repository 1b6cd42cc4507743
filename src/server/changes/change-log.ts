import type { Document } from "bson";
import { Timestamp } from "bson";

/** One recorded change, as a change stream reports it (before the stream's own pipeline). */
export interface ChangeEvent {
  readonly seq: number;
  readonly db: string;
  readonly coll: string;
  readonly event: Document;
}

export type ChangeRecord = Omit<Document, "_id" | "clusterTime" | "wallTime" | "ns"> & {
  operationType: string;
};

const HISTORY = 10_000;

/** The resume token of the change with sequence number `seq`. */
export function resumeToken(seq: number): Document {
  return { _data: seq.toString(16).padStart(16, "0") };
}

/** The sequence number a resume token names, or undefined when it is not one of ours. */
export function tokenSequence(token: unknown): number | undefined {
  const data = (token as Document | undefined)?._data;
  if (typeof data !== "string" || !/^[0-9a-f]{16}$/.test(data)) return undefined;
  return Number.parseInt(data, 16);
}

/**
 * The server's change history (what mongod keeps in its oplog), kept in memory for change streams.
 * Recording starts when the first change stream opens, so a server nobody watches pays nothing.
 * Changes made inside a storage write are published only when it commits.
 */
export class ChangeLog {
  enabled = false;
  #events: ChangeEvent[] = [];
  #seq = 0;
  #pending: ChangeEvent[] | undefined;
  readonly #waiters = new Set<() => void>();

  get lastSeq(): number {
    return this.#seq;
  }

  /** The oldest sequence number still in the history. */
  get firstSeq(): number {
    return this.#events[0]?.seq ?? this.#seq + 1;
  }

  record(db: string, coll: string, change: ChangeRecord): void {
    if (!this.enabled) return;
    const seq = ++this.#seq;
    const now = Date.now();
    const { operationType, ...rest } = change;
    const event: Document = {
      _id: resumeToken(seq),
      operationType,
      clusterTime: new Timestamp({ t: Math.floor(now / 1000), i: seq }),
      wallTime: new Date(now),
      ...(rest.fullDocument !== undefined ? { fullDocument: rest.fullDocument } : {}),
      ns: coll ? { db, coll } : { db },
      ...(rest.documentKey !== undefined ? { documentKey: rest.documentKey } : {}),
      ...(rest.updateDescription !== undefined ? { updateDescription: rest.updateDescription } : {}),
      ...(rest.to !== undefined ? { to: rest.to } : {}),
    };
    const entry = { seq, db, coll, event };
    if (this.#pending) this.#pending.push(entry);
    else this.#publish([entry]);
  }

  /** Starts buffering: changes become visible at `commit()`, and vanish at `rollback()`. */
  begin(): void {
    this.#pending = [];
  }

  commit(): void {
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    if (pending.length) this.#publish(pending);
  }

  rollback(): void {
    this.#pending = undefined;
  }

  /** Changes with a sequence number above `seq`. */
  after(seq: number): ChangeEvent[] {
    const events = this.#events;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return events.slice(lo);
  }

  /** Resolves when a change is published, or after `ms`. */
  wait(ms: number, stop: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      void stop.then(done);
    });
  }

  #publish(entries: ChangeEvent[]): void {
    this.#events.push(...entries);
    if (this.#events.length > HISTORY) this.#events.splice(0, this.#events.length - HISTORY);
    for (const wake of [...this.#waiters]) wake();
  }
}
