import { afterAll, describe, expect, test } from "bun:test";
import { Binary, Int32, Long } from "bson";
import { MongoClient, ReadPreference } from "mongodb";
import { withUriOptions } from "./entities.ts";
import { assertEventsForClient, EventRecorder } from "./events.ts";
import { compareVersions, parseExtendedJson } from "./load.ts";
import type { MatchEntities } from "./matcher.ts";
import { prepareArguments } from "./options.ts";
import { type ServerInfo, skipReasonFor, unmetRequirement } from "./requirements.ts";

const server: ServerInfo = {
  version: "7.0.0",
  topology: "replicaset",
  auth: false,
  serverless: false,
  csfle: false,
  parameter: async (name) => (name === "enableTestCommands" ? true : undefined),
};

describe("runOnRequirements", () => {
  test("versions compare numerically by component", () => {
    expect(compareVersions("4.0.10", "4.0.9")).toBeGreaterThan(0);
    expect(compareVersions("3.6", "4.2.0")).toBeLessThan(0);
    expect(compareVersions("7.0", "7.0.0")).toBe(0);
    expect(compareVersions("4.9.0-alpha4-271-g7d5cf02", "4.9")).toBe(0);
  });

  test("version bounds are inclusive", async () => {
    expect(await unmetRequirement({ minServerVersion: "7.0" }, server)).toBeUndefined();
    expect(await unmetRequirement({ maxServerVersion: "7.0.0" }, server)).toBeUndefined();
    expect(await unmetRequirement({ minServerVersion: "8.0" }, server)).toContain(">= 8.0");
    expect(await unmetRequirement({ maxServerVersion: "4.2.99" }, server)).toContain("<= 4.2.99");
  });

  test("topology, serverless, auth and csfle", async () => {
    expect(await unmetRequirement({ topologies: ["single", "replicaset"] }, server)).toBeUndefined();
    expect(await unmetRequirement({ topologies: ["sharded", "load-balanced"] }, server)).toContain(
      "topology",
    );
    expect(await unmetRequirement({ serverless: "forbid" }, server)).toBeUndefined();
    expect(await unmetRequirement({ serverless: "require" }, server)).toBeDefined();
    expect(await unmetRequirement({ auth: false }, server)).toBeUndefined();
    expect(await unmetRequirement({ auth: true }, server)).toContain("authentication");
    expect(await unmetRequirement({ csfle: true }, server)).toContain("encryption");
  });

  test("server parameters compare with flexible numerics; unknown ones are unmet", async () => {
    expect(
      await unmetRequirement({ serverParameters: { enableTestCommands: true } }, server),
    ).toBeUndefined();
    expect(await unmetRequirement({ serverParameters: { nope: new Int32(1) } }, server)).toContain("unknown");
  });

  test("a list is met when any requirement is; otherwise every reason is given", async () => {
    expect(
      await skipReasonFor([{ minServerVersion: "9.0" }, { topologies: ["replicaset"] }], server),
    ).toBeUndefined();
    const reason = await skipReasonFor([{ minServerVersion: "9.0" }, { topologies: ["sharded"] }], server);
    expect(reason).toContain(">= 9.0");
    expect(reason).toContain("sharded");
    expect(await skipReasonFor(undefined, server)).toBeUndefined();
  });
});

describe("arguments and options", () => {
  test("top-level numbers are unwrapped, documents keep their BSON types", () => {
    const args = parseExtendedJson(
      '{"filter": {"x": 1}, "limit": 2, "hint": "x_1", "batchSize": 3}',
    ) as Record<string, unknown>;
    const prepared = prepareArguments(args, () => {
      throw new Error("no session");
    });
    expect(prepared.limit).toBe(2);
    expect(prepared.batchSize).toBe(3);
    expect((prepared.filter as { x: unknown }).x).toBeInstanceOf(Int32);
  });

  test("writeConcern becomes plain numbers, readPreference a ReadPreference, returnDocument is checked", () => {
    const prepared = prepareArguments(
      {
        writeConcern: { w: new Int32(0) },
        readPreference: { mode: "secondaryPreferred" },
        returnDocument: "After",
      },
      () => {
        throw new Error("no session");
      },
    );
    expect(prepared.writeConcern).toEqual({ w: 0 });
    expect(prepared.readPreference).toBeInstanceOf(ReadPreference);
    expect(prepared.returnDocument).toBe("after");
    expect(() => prepareArguments({ returnDocument: "sideways" }, () => undefined as never)).toThrow(
      "returnDocument",
    );
  });

  test("uriOptions override the connection string and add a fast server selection timeout", () => {
    const uri = withUriOptions("mongodb://127.0.0.1:27017/?retryWrites=true", {
      retryWrites: false,
      heartbeatFrequencyMS: new Int32(500),
      appname: "x",
    });
    const params = new URL(uri).searchParams;
    expect(params.get("retryWrites")).toBe("false");
    expect(params.get("heartbeatFrequencyMS")).toBe("500");
    expect(params.get("appname")).toBe("x");
    expect(params.get("serverSelectionTimeoutMS")).toBe("5000");
  });
});

describe("event observation and matching", () => {
  const client = new MongoClient("mongodb://127.0.0.1:1/");
  afterAll(() => client.close());
  const lsid = { id: new Binary(Buffer.alloc(16, 1), 4) };
  const entities: MatchEntities = { sessionLsid: () => lsid, bsonEntity: () => undefined };

  const started = (commandName: string, command: object) =>
    client.emit("commandStarted", { commandName, databaseName: "db", command } as never);

  test("configureFailPoint, ignored and sensitive commands are not recorded", () => {
    const recorder = new EventRecorder(client, {
      observeEvents: ["commandStartedEvent"],
      ignoreCommandMonitoringEvents: ["killCursors"],
    });
    started("configureFailPoint", { configureFailPoint: "failCommand" });
    started("killCursors", { killCursors: "c" });
    started("saslStart", {});
    started("hello", {});
    started("insert", { insert: "c", lsid });
    recorder.stop();
    started("endSessions", {});
    expect(recorder.events.map((event) => event.data.commandName)).toEqual(["insert"]);
  });

  test("observeSensitiveCommands keeps sensitive commands", () => {
    const recorder = new EventRecorder(client, {
      observeEvents: ["commandStartedEvent"],
      observeSensitiveCommands: true,
    });
    started("getnonce", {});
    recorder.stop();
    expect(recorder.events).toHaveLength(1);
  });

  test("expected events match in order, as root documents, with ignoreExtraEvents", () => {
    const recorder = new EventRecorder(client, { observeEvents: ["commandStartedEvent"] });
    started("insert", { insert: "c", documents: [{ _id: 1 }], ordered: true, lsid, $db: "db" });
    started("find", { find: "c", filter: {}, lsid, $db: "db" });
    recorder.stop();
    const insert = {
      commandStartedEvent: {
        command: { insert: "c", documents: [{ _id: new Long(1) }], lsid: { $$sessionLsid: "session0" } },
        commandName: "insert",
        databaseName: "db",
      },
    };
    expect(() => assertEventsForClient({ client: "c0", events: [insert] }, recorder, entities)).toThrow(
      "expected 1 events, got 2",
    );
    assertEventsForClient({ client: "c0", events: [insert], ignoreExtraEvents: true }, recorder, entities);
    const wrong = { commandStartedEvent: { command: { insert: "c", documents: [{ _id: 2 }] } } };
    expect(() =>
      assertEventsForClient({ client: "c0", events: [wrong], ignoreExtraEvents: true }, recorder, entities),
    ).toThrow("documents[0]._id");
  });
});
