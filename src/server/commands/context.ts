import type { Document } from "bson";
import type { Request } from "../wire/message.ts";
import type { Session } from "../sessions/sessions.ts";
import type { ServerState } from "../state.ts";
import type { StorageView } from "../storage/collection-view.ts";

/** Per-connection state a command may read. */
export interface ConnectionInfo {
  id: number;
  remote: string;
  /** Client metadata from the first hello. */
  client?: Document;
  /** Asks the server to drop this connection after the current message (failCommand closeConnection). */
  close?: () => void;
}

/** What a command handler is given. */
export interface CommandContext {
  server: ServerState;
  db: string;
  cmd: Document;
  request: Request;
  connection: ConnectionInfo;
  /** Where reads and writes go: the storage itself, or the command's transaction. */
  storage: StorageView;
  session?: Session;
  /** Set when the command runs inside a multi-document transaction. */
  inTransaction: boolean;
}

export type CommandReply = Document;

export type CommandHandler = (ctx: CommandContext) => CommandReply | Promise<CommandReply>;
