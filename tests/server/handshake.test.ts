import { describe, expect, test } from "bun:test";
import { Long, MongoClient } from "mongodb";
import { useServer } from "./harness.ts";

const ctx = useServer();

describe("handshake and server info", () => {
  test("hello presents a one-member replica set at the address clients use", async () => {
    const hello = await ctx.db.admin().command({ hello: 1 });
    const address = ctx.server.uri.replace("mongodb://", "").replace("/", "");
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBe("rs0");
    expect(hello.hosts).toEqual([address]);
    expect(hello.me).toBe(address);
    expect(hello.primary).toBe(address);
    expect(hello.minWireVersion).toBe(0);
    expect(hello.maxWireVersion).toBe(21);
    expect(hello.logicalSessionTimeoutMinutes).toBe(30);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBe(48_000_000);
    expect(hello.maxWriteBatchSize).toBe(100_000);
  });

  test("legacy isMaster answers ismaster", async () => {
    const reply = await ctx.db.admin().command({ isMaster: 1 });
    expect(reply.ismaster).toBe(true);
  });

  test("ping, buildInfo, getParameter, serverStatus, connectionStatus, whatsmyuri, getLog, endSessions", async () => {
    const admin = ctx.db.admin();
    expect((await admin.command({ ping: 1 })).ok).toBe(1);
    const info = await admin.command({ buildInfo: 1 });
    expect(info.version).toBe("7.0.0");
    expect(info.versionArray).toEqual([7, 0, 0, 0]);
    const fcv = await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(fcv.featureCompatibilityVersion.version).toBe("7.0");
    const status = await admin.command({ serverStatus: 1 });
    expect(status.connections.current).toBeGreaterThan(0);
    expect((await admin.command({ connectionStatus: 1 })).authInfo.authenticatedUsers).toEqual([]);
    expect(typeof (await admin.command({ whatsmyuri: 1 })).you).toBe("string");
    expect((await admin.command({ getLog: "*" })).names).toContain("global");
    expect((await admin.command({ endSessions: [] })).ok).toBe(1);
  });

  test("an unknown command answers CommandNotFound (59)", async () => {
    const error = await ctx.db.command({ noSuchThing: 1 }).catch((e) => e);
    expect(error.code).toBe(59);
    expect(error.codeName).toBe("CommandNotFound");
  });

  test("directConnection=true works as well as discovery", async () => {
    const client = new MongoClient(`${ctx.server.uri}?directConnection=true`);
    await client.connect();
    expect((await client.db("admin").command({ ping: 1 })).ok).toBe(1);
    await client.close();
  });

  test("cursor ids are int64", async () => {
    const coll = ctx.db.collection("cursors");
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const reply = await ctx.db.command({ find: "cursors", batchSize: 2 }, { promoteLongs: false });
    expect(reply.cursor.id).toBeInstanceOf(Long);
    expect(reply.cursor.id.isZero()).toBe(false);
  });
});
