import { describe, expect, test } from "bun:test";
import type { MongoServerError } from "mongodb";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

const winningStages = (plan: Record<string, any>): string[] => {
  const stages: string[] = [];
  for (let stage = plan.queryPlanner.winningPlan; stage; stage = stage.inputStage) stages.push(stage.stage);
  return stages;
};

describe("indexes", () => {
  test("createIndexes, listIndexes, dropIndexes", async () => {
    const coll = ctx.db.collection<Loose>("ix");
    expect(await coll.createIndex({ a: 1 })).toBe("a_1");
    expect(await coll.createIndex({ b: -1, c: 1 }, { name: "bc" })).toBe("bc");
    expect(await coll.createIndex({ a: 1 })).toBe("a_1");
    const names = (await coll.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(["_id_", "a_1", "bc"]);
    await coll.dropIndex("bc");
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(["_id_", "a_1"]);
    const missing = await coll.dropIndex("nope").catch((e) => e);
    expect(missing.code).toBe(27);
  });

  test("a query on an indexed field uses the index and explain says IXSCAN; otherwise COLLSCAN", async () => {
    const coll = ctx.db.collection<Loose>("explained");
    await coll.insertMany(Array.from({ length: 200 }, (_, i) => ({ n: i, m: i % 7 })));
    await coll.createIndex({ n: 1 });
    const indexed = await coll.find({ n: { $gte: 10, $lt: 20 } }).explain("executionStats");
    expect(winningStages(indexed)).toContain("IXSCAN");
    expect(indexed.executionStats.nReturned).toBe(10);
    expect(indexed.executionStats.totalDocsExamined).toBe(10);
    const scan = await coll.find({ m: 3 }).explain("executionStats");
    expect(winningStages(scan)).toContain("COLLSCAN");
    expect(scan.executionStats.totalDocsExamined).toBe(200);
    expect(await coll.countDocuments({ n: { $gte: 10, $lt: 20 } })).toBe(10);
  });

  test("descending and compound indexes answer equality and range queries correctly", async () => {
    const coll = ctx.db.collection<Loose>("compound");
    await coll.insertMany(Array.from({ length: 100 }, (_, i) => ({ a: i % 10, b: i })));
    await coll.createIndex({ a: -1, b: 1 });
    const found = await coll.find({ a: 3 }).toArray();
    expect(found.map((d) => d.b).sort((x, y) => x - y)).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93]);
    expect(await coll.countDocuments({ a: { $gt: 7 } })).toBe(20);
    expect(await coll.countDocuments({ a: { $lte: 1 } })).toBe(20);
    expect(await coll.countDocuments({ a: { $in: [0, 9] } })).toBe(20);
  });

  test("multikey indexes index each array element", async () => {
    const coll = ctx.db.collection<Loose>("multikey");
    await coll.createIndex({ tags: 1 });
    await coll.insertMany([{ tags: ["x", "y"] }, { tags: ["y"] }, { tags: "x" }, { tags: [] }]);
    expect(await coll.countDocuments({ tags: "x" })).toBe(2);
    expect(await coll.countDocuments({ tags: "y" })).toBe(2);
    const plan = await coll.find({ tags: "y" }).explain();
    expect(JSON.stringify(plan)).toContain('"isMultiKey":true');
  });

  test("unique index: E11000 with keyPattern and keyValue, and nothing half-written", async () => {
    const coll = ctx.db.collection<Loose>("unique");
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: "a@x" });
    const error: MongoServerError = await coll.insertOne({ email: "a@x", other: 1 }).catch((e) => e);
    expect(error.code).toBe(11000);
    expect(error.message).toContain("index: email_1 dup key");
    expect(error.keyPattern).toEqual({ email: 1 });
    expect(error.keyValue).toEqual({ email: "a@x" });
    expect(await coll.countDocuments()).toBe(1);
    await coll.insertOne({ email: "b@x" });
    const update = await coll.updateOne({ email: "b@x" }, { $set: { email: "a@x" } }).catch((e) => e);
    expect(update.code).toBe(11000);
    expect(await coll.countDocuments({ email: "b@x" })).toBe(1);
  });

  test("creating a unique index over duplicates fails and leaves no index", async () => {
    const coll = ctx.db.collection<Loose>("unique_build");
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    const error = await coll.createIndex({ k: 1 }, { unique: true }).catch((e) => e);
    expect(error.code).toBe(11000);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(["_id_"]);
  });

  test("sparse and partial unique indexes skip documents they do not cover", async () => {
    const sparse = ctx.db.collection<Loose>("sparse");
    await sparse.createIndex({ s: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { s: 1 }]);
    expect(await sparse.countDocuments()).toBe(3);
    const partial = ctx.db.collection<Loose>("partial");
    await partial.createIndex({ p: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await partial.insertMany([
      { p: 1, active: false },
      { p: 1, active: false },
      { p: 1, active: true },
    ]);
    const error = await partial.insertOne({ p: 1, active: true }).catch((e) => e);
    expect(error.code).toBe(11000);
  });

  test("unique compound index with a missing field indexes null", async () => {
    const coll = ctx.db.collection<Loose>("unique_missing");
    await coll.createIndex({ x: 1 }, { unique: true });
    await coll.insertOne({ y: 1 });
    const error = await coll.insertOne({ y: 2 }).catch((e) => e);
    expect(error.code).toBe(11000);
  });
});

