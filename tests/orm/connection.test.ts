import { afterEach, describe, expect, test } from "bun:test";
import {
  ConnectionError,
  connect,
  Document,
  disconnect,
  disconnectAll,
  getConnection,
  Type,
} from "../../src/index.ts";

class Event extends Document("events", { name: Type.String() }, { connection: "analytics" }) {}
class Note extends Document("notes", { text: Type.String() }) {}

afterEach(() => disconnectAll());

describe("connections", () => {
  test("connect() without a URI starts the embedded server, disconnect() stops it", async () => {
    const saved = { data: process.env.DATA_BRIDGE_URI, mongo: process.env.MONGODB_URI };
    delete process.env.DATA_BRIDGE_URI;
    delete process.env.MONGODB_URI;
    try {
      const connection = await connect();
      expect(connection.embedded).toBe(true);
      expect(connection.db.databaseName).toBe("data_bridge");
      await Note.insert({ text: "hi" });
      expect(await Note.count()).toBe(1);
      const uri = connection.uri;
      await disconnect();
      await expect(Note.count()).rejects.toBeInstanceOf(ConnectionError);
      const { MongoClient } = await import("mongodb");
      await expect(new MongoClient(uri, { serverSelectionTimeoutMS: 300 }).connect()).rejects.toThrow();
    } finally {
      if (saved.data !== undefined) process.env.DATA_BRIDGE_URI = saved.data;
      if (saved.mongo !== undefined) process.env.MONGODB_URI = saved.mongo;
    }
  });

  test("DATA_BRIDGE_URI wins over the embedded server; options go to the driver", async () => {
    const server = await connect(undefined, { name: "server" });
    const saved = process.env.DATA_BRIDGE_URI;
    process.env.DATA_BRIDGE_URI = `${server.uri}fromenv`;
    try {
      const connection = await connect(undefined, { maxPoolSize: 7, appName: "orm-test" });
      expect(connection.embedded).toBe(false);
      expect(connection.db.databaseName).toBe("fromenv");
      expect(connection.client.options.maxPoolSize).toBe(7);
      expect(connection.client.options.appName).toBe("orm-test");
    } finally {
      if (saved === undefined) delete process.env.DATA_BRIDGE_URI;
      else process.env.DATA_BRIDGE_URI = saved;
    }
  });

  test("named connections: a model bound to one uses it", async () => {
    const main = await connect(undefined, { dbName: "main" });
    await connect(main.uri, { name: "analytics", dbName: "analytics" });
    await Event.insert({ name: "click" });
    await Note.insert({ text: "x" });
    expect(await getConnection("analytics").db.collection("events").countDocuments()).toBe(1);
    expect(await main.db.collection("events").countDocuments()).toBe(0);
    expect(await main.db.collection("notes").countDocuments()).toBe(1);
    await main.db.dropDatabase();
    await getConnection("analytics").db.dropDatabase();
  });

  test("clear errors: unknown or duplicate connection names", async () => {
    expect(() => getConnection("nope")).toThrow(/no connection named "nope"/);
    await expect(Event.count()).rejects.toThrow(ConnectionError);
    await connect(undefined, { name: "twice" });
    await expect(connect(undefined, { name: "twice" })).rejects.toThrow(/already open/);
    await expect(
      connect("mongodb://127.0.0.1:1/", { name: "bad", serverSelectionTimeoutMS: 200 }),
    ).rejects.toThrow(ConnectionError);
  });
});
