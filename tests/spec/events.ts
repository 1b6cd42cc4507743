import type { MongoClient } from "mongodb";
import { describe, isDocument, toDocumentTree } from "./bson-values.ts";
import { assertMatches, type MatchEntities, MatchError } from "./matcher.ts";
import type { Document, ExpectedEventsForClient } from "./types.ts";

/**
 * Event observation for client entities: which driver event feeds which unified-format event
 * name, which commands are never observed, and matching of `expectEvents`.
 */

export type EventFamily = "command" | "cmap" | "sdam";

/** An observed event: its unified-format name plus the driver event's fields. */
export interface ObservedEvent {
  name: string;
  family: EventFamily;
  data: Record<string, any>;
}

/** unified-format event name -> [driver event name, family]. */
const EVENT_SOURCES: Record<string, [string, EventFamily]> = {
  commandStartedEvent: ["commandStarted", "command"],
  commandSucceededEvent: ["commandSucceeded", "command"],
  commandFailedEvent: ["commandFailed", "command"],
  poolCreatedEvent: ["connectionPoolCreated", "cmap"],
  poolReadyEvent: ["connectionPoolReady", "cmap"],
  poolClearedEvent: ["connectionPoolCleared", "cmap"],
  poolClosedEvent: ["connectionPoolClosed", "cmap"],
  connectionCreatedEvent: ["connectionCreated", "cmap"],
  connectionReadyEvent: ["connectionReady", "cmap"],
  connectionClosedEvent: ["connectionClosed", "cmap"],
  connectionCheckOutStartedEvent: ["connectionCheckOutStarted", "cmap"],
  connectionCheckOutFailedEvent: ["connectionCheckOutFailed", "cmap"],
  connectionCheckedOutEvent: ["connectionCheckedOut", "cmap"],
  connectionCheckedInEvent: ["connectionCheckedIn", "cmap"],
  serverDescriptionChangedEvent: ["serverDescriptionChanged", "sdam"],
  serverHeartbeatStartedEvent: ["serverHeartbeatStarted", "sdam"],
  serverHeartbeatSucceededEvent: ["serverHeartbeatSucceeded", "sdam"],
  serverHeartbeatFailedEvent: ["serverHeartbeatFailed", "sdam"],
  topologyDescriptionChangedEvent: ["topologyDescriptionChanged", "sdam"],
};

/** Commands whose events carry credentials (Command Logging and Monitoring spec, "Security"). */
const SENSITIVE_COMMANDS = new Set([
  "authenticate",
  "saslstart",
  "saslcontinue",
  "getnonce",
  "createuser",
  "updateuser",
  "copydbgetnonce",
  "copydbsaslstart",
  "copydb",
]);

/** True when the unified format knows the event name. */
export function isKnownEvent(name: string): boolean {
  return Object.hasOwn(EVENT_SOURCES, name);
}

export interface EventRecorderOptions {
  observeEvents: readonly string[];
  ignoreCommandMonitoringEvents?: readonly string[];
  observeSensitiveCommands?: boolean;
}

/** Collects a client's events while a test's operations run. */
export class EventRecorder {
  readonly events: ObservedEvent[] = [];
  /** Connections checked out minus checked in, counted whether or not CMAP events are observed. */
  checkedOut = 0;
  #recording = true;
  readonly #ignored: Set<string>;
  readonly #observeSensitive: boolean;

  constructor(client: MongoClient, options: EventRecorderOptions) {
    this.#ignored = new Set(
      ["configurefailpoint", ...(options.ignoreCommandMonitoringEvents ?? [])].map(lower),
    );
    this.#observeSensitive = options.observeSensitiveCommands ?? false;
    for (const name of options.observeEvents) {
      const source = EVENT_SOURCES[name];
      if (!source) throw new Error(`observeEvents: unknown event type ${name}`);
      const [driverEvent, family] = source;
      client.on(driverEvent as "commandStarted", (event: object) => this.#record(name, family, event));
    }
    client.on("connectionCheckedOut", () => this.checkedOut++);
    client.on("connectionCheckedIn", () => this.checkedOut--);
  }

  /** Stops collecting, so cleanup commands (endSessions, killCursors) are not observed. */
  stop(): void {
    this.#recording = false;
  }

  /** The recorded events of one family, oldest first. */
  ofFamily(family: EventFamily): ObservedEvent[] {
    return this.events.filter((event) => event.family === family);
  }

