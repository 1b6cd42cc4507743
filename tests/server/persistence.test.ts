import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { spawnServer, startServer } from "../../src/server/index.ts";

describe("storage on disk", () => {
  test("data and indexes in --dbpath survive a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "db-persist-"));
    try {
      let server = await startServer({ port: 0, dbPath: dir });
      let client = await MongoClient.connect(server.uri);
      await client.db("app").collection("c").createIndex({ k: 1 }, { unique: true });
      await client
        .db("app")
        .collection("c")
        .insertMany([{ k: 1 }, { k: 2 }]);
      await client.close();
      await server.close();

      server = await startServer({ port: 0, dbPath: dir });
      client = await MongoClient.connect(server.uri);
      const coll = client.db("app").collection("c");
      expect(await coll.countDocuments()).toBe(2);
      expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(["_id_", "k_1"]);
      const dup = await coll.insertOne({ k: 1 }).catch((e) => e);
      expect(dup.code).toBe(11000);
      await client.close();
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("serve prints the URI alone on a line and closes cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "db-serve-"));
    try {
      const served = await spawnServer({ dbPath: dir });
      const { uri } = served;
      expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const client = await MongoClient.connect(uri);
      await client.db("app").collection("c").insertOne({ ok: true });
      await client.close();
      expect(await served.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every acknowledged write survives kill -9 of the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "db-kill-"));
    try {
      const served = await spawnServer({ dbPath: dir });
      const { uri } = served;
      const client = await MongoClient.connect(uri, { retryWrites: false, serverSelectionTimeoutMS: 2000 });
      const coll = client.db("app").collection("acks");
      const acknowledged: number[] = [];
      const writer = (async () => {
        for (let i = 0; i < 100_000; i++) {
          try {
            await coll.insertOne({ _id: i as never, payload: "x".repeat(100) });
            acknowledged.push(i);
          } catch {
            return;
          }
        }
      })();
      await Bun.sleep(400);
      await served.stop("SIGKILL");
      await writer;
      await client.close(true);
      expect(acknowledged.length).toBeGreaterThan(10);

      const server = await startServer({ port: 0, dbPath: dir });
      const check = await MongoClient.connect(server.uri);
      const stored = new Set(
        (
          await check
            .db("app")
            .collection("acks")
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id as unknown as number),
      );
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      await check.close();
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
