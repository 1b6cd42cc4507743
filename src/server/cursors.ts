import { Long } from "bson";
import { fail } from "./errors.ts";
import { MAX_BSON_OBJECT_SIZE } from "./wire/limits.ts";
import type { TailableSource } from "./changes/change-stream.ts";
import { RawDocument } from "./wire/raw-document.ts";

export type DocumentSource = Iterator<RawDocument> | AsyncIterator<RawDocument>;

interface Cursor {
  id: Long;
  ns: string;
  source: DocumentSource;
  /** Set for tailable cursors (change streams): batches come from here and the cursor never exhausts. */
  tail?: TailableSource;
  lastUsed: number;
  /** A peeked document that did not fit in the previous batch. */
  pending?: RawDocument;
}

export interface Batch {
  documents: RawDocument[];
  /** 0 when the source is exhausted (and the cursor closed). */
  cursorId: Long;
  /** For change streams: the resume token after this batch. */
  postBatchResumeToken?: Record<string, unknown>;
}

const EMPTY: DocumentSource = { next: () => ({ done: true, value: undefined }) };

/** Open cursors by id. Cursors idle for longer than `timeoutMs` are closed by `sweep()`. */
export class CursorManager {
  readonly #cursors = new Map<string, Cursor>();
  readonly timeoutMs: number;
  #nextId = 1n;

  constructor(timeoutMs = 10 * 60 * 1000) {
    this.timeoutMs = timeoutMs;
  }

  get size(): number {
    return this.#cursors.size;
  }

  /**
   * Reads the first batch (none for batchSize 0, as mongod does); keeps a cursor open only if
   * more documents may remain.
   */
  async open(
    ns: string,
    source: DocumentSource,
    batchSize: number | undefined,
    singleBatch = false,
  ): Promise<Batch> {
    const cursor: Cursor = { id: Long.ZERO, ns, source, lastUsed: Date.now() };
    const documents = batchSize === 0 ? { batch: [], exhausted: false } : await fill(cursor, batchSize);
    if (singleBatch || documents.exhausted) {
      await closeSource(source);
      return { documents: documents.batch, cursorId: Long.ZERO };
    }
    cursor.id = this.#newId();
    this.#cursors.set(cursor.id.toString(), cursor);
    return { documents: documents.batch, cursorId: cursor.id };
  }

  /** Opens a tailable cursor; its first batch does not wait for new documents. */
  async openTailable(ns: string, tail: TailableSource, batchSize: number | undefined): Promise<Batch> {
    const cursor: Cursor = { id: this.#newId(), ns, source: EMPTY, tail, lastUsed: Date.now() };
    this.#cursors.set(cursor.id.toString(), cursor);
    const documents = batchSize === 0 ? [] : await tail.nextBatch(batchSize, 0);
    return { documents, cursorId: cursor.id, postBatchResumeToken: tail.resumeToken };
  }

  async getMore(id: Long, ns: string, batchSize: number | undefined, maxTimeMS?: number): Promise<Batch> {
    const cursor = this.#cursors.get(id.toString());
    if (!cursor) fail("CursorNotFound", `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      fail(
        "Unauthorized",
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    cursor.lastUsed = Date.now();
    if (cursor.tail) {
      const documents = await cursor.tail.nextBatch(batchSize, maxTimeMS ?? 1000);
      cursor.lastUsed = Date.now();
      return { documents, cursorId: cursor.id, postBatchResumeToken: cursor.tail.resumeToken };
    }
    const { batch, exhausted } = await fill(cursor, batchSize);
    if (exhausted) {
      this.#cursors.delete(id.toString());
      return { documents: batch, cursorId: Long.ZERO };
    }
    return { documents: batch, cursorId: cursor.id };
  }

  /** Kills cursors; returns which ids were killed and which were not found. */
  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const cursor = this.#cursors.get(id.toString());
      if (cursor) {
        this.#cursors.delete(id.toString());
        void closeSource(cursor.source);
        killed.push(id);
      } else notFound.push(id);
    }
    return { killed, notFound };
  }

  #newId(): Long {
    return Long.fromBigInt(this.#nextId++ + BigInt(Math.floor(Math.random() * 0x7fff)) * 0x100000000n);
  }

  has(id: Long): boolean {
    return this.#cursors.has(id.toString());
  }

  sweep(now = Date.now()): number {
    let closed = 0;
    for (const [key, cursor] of this.#cursors) {
      if (now - cursor.lastUsed > this.timeoutMs) {
        this.#cursors.delete(key);
        void closeSource(cursor.source);
        closed++;
      }
    }
    return closed;
  }

  closeAll(): void {
    this.kill([...this.#cursors.values()].map((c) => c.id));
  }
}

/** Room left for a batch in a 16 MiB reply, after the envelope. */
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 16 * 1024;

async function fill(
  cursor: Cursor,
  batchSize: number | undefined,
): Promise<{ batch: RawDocument[]; exhausted: boolean }> {
  const batch: RawDocument[] = [];
  const limit = batchSize === undefined || batchSize <= 0 ? Number.POSITIVE_INFINITY : batchSize;
  let bytes = 0;
  if (cursor.pending) {
    batch.push(cursor.pending);
    bytes += cursor.pending.bytes.length;
    cursor.pending = undefined;
  }
  while (batch.length < limit) {
    const pending = cursor.source.next();
    const next = pending instanceof Promise ? await pending : pending;
    if (next.done) return { batch, exhausted: true };
    const doc = next.value;
    if (batch.length > 0 && bytes + doc.bytes.length > BATCH_BYTES) {
      cursor.pending = doc;
      return { batch, exhausted: false };
    }
    batch.push(doc);
    bytes += doc.bytes.length;
  }
  if (cursor.pending) return { batch, exhausted: false };
  const pendingPeek = cursor.source.next();
  const peek = pendingPeek instanceof Promise ? await pendingPeek : pendingPeek;
  if (peek.done) return { batch, exhausted: true };
  cursor.pending = peek.value;
  return { batch, exhausted: false };
}

async function closeSource(source: DocumentSource): Promise<void> {
  try {
    await source.return?.();
  } catch {
    // closing a finished generator cannot fail in a way the client should see
  }
}

export { RawDocument };
