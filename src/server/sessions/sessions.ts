import { type Document, Long } from "bson";
import { CommandError, ErrorCode, fail } from "../errors.ts";
import type { Storage } from "../storage/engine.ts";
import { type Transaction, TransactionManager } from "./transaction.ts";

/** Server-side state of one logical session (`lsid`). */
export interface Session {
  readonly key: string;
  lastUse: number;
  /** Highest txnNumber seen, for retryable writes and transactions alike. */
  highestTxnNumber: bigint;
  /** Replies of retryable writes by txnNumber, so a retry is answered without applying it twice. */
  readonly retryReplies: Map<bigint, Document>;
  txn?: Transaction;
}

export const TRANSACTION_LIFETIME_MS = 60_000;
const SESSION_TIMEOUT_MS = 30 * 60_000;

export function noSuchTransaction(txnNumber: bigint, reason = "has been aborted"): CommandError {
  return new CommandError(
    ErrorCode.NoSuchTransaction,
    `Transaction with { txnNumber: ${txnNumber} } ${reason}.`,
    {
      errorLabels: ["TransientTransactionError"],
    },
  );
}

/** Sessions by lsid, their retryable-write history and their transactions. */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly transactions: TransactionManager;

  constructor(storage: Storage) {
    this.transactions = new TransactionManager(storage);
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The session a command's `lsid` names (created on first use). */
  of(lsid: unknown): Session | undefined {
    if (!lsid || typeof lsid !== "object") return undefined;
    const id = (lsid as Document).id as { toString(encoding: string): string } | undefined;
    if (!id) fail("BadValue", "lsid must contain an id");
    const key = id.toString("hex");
    let session = this.#sessions.get(key);
    if (!session) {
      session = { key, lastUse: Date.now(), highestTxnNumber: -1n, retryReplies: new Map() };
      this.#sessions.set(key, session);
    }
    session.lastUse = Date.now();
    return session;
  }

  /**
   * Starts or continues the transaction a command belongs to (`autocommit: false`), with
   * mongod's errors for stale, unknown and finished transactions.
   */
  transactionFor(session: Session, txnNumber: bigint, start: boolean, command: string): Transaction {
    if (txnNumber < session.highestTxnNumber) {
      fail(
        "TransactionTooOld",
        `Cannot start transaction ${txnNumber} on session ${session.key} because a newer transaction ${session.highestTxnNumber} has already started.`,
      );
    }
    if (start) {
      if (txnNumber === session.highestTxnNumber && session.txn) {
        fail(
          "ConflictingOperationInProgress",
          `Transaction ${txnNumber} has already been started on this session.`,
        );
      }
      this.abort(session);
      session.highestTxnNumber = txnNumber;
      session.txn = this.transactions.begin(txnNumber);
      return session.txn;
    }
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber, "was not found");
    if (txn.state === "aborted") throw noSuchTransaction(txnNumber);
    if (txn.state === "committed" && command !== "commitTransaction" && command !== "abortTransaction") {
      fail("TransactionCommitted", `Transaction ${txnNumber} has been committed.`);
    }
    return txn;
  }

  abort(session: Session): void {
    const txn = session.txn;
    if (txn && txn.state === "inProgress") {
      txn.abort();
      this.transactions.end(txn);
    }
  }

  /** Checks a retryable write's txnNumber; returns the stored reply when it is a retry. */
  retryableWrite(session: Session, txnNumber: bigint): Document | undefined {
    if (txnNumber < session.highestTxnNumber) {
      fail(
        "TransactionTooOld",
        `Cannot start transaction ${txnNumber} on session ${session.key} because a newer transaction ${session.highestTxnNumber} has already started.`,
      );
    }
    if (txnNumber === session.highestTxnNumber) return session.retryReplies.get(txnNumber);
    this.abort(session);
    session.highestTxnNumber = txnNumber;
    session.retryReplies.clear();
    return undefined;
  }

  /** Aborts the transactions of the given sessions, or of all sessions. */
  kill(lsids?: unknown[]): void {
    if (lsids) for (const lsid of lsids) this.abort(this.of(lsid)!);
    else for (const session of this.#sessions.values()) this.abort(session);
  }

  /** Sessions as `$listLocalSessions` reports them. */
  list(): { key: string; lastUse: number }[] {
    return [...this.#sessions.values()].map((s) => ({ key: s.key, lastUse: s.lastUse }));
  }

  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      const session = this.of(lsid);
      if (!session) continue;
      this.abort(session);
      this.#sessions.delete(session.key);
    }
  }

  /** Aborts transactions past their lifetime and forgets idle sessions. */
  sweep(now = Date.now()): void {
    for (const [key, session] of this.#sessions) {
      if (session.txn?.state === "inProgress" && now - session.txn.startedAt > TRANSACTION_LIFETIME_MS)
        this.abort(session);
      if (now - session.lastUse > SESSION_TIMEOUT_MS) {
        this.abort(session);
        this.#sessions.delete(key);
      }
    }
  }
}

export function txnNumberOf(cmd: Document): bigint | undefined {
  const v = cmd.txnNumber;
  if (v === undefined) return undefined;
  if (v instanceof Long) return v.toBigInt();
  if (typeof v === "number" || typeof v === "bigint") return BigInt(v);
  if (typeof v === "object" && v !== null && "value" in v) return BigInt((v as { value: number }).value);
  fail("TypeMismatch", "txnNumber must be a long");
}
