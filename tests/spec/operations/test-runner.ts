import type { ClientSession, MongoClient } from "mongodb";
import { describe } from "../bson-values.ts";
import { createEntities } from "../entities.ts";
import { assertEventMatches, type ObservedEvent } from "../events.ts";
import { MatchError } from "../matcher.ts";
import type { Document, EntityDescription } from "../types.ts";
import type { OperationContext } from "./context.ts";

/** Special operations (`object: testRunner`): fail points, assertions on sessions, collections, events. */

type RunnerOperation = (args: Document, context: OperationContext) => Promise<void>;

/** Driver session internals the session assertions read. */
interface SessionInternals {
  serverSession?: { isDirty?: boolean };
  transaction: { state: string };
  isPinned: boolean;
}

/** Driver client internals the topology assertions read. */
interface ClientInternals {
  topology?: { description: { type: string } };
}

const TRANSACTION_STATES: Record<string, string[]> = {
  none: ["NO_TRANSACTION"],
  starting: ["STARTING_TRANSACTION"],
  in_progress: ["TRANSACTION_IN_PROGRESS"],
  committed: ["TRANSACTION_COMMITTED", "TRANSACTION_COMMITTED_EMPTY"],
  aborted: ["TRANSACTION_ABORTED"],
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new MatchError({ path: "", message });
}

function session(args: Document, context: OperationContext): ClientSession {
  return context.entities.get(String(args.session), "session").session;
}

function internals(value: ClientSession): SessionInternals {
  return value as unknown as SessionInternals;
}

async function collectionNames(client: MongoClient, databaseName: string): Promise<string[]> {
  const infos = await client.db(databaseName).listCollections({}, { nameOnly: true }).toArray();
  return infos.map((info) => info.name);
}

async function indexNames(
  client: MongoClient,
  databaseName: string,
  collectionName: string,
): Promise<string[]> {
  try {
    const indexes = await client.db(databaseName).collection(collectionName).listIndexes().toArray();
    return indexes.map((index) => String(index.name));
  } catch (error) {
    if ((error as { code?: number }).code === 26) return [];
    throw error;
  }
}

function lastTwoLsids(args: Document, context: OperationContext): [string, string] {
  const { recorder } = context.entities.get(String(args.client), "client");
  const started = recorder.events.filter((event) => event.name === "commandStartedEvent");
  check(started.length >= 2, `expected at least two commandStartedEvents, got ${started.length}`);
  const lsids = started.slice(-2).map((event) => event.data.command?.lsid);
  check(
    lsids.every((lsid) => lsid !== undefined),
    "both of the last two commands must carry an lsid",
  );
  return lsids.map((lsid) => describe(lsid, 1000)) as [string, string];
}

function matchingEvents(args: Document, context: OperationContext): ObservedEvent[] {
  const { recorder } = context.entities.get(String(args.client), "client");
  return recorder.events.filter((event) => {
    try {
      assertEventMatches(args.event as Document, event, context.entities);
      return true;
    } catch (error) {
      if (error instanceof MatchError) return false;
      throw error;
    }
  });
}

export const runnerOperations: Record<string, RunnerOperation> = {
  failPoint: async (args, context) => {
    const { client } = context.entities.get(String(args.client), "client");
    await context.failPoints.enable(client, args.failPoint as Document);
  },
  targetedFailPoint: async (args, context) => {
    check(
      internals(session(args, context)).isPinned,
      "targetedFailPoint: the session is not pinned to a mongos",
    );
    const { clientId } = context.entities.get(String(args.session), "session");
    await context.failPoints.enable(
      context.entities.get(clientId, "client").client,
      args.failPoint as Document,
    );
  },
  assertSessionTransactionState: async (args, context) => {
    const expected = TRANSACTION_STATES[String(args.state)];
    if (!expected) throw new Error(`assertSessionTransactionState: unknown state ${args.state}`);
    const actual = internals(session(args, context)).transaction.state;
    check(expected.includes(actual), `expected transaction state ${args.state}, got ${actual}`);
  },
  assertSessionPinned: async (args, context) => {
    check(internals(session(args, context)).isPinned, "expected the session to be pinned");
  },
  assertSessionUnpinned: async (args, context) => {
    check(!internals(session(args, context)).isPinned, "expected the session to be unpinned");
  },
  assertSessionDirty: async (args, context) => {
    check(
      internals(session(args, context)).serverSession?.isDirty === true,
      "expected the session to be dirty",
    );
  },
  assertSessionNotDirty: async (args, context) => {
    check(
      internals(session(args, context)).serverSession?.isDirty !== true,
      "expected the session not to be dirty",
    );
  },
  assertSameLsidOnLastTwoCommands: async (args, context) => {
    const [a, b] = lastTwoLsids(args, context);
    check(a === b, `expected the same lsid on the last two commands, got ${a} and ${b}`);
  },
  assertDifferentLsidOnLastTwoCommands: async (args, context) => {
    const [a, b] = lastTwoLsids(args, context);
    check(a !== b, `expected different lsids on the last two commands, got ${a} twice`);
  },
  assertCollectionExists: async (args, context) => {
    const names = await collectionNames(context.internalClient, String(args.databaseName));
    check(
      names.includes(String(args.collectionName)),
      `collection ${args.databaseName}.${args.collectionName} does not exist`,
    );
  },
  assertCollectionNotExists: async (args, context) => {
    const names = await collectionNames(context.internalClient, String(args.databaseName));
    check(
      !names.includes(String(args.collectionName)),
      `collection ${args.databaseName}.${args.collectionName} exists`,
    );
  },
  assertIndexExists: async (args, context) => {
    const names = await indexNames(
      context.internalClient,
      String(args.databaseName),
      String(args.collectionName),
    );
    check(
      names.includes(String(args.indexName)),
      `index ${args.indexName} not found (indexes: ${names.join(", ")})`,
    );
  },
  assertIndexNotExists: async (args, context) => {
    const names = await indexNames(
      context.internalClient,
      String(args.databaseName),
      String(args.collectionName),
    );
    check(!names.includes(String(args.indexName)), `index ${args.indexName} exists`);
  },
  assertNumberConnectionsCheckedOut: async (args, context) => {
    const { recorder } = context.entities.get(String(args.client), "client");
    const expected = Number(args.connections);
    check(
      recorder.checkedOut === expected,
      `expected ${expected} connections checked out, got ${recorder.checkedOut}`,
    );
  },
  assertEventCount: async (args, context) => {
    const count = matchingEvents(args, context).length;
    check(count === Number(args.count), `expected ${args.count} matching events, got ${count}`);
  },
  waitForEvent: async (args, context) => {
    const deadline = Date.now() + 10_000;
    while (matchingEvents(args, context).length < Number(args.count)) {
      check(Date.now() < deadline, `waited 10s for ${args.count} events matching ${describe(args.event)}`);
      await Bun.sleep(20);
    }
  },
  createEntities: async (args, context) => {
    await createEntities(args.entities as EntityDescription[], context.entities, context.uri);
  },
  recordTopologyDescription: async (args, context) => {
    const { client } = context.entities.get(String(args.client), "client");
    const description = (client as unknown as ClientInternals).topology?.description;
    check(description !== undefined, "recordTopologyDescription: the client has no topology yet");
    context.entities.set(String(args.id), "value", { type: description!.type });
  },
  assertTopologyType: async (args, context) => {
    const description = context.entities.get(String(args.topologyDescription), "value") as { type: string };
    check(
      description.type === args.topologyType,
      `expected topology ${args.topologyType}, got ${description.type}`,
    );
  },
  wait: async (args) => {
    await Bun.sleep(Number(args.ms));
  },
};