  #record(name: string, family: EventFamily, event: object): void {
    if (!this.#recording) return;
    const data = event as Record<string, any>;
    if (family === "command") {
      if (this.#isIgnoredCommand(data)) return;
      // The driver builds parts of commands as Maps (e.g. `sort`); match them as documents.
      this.events.push({
        name,
        family,
        data: { ...data, command: toDocumentTree(data.command), reply: toDocumentTree(data.reply) },
      });
      return;
    }
    this.events.push({ name, family, data });
  }

  #isIgnoredCommand(event: Record<string, any>): boolean {
    const name = lower(String(event.commandName));
    if (this.#ignored.has(name)) return true;
    if (this.#observeSensitive) return false;
    if (SENSITIVE_COMMANDS.has(name)) return true;
    // hello with speculativeAuthenticate is sensitive; the driver then redacts it to {}.
    const redacted =
      isDocument(event.command ?? event.reply) && Object.keys(event.command ?? event.reply).length === 0;
    return (name === "hello" || name === "ismaster") && redacted;
  }
}

function lower(text: string): string {
  return text.toLowerCase();
}

/**
 * Asserts that one observed event matches one `expectedEvent` object.
 *
 * @example
 * assertEventMatches({ commandStartedEvent: { commandName: "insert" } }, observed, entities);
 */
export function assertEventMatches(expected: Document, actual: ObservedEvent, entities: MatchEntities): void {
  const [name, fields] = Object.entries(expected)[0] ?? [];
  if (name === undefined || !isDocument(fields))
    throw new Error(`malformed expected event ${describe(expected)}`);
  if (name !== actual.name)
    throw new MatchError({ path: "", message: `expected ${name}, got ${actual.name}` });
  const data = actual.data;
  for (const [field, value] of Object.entries(fields)) {
    switch (field) {
      case "command":
      case "reply":
        assertMatches(value, data[field], { root: true, entities });
        break;
      case "commandName":
      case "databaseName":
      case "interruptInUseConnections":
      case "reason":
      case "awaited":
        if (data[field] !== value) {
          throw new MatchError({
            path: field,
            message: `expected ${describe(value)}, got ${describe(data[field])}`,
          });
        }
        break;
      case "hasServiceId":
        expectFlag(field, value, isNonEmptyObjectId(data.serviceId));
        break;
      case "hasServerConnectionId":
        expectFlag(field, value, isPositive(data.serverConnectionId));
        break;
      case "previousDescription":
      case "newDescription":
        assertMatches(value, { type: data[field]?.type }, { root: true, entities });
        break;
      default:
        throw new Error(`unsupported expected event field ${name}.${field}`);
    }
  }
}

function expectFlag(field: string, expected: unknown, actual: boolean): void {
  if (Boolean(expected) !== actual)
    throw new MatchError({ path: field, message: `expected ${expected}, got ${actual}` });
}

function isNonEmptyObjectId(value: unknown): boolean {
  if (value == null || typeof (value as { toHexString?: unknown }).toHexString !== "function") return false;
  return !/^0+$/.test((value as { toHexString(): string }).toHexString());
}

function isPositive(value: unknown): boolean {
  return (typeof value === "number" || typeof value === "bigint") && value > 0;
}

/**
 * Asserts one `expectEvents` entry against a client's recorded events: same count (or at least
 * as many with `ignoreExtraEvents`) and each in order matching.
 */
export function assertEventsForClient(
  expected: ExpectedEventsForClient,
  recorder: EventRecorder,
  entities: MatchEntities,
): void {
  const actual = recorder.ofFamily(expected.eventType ?? "command");
  const wanted = expected.events;
  const countOk = expected.ignoreExtraEvents
    ? actual.length >= wanted.length
    : actual.length === wanted.length;
  if (!countOk) {
    throw new MatchError({
      path: `expectEvents[${expected.client}]`,
      message: `expected ${wanted.length} events, got ${actual.length}: ${summarize(actual)}`,
    });
  }
  wanted.forEach((event, i) => {
    try {
      assertEventMatches(event, actual[i]!, entities);
    } catch (error) {
      if (!(error instanceof MatchError)) throw error;
      throw new MatchError({
        path: `expectEvents[${expected.client}][${i}]${error.path ? `.${error.path}` : ""}`,
        message: `${error.detail} (event ${describeEvent(actual[i]!)})`,
      });
    }
  });
}

/** "commandStartedEvent insert, commandSucceededEvent insert, ..." */
export function summarize(events: readonly ObservedEvent[]): string {
  return events
    .map((event) => `${event.name}${event.data.commandName ? ` ${event.data.commandName}` : ""}`)
    .join(", ");
}

function describeEvent(event: ObservedEvent): string {
  const body = event.data.command ?? event.data.reply ?? event.data.failure?.message;
  return `${event.name} ${event.data.commandName ?? ""} ${describe(body, 240)}`.trim();
}
