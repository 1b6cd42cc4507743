import type { Document } from "bson";
import { fail } from "./errors.ts";
import { isNumber, toDouble } from "./query/numbers.ts";

/** The `failCommand` fail point's settings, as drivers' tests configure it. */
export interface FailCommand {
  failCommands: string[];
  errorCode?: number;
  errorLabels?: string[];
  closeConnection?: boolean;
  writeConcernError?: Document;
  blockConnection?: boolean;
  blockTimeMS?: number;
  appName?: string;
  errmsg?: string;
}

interface ArmedFailPoint {
  data: FailCommand;
  /** Remaining activations; Infinity for alwaysOn. */
  times: number;
  skip: number;
}

/** `onPrimaryTransactionalWrite`: after (or instead of) a retryable write, the connection is closed. */
export interface TransactionalWriteFailure {
  /** When set, the write is not applied before the connection closes. */
  failBeforeCommitExceptionCode?: number;
  closeConnection: boolean;
}

/** Fail points set by `configureFailPoint`: `failCommand` and `onPrimaryTransactionalWrite`. */
export class FailPoints {
  #failCommand: ArmedFailPoint | undefined;
  #transactionalWrite: { data: TransactionalWriteFailure; times: number; skip: number } | undefined;

  configure(cmd: Document): Document {
    const name = cmd.configureFailPoint;
    if (name !== "failCommand" && name !== "onPrimaryTransactionalWrite")
      fail("BadValue", `Unknown fail point: ${String(name)}`);
    const mode = cmd.mode;
    if (mode === "off") {
      if (name === "failCommand") this.#failCommand = undefined;
      else this.#transactionalWrite = undefined;
      return { ok: 1 };
    }
    const data = (cmd.data ?? {}) as Document;
    if (name === "onPrimaryTransactionalWrite") {
      const { times, skip } = parseMode(mode);
      this.#transactionalWrite = {
        data: {
          failBeforeCommitExceptionCode: isNumber(data.failBeforeCommitExceptionCode)
            ? toDouble(data.failBeforeCommitExceptionCode)
            : undefined,
          closeConnection: data.closeConnection !== false,
        },
        times,
        skip,
      };
      return { ok: 1 };
    }
    const failCommands = data.failCommands;
    if (!Array.isArray(failCommands)) fail("BadValue", "failCommand requires data.failCommands");
    const settings: FailCommand = {
      failCommands: failCommands.map(String),
      errorCode: isNumber(data.errorCode) ? toDouble(data.errorCode) : undefined,
      errorLabels: Array.isArray(data.errorLabels) ? data.errorLabels.map(String) : undefined,
      closeConnection: Boolean(data.closeConnection),
      writeConcernError: data.writeConcernError as Document | undefined,
      blockConnection: Boolean(data.blockConnection),
      blockTimeMS: isNumber(data.blockTimeMS) ? toDouble(data.blockTimeMS) : 0,
      appName: typeof data.appName === "string" ? data.appName : undefined,
      errmsg: typeof data.errmsg === "string" ? data.errmsg : undefined,
    };
    const { times, skip } = parseMode(mode);
    this.#failCommand = { data: settings, times, skip };
    return { ok: 1 };
  }

  /** The onPrimaryTransactionalWrite settings if it fires for this retryable write. */
  takeTransactionalWrite(): TransactionalWriteFailure | undefined {
    const point = this.#transactionalWrite;
    if (!point) return undefined;
    if (point.skip > 0) {
      point.skip--;
      return undefined;
    }
    point.times--;
    if (point.times <= 0) this.#transactionalWrite = undefined;
    return point.data;
  }

  /** The fail point's settings if it fires for this command (consuming one activation). */
  take(command: string, appName: string | undefined): FailCommand | undefined {
    const point = this.#failCommand;
    if (!point?.data.failCommands.includes(command)) return undefined;
    if (point.data.appName !== undefined && point.data.appName !== appName) return undefined;
    if (point.skip > 0) {
      point.skip--;
      return undefined;
    }
    if (point.times <= 0) return undefined;
    point.times--;
    if (point.times <= 0) this.#failCommand = undefined;
    return point.data;
  }
}

function parseMode(mode: unknown): { times: number; skip: number } {
  if (mode === "alwaysOn") return { times: Number.POSITIVE_INFINITY, skip: 0 };
  if (mode && typeof mode === "object") {
    const m = mode as Document;
    if (m.activationProbability !== undefined) fail("BadValue", "activationProbability is not supported");
    return {
      times: m.times !== undefined ? toDouble(m.times) : Number.POSITIVE_INFINITY,
      skip: m.skip !== undefined ? toDouble(m.skip) : 0,
    };
  }
  fail("BadValue", `Invalid fail point mode: ${JSON.stringify(mode)}`);
}
