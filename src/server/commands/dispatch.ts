import type { Document } from "bson";
import { CommandError, ErrorCode, fail } from "../errors.ts";
import { type Session, txnNumberOf } from "../sessions/sessions.ts";
import type { ServerState } from "../state.ts";
import type { Request } from "../wire/message.ts";
import type { CommandContext, ConnectionInfo } from "./context.ts";
import { commands } from "./registry.ts";
import "./all.ts";

const RETRYABLE_WRITES = new Set(["insert", "update", "delete", "findAndModify", "findandmodify"]);
const TRANSACTION_COMMANDS = new Set([
  "find",
  "getMore",
  "insert",
  "update",
  "delete",
  "findAndModify",
  "findandmodify",
  "aggregate",
  "distinct",
  "commitTransaction",
  "abortTransaction",
  "create",
  "createIndexes",
  "killCursors",
  "bulkWrite",
]);

/** Runs one command and returns its reply document (errors become `{ ok: 0, ... }`). */
export async function runCommand(
  server: ServerState,
  request: Request,
  connection: ConnectionInfo,
): Promise<Document> {
  const cmd = request.command;
  const name = Object.keys(cmd)[0];
  try {
    if (name === undefined) throw new CommandError(ErrorCode.FailedToParse, "Command document is empty");
    const handler = commands.get(name);
    if (!handler) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    const db = typeof cmd.$db === "string" ? cmd.$db : request.database;
    if (db === undefined)
      throw new CommandError(ErrorCode.InvalidNamespace, "OP_MSG requests require a $db argument");
    server.counters.command++;

    const failPoint = server.failPoints.take(
      name,
      connection.client?.application?.name as string | undefined,
    );
    if (failPoint) {
      if (failPoint.blockConnection && failPoint.blockTimeMS) await Bun.sleep(failPoint.blockTimeMS);
      if (failPoint.closeConnection) {
        connection.close?.();
        return { ok: 0 };
      }
      if (failPoint.errorCode !== undefined) {
        const reply: Document = {
          ok: 0,
          errmsg: failPoint.errmsg ?? "Failing command via 'failCommand' failpoint",
          code: failPoint.errorCode,
        };
        if (failPoint.errorLabels) reply.errorLabels = failPoint.errorLabels;
        return reply;
      }
    }

    const session = server.sessions.of(cmd.lsid);
    const ctx: CommandContext = {
      server,
      db,
      cmd,
      request,
      connection,
      storage: server.storage,
      session,
      inTransaction: false,
    };
    const reply = await runInSession(ctx, name, handler);
    if (!("ok" in reply)) reply.ok = 1;
    if (failPoint?.writeConcernError) reply.writeConcernError = failPoint.writeConcernError;
    if (failPoint?.errorLabels && failPoint.writeConcernError) reply.errorLabels = failPoint.errorLabels;
    return reply;
  } catch (error) {
    return errorReply(error);
  }
}

async function runInSession(
  ctx: CommandContext,
  name: string,
  handler: (ctx: CommandContext) => Document | Promise<Document>,
): Promise<Document> {
  const { cmd, session } = ctx;
  const txnNumber = txnNumberOf(cmd);
  if (cmd.autocommit !== undefined) {
    if (cmd.autocommit !== false) fail("InvalidOptions", "autocommit must be false when it is given");
    if (!session || txnNumber === undefined)
      fail("InvalidOptions", "a transaction requires lsid and txnNumber");
    if (!TRANSACTION_COMMANDS.has(name)) {
      fail("OperationNotSupportedInTransaction", `Cannot run '${name}' in a multi-document transaction.`);
    }
    const txn = ctx.server.sessions.transactionFor(session, txnNumber, cmd.startTransaction === true, name);
    ctx.storage = txn;
    ctx.inTransaction = true;
    try {
      return await handler(ctx);
    } catch (error) {
      if (name !== "commitTransaction" && name !== "abortTransaction") ctx.server.sessions.abort(session);
      throw error;
    }
  }
  if (cmd.startTransaction !== undefined)
    fail("InvalidOptions", "startTransaction requires autocommit: false");
  if (txnNumber !== undefined && session && RETRYABLE_WRITES.has(name)) {
    const previous = ctx.server.sessions.retryableWrite(session, txnNumber);
    if (previous) return previous;
    const failure = ctx.server.failPoints.takeTransactionalWrite();
    if (!failure || failure.failBeforeCommitExceptionCode === undefined) {
      const reply = await handler(ctx);
      session.retryReplies.set(txnNumber, reply);
      if (!failure) return reply;
    }
    if (failure.closeConnection) {
      ctx.connection.close?.();
      return { ok: 0 };
    }
    fail(
      failure.failBeforeCommitExceptionCode ?? ErrorCode.InternalError,
      "Failing write via 'onPrimaryTransactionalWrite' failpoint",
    );
  }
  return handler(ctx);
}

export function errorReply(error: unknown): Document {
  if (error instanceof CommandError) return error.toReply();
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: 0,
    errmsg: `internal error: ${message}`,
    code: ErrorCode.InternalError,
    codeName: "InternalError",
  };
}

export type { Session };
