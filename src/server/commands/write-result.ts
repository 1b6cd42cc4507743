import type { Document } from "bson";
import { CommandError, ErrorCode, fail } from "../errors.ts";
import { MAX_WRITE_BATCH_SIZE } from "../wire/limits.ts";

/** A write command's statement array (`documents`, `updates`, `deletes`), checked for type and batch size. */
export function writeStatements(cmd: Document, command: string, field: string): unknown[] {
  const statements = cmd[field];
  if (!Array.isArray(statements))
    fail("TypeMismatch", `BSON field '${command}.${field}' is the wrong type, expected type 'array'`);
  checkBatchSize(statements.length);
  return statements;
}

/** A write batch holds 1 to 100,000 statements. */
export function checkBatchSize(count: number): void {
  if (count === 0 || count > MAX_WRITE_BATCH_SIZE) {
    fail(
      "InvalidLength",
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${count} operations.`,
    );
  }
}

/** A write command's per-statement error list, in mongod's reply shape. */
export class WriteErrors {
  readonly list: Document[] = [];

  /**
   * Records the error of statement `index`. A WriteConflict is rethrown: it fails the whole
   * command (with its TransientTransactionError label), as in mongod.
   */
  add(index: number, error: unknown): void {
    if (error instanceof CommandError && error.code === ErrorCode.WriteConflict) throw error;
    if (!(error instanceof CommandError)) {
      const message = error instanceof Error ? error.message : String(error);
      this.list.push({ index, code: ErrorCode.InternalError, errmsg: message });
      return;
    }
    this.list.push({ index, code: error.code, ...error.extra, errmsg: error.message });
  }

  applyTo(reply: Document): Document {
    if (this.list.length > 0) reply.writeErrors = this.list;
    return reply;
  }
}
