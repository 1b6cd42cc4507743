import type { Document } from "bson";
import { CommandError, ErrorCode } from "../errors.ts";

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
