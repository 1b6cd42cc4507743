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

/** Fail points set by `configureFailPoint` (only `failCommand` is supported). */
export class FailPoints {
  #failCommand: ArmedFailPoint | undefined;

  configure(cmd: Document): Document {
    const name = cmd.configureFailPoint;
    if (name !== "failCommand") fail("BadValue", `Unknown fail point: ${String(name)}`);
    const mode = cmd.mode;
    if (mode === "off") {
      this.#failCommand = undefined;
      return { ok: 1 };
    }
    const data = (cmd.data ?? {}) as Document;
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
    let times = Number.POSITIVE_INFINITY;
    let skip = 0;
    if (mode === "alwaysOn") times = Number.POSITIVE_INFINITY;
    else if (mode && typeof mode === "object") {
      const m = mode as Document;
      if (m.times !== undefined) times = toDouble(m.times);
      if (m.skip !== undefined) skip = toDouble(m.skip);
      if (m.activationProbability !== undefined) fail("BadValue", "activationProbability is not supported");
    } else fail("BadValue", `Invalid fail point mode: ${JSON.stringify(mode)}`);
    this.#failCommand = { data: settings, times, skip };
    return { ok: 1 };
  }

  /** The fail point's settings if it fires for this command (consuming one activation). */
  take(command: string, appName: string | undefined): FailCommand | undefined {
    const point = this.#failCommand;
    if (!point || !point.data.failCommands.includes(command)) return undefined;
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