describe("planner corner cases", () => {
  test("a collated query does not use a byte-ordered index for strings", async () => {
    const coll = ctx.db.collection<Loose>("collated");
    await coll.createIndex({ name: 1 });
    await coll.insertMany([{ name: "abc" }, { name: "ABC" }, { name: "abd" }]);
    const found = await coll.find({ name: "abc" }, { collation: { locale: "en", strength: 2 } }).toArray();
    expect(found.map((d) => d.name).sort()).toEqual(["ABC", "abc"]);
  });

  test("range bounds stay inside the value's type bracket on ascending and descending indexes", async () => {
    for (const direction of [1, -1] as const) {
      const coll = ctx.db.collection<Loose>(`bracket_${direction === 1 ? "asc" : "desc"}`);
      await coll.createIndex({ v: direction });
      await coll.insertMany([{ v: 1 }, { v: 5 }, { v: "7" }, { v: 10 }, { v: null }, { v: new Date(0) }]);
      const gt = await coll.find({ v: { $gt: 4 } }).explain("executionStats");
      expect(gt.executionStats.nReturned).toBe(2);
      expect(gt.executionStats.totalDocsExamined).toBe(2);
      expect(await coll.countDocuments({ v: { $lt: 6 } })).toBe(2);
      expect(await coll.countDocuments({ v: { $gte: "" } })).toBe(1);
    }
  });

  test("$natural sorts in insertion order, forwards and backwards", async () => {
    const coll = ctx.db.collection<Loose>("natural");
    await coll.insertMany([{ _id: 3 }, { _id: 1 }, { _id: 2 }]);
    expect((await coll.find().sort({ $natural: 1 }).toArray()).map((d) => d._id)).toEqual([3, 1, 2]);
    expect((await coll.find().sort({ $natural: -1 }).toArray()).map((d) => d._id)).toEqual([2, 1, 3]);
  });
});

describe("multikey ranges", () => {
  test("a range on a multikey index matches arrays whose elements meet each bound separately", async () => {
    const coll = ctx.db.collection<Loose>("multikey_range");
    await coll.createIndex({ a: 1 });
    await coll.insertMany([
      { _id: 1, a: [1, 10] },
      { _id: 2, a: [3] },
      { _id: 3, a: 7 },
    ]);
    const found = await coll
      .find({ a: { $gt: 2, $lt: 5 } })
      .sort({ _id: 1 })
      .toArray();
    expect(found.map((d) => d._id)).toEqual([1, 2]);
  });

  test("an exact range scan on a plain index returns exactly the matches without re-checking", async () => {
    const coll = ctx.db.collection<Loose>("exact_range");
    await coll.createIndex({ n: 1 });
    await coll.insertMany([{ n: 1 }, { n: 2.5 }, { n: "2" }, { n: 3 }, { n: null }, {}]);
    expect((await coll.find({ n: { $gte: 2, $lte: 3 } }).toArray()).map((d) => d.n)).toEqual([2.5, 3]);
    expect((await coll.find({ n: { $gt: "1" } }).toArray()).map((d) => d.n)).toEqual(["2"]);
  });
});

describe("TTL and capped collections", () => {
  test("a TTL index expires old documents on the monitor's pass", async () => {
    const { startServer } = await import("../../src/server/index.ts");
    const { MongoClient } = await import("mongodb");
    const server = await startServer({ port: 0, ttlIntervalMs: 100 });
    const client = await MongoClient.connect(server.uri);
    try {
      const coll = client.db("ttl").collection<Loose>("sessions");
      await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 60 });
      await coll.insertMany([
        { _id: "old", createdAt: new Date(Date.now() - 120_000) },
        { _id: "new", createdAt: new Date() },
        { _id: "array", createdAt: [new Date(), new Date(Date.now() - 600_000)] },
        { _id: "no-date", createdAt: "yesterday" },
      ]);
      await Bun.sleep(400);
      expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(["new", "no-date"]);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test("a capped collection keeps the newest documents within max and size", async () => {
    await ctx.db.createCollection("capped_log", { capped: true, size: 100_000, max: 3 });
    const coll = ctx.db.collection<Loose>("capped_log");
    for (let i = 0; i < 10; i++) await coll.insertOne({ i });
    expect((await coll.find().toArray()).map((d) => d.i)).toEqual([7, 8, 9]);
    await ctx.db.createCollection("capped_bytes", { capped: true, size: 1000 });
    const bytes = ctx.db.collection<Loose>("capped_bytes");
    for (let i = 0; i < 50; i++) await bytes.insertOne({ i, pad: "x".repeat(90) });
    const kept = await bytes.find().toArray();
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)!.i).toBe(49);
  });
});
