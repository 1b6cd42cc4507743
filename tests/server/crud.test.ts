import { describe, expect, test } from "bun:test";
import {
  Decimal128,
  Double,
  Int32,
  Long,
  ObjectId,
  Binary,
  Timestamp,
  MinKey,
  MaxKey,
  BSONRegExp,
} from "mongodb";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

describe("insert, find, getMore, killCursors", () => {
  test("insertOne assigns an ObjectId _id first and find returns the document", async () => {
    const coll = ctx.db.collection<Loose>("people");
    const { insertedId } = await coll.insertOne({ name: "Ada", age: 36 });
    expect(insertedId).toBeInstanceOf(ObjectId);
    const found = await coll.findOne({ name: "Ada" });
    expect(Object.keys(found!)).toEqual(["_id", "name", "age"]);
    expect(found!._id.equals(insertedId)).toBe(true);
  });

  test("every BSON type and field order round-trip exactly", async () => {
    const coll = ctx.db.collection<Loose>("types", { promoteValues: false, promoteLongs: false } as never);
    const doc = {
      _id: 1,
      z: "last-first",
      int: new Int32(7),
      long: Long.fromString("9007199254740993"),
      double: new Double(2),
      decimal: Decimal128.fromString("1.10"),
      date: new Date(1700000000000),
      bin: new Binary(new Uint8Array([1, 2, 3]), 4),
      ts: new Timestamp({ t: 5, i: 6 }),
      regex: new BSONRegExp("^a", "i"),
      min: new MinKey(),
      max: new MaxKey(),
      nested: { b: 1, a: [1, "two", { three: 3 }] },
      nul: null,
      bool: false,
    };
    await coll.insertOne(doc);
    const back = await ctx.db
      .collection<Loose>("types")
      .findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false, bsonRegExp: true });
    expect(Object.keys(back!)).toEqual(Object.keys(doc));
    expect(back!.int._bsontype).toBe("Int32");
    expect(back!.long._bsontype).toBe("Long");
    expect(back!.long.toString()).toBe("9007199254740993");
    expect(back!.double._bsontype).toBe("Double");
    expect(back!.decimal.toString()).toBe("1.10");
    expect(back!.bin.sub_type).toBe(4);
    expect(back!.ts.t).toBe(5);
    expect(back!.regex.options).toBe("i");
  });

  test("insertMany of 2,000 documents and a cursor with batchSize and getMore", async () => {
    const coll = ctx.db.collection<Loose>("many");
    const docs = Array.from({ length: 2000 }, (_, i) => ({ i, even: i % 2 === 0 }));
    const result = await coll.insertMany(docs);
    expect(result.insertedCount).toBe(2000);
    const cursor = coll.find({ even: true }, { batchSize: 50 });
    let n = 0;
    for await (const doc of cursor) {
      expect(doc.even).toBe(true);
      n++;
    }
    expect(n).toBe(1000);
    expect(await coll.countDocuments()).toBe(2000);
    expect(await coll.estimatedDocumentCount()).toBe(2000);
  });

  test("killCursors closes an open cursor", async () => {
    const reply = await ctx.db.command({ find: "many", batchSize: 1 }, { promoteLongs: false });
    const id = reply.cursor.id as Long;
    const killed = await ctx.db.command({ killCursors: "many", cursors: [id] }, { promoteLongs: false });
    expect(killed.cursorsKilled.map(String)).toEqual([id.toString()]);
    const error = await ctx.db.command({ getMore: id, collection: "many" }).catch((e) => e);
    expect(error.code).toBe(43);
    expect(error.codeName).toBe("CursorNotFound");
  });

  test("duplicate _id gives E11000 and an ordered insertMany stops there", async () => {
    const coll = ctx.db.collection<Loose>("dups");
    await coll.insertOne({ _id: 1 as never });
    const error = await coll.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }] as never[]).catch((e) => e);
    expect(error.code).toBe(11000);
    expect(error.writeErrors?.[0]?.index ?? error.index).toBe(1);
    expect(await coll.countDocuments()).toBe(2);
    const unordered = await coll
      .insertMany([{ _id: 1 }, { _id: 4 }] as never[], { ordered: false })
      .catch((e) => e);
    expect(unordered.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(3);
  });

  test("1 and 1.0 and 1L are the same _id", async () => {
    const coll = ctx.db.collection<Loose>("numeric_ids");
    await coll.insertOne({ _id: new Int32(1) as never });
    const error = await coll.insertOne({ _id: new Double(1) as never }).catch((e) => e);
    expect(error.code).toBe(11000);
  });

  test("deleteOne, deleteMany", async () => {
    const coll = ctx.db.collection<Loose>("deletes");
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
  });

  test("findOneAndUpdate, findOneAndReplace, findOneAndDelete", async () => {
    const coll = ctx.db.collection<Loose>("fam");
    await coll.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ] as never[]);
    const before = await coll.findOneAndUpdate({ _id: 1 as never }, { $inc: { n: 10 } });
    expect(before!.n).toBe(1);
    const after = await coll.findOneAndUpdate(
      { _id: 1 as never },
      { $inc: { n: 1 } },
      { returnDocument: "after", projection: { n: 1, _id: 0 } },
    );
    expect(after).toEqual({ n: 12 });
    const replaced = await coll.findOneAndReplace({ _id: 2 as never }, { m: 5 }, { returnDocument: "after" });
    expect(replaced).toEqual({ _id: 2, m: 5 } as never);
    const upserted = await coll.findOneAndUpdate(
      { _id: 3 as never },
      { $set: { n: 3 } },
      { upsert: true, returnDocument: "after" },
    );
    expect(upserted).toEqual({ _id: 3, n: 3 } as never);
    const deleted = await coll.findOneAndDelete({ n: { $gte: 3 } }, { sort: { n: -1 } });
    expect(deleted!._id).toBe(1 as never);
    expect(await coll.countDocuments()).toBe(2);
  });

  test("distinct unwinds arrays; count with query, skip and limit", async () => {
    const coll = ctx.db.collection<Loose>("distinct");
    await coll.insertMany([{ t: ["a", "b"] }, { t: "a" }, { t: ["c"] }, { u: 1 }]);
    expect((await coll.distinct("t")).sort()).toEqual(["a", "b", "c"]);
    const count = await ctx.db.command({ count: "distinct", query: { t: "a" } });
    expect(count.n).toBe(2);
    const limited = await ctx.db.command({ count: "distinct", skip: 1, limit: 2 });
    expect(limited.n).toBe(2);
  });

  test("bulkWrite mixes inserts, updates, replaces and deletes", async () => {
    const coll = ctx.db.collection<Loose>("bulk");
    const result = await coll.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } as never } },
      { insertOne: { document: { _id: 2, v: 2 } as never } },
      { updateOne: { filter: { _id: 1 as never }, update: { $set: { v: 10 } } } },
      { replaceOne: { filter: { _id: 2 as never }, replacement: { w: 2 } } },
      { updateOne: { filter: { _id: 9 as never }, update: { $set: { v: 9 } }, upsert: true } },
      { deleteOne: { filter: { _id: 1 as never } } },
    ]);
    expect(result.insertedCount).toBe(2);
    expect(result.modifiedCount).toBe(2);
    expect(result.upsertedCount).toBe(1);
    expect(result.deletedCount).toBe(1);
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 2, w: 2 },
      { _id: 9, v: 9 },
    ] as never);
  });
});

describe("collections and databases", () => {
  test("create, listCollections, renameCollection, drop, dropDatabase, listDatabases", async () => {
    const db = ctx.client.db("admin_cmds");
    await db.createCollection("a");
    const error = await db.createCollection("a", { capped: true, size: 1000 }).catch((e) => e);
    expect(error.code).toBe(48);
    await db.collection("b").insertOne({ x: 1 });
    expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(["a", "b"]);
    await db.renameCollection("b", "c");
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
      "a",
      "c",
    ]);
    expect(await db.collection("c").countDocuments()).toBe(1);
    await db.collection("a").drop();
    const dbs = await ctx.client.db("admin").admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain("admin_cmds");
    await db.dropDatabase();
    const after = await ctx.client.db("admin").admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain("admin_cmds");
  });

  test("collStats and dbStats report counts", async () => {
    const coll = ctx.db.collection<Loose>("stats");
    await coll.insertMany([{ a: 1 }, { a: 2 }]);
    const stats = await ctx.db.command({ collStats: "stats" });
    expect(stats.count).toBe(2);
    expect(stats.nindexes).toBe(1);
    const dbStats = await ctx.db.command({ dbStats: 1 });
    expect(dbStats.objects).toBeGreaterThanOrEqual(2);
  });

  test("invalid collection names are refused", async () => {
    const error = await ctx.db
      .collection<Loose>("bad$name")
      .insertOne({})
      .catch((e) => e);
    expect(error.code).toBe(73);
  });
});
