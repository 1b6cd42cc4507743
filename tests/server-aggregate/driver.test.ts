import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Decimal128, Double, Int32, Long, type Db, MongoClient, MongoServerError } from "mongodb";
import { type EmbeddedServer, startServer } from "../../src/server/index.ts";

let server: EmbeddedServer;
let client: MongoClient;
let db: Db;

/** Test documents use numbers and strings as `_id`. */
interface AnyDocument {
  _id: number | string;
  [field: string]: unknown;
}
const coll = (name: string) => db.collection<AnyDocument>(name);

beforeAll(async () => {
  server = await startServer({ port: 0 });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  db = client.db(`agg_${Math.random().toString(36).slice(2, 8)}`);
  await coll("sales").insertMany([
    {
      _id: 1,
      item: "a",
      qty: new Int32(2),
      price: new Decimal128("1.10"),
      at: new Date("2024-01-01T10:00:00Z"),
    },
    {
      _id: 2,
      item: "b",
      qty: new Int32(2147483647),
      price: new Decimal128("2.00"),
      at: new Date("2024-01-02T10:00:00Z"),
    },
    {
      _id: 3,
      item: "a",
      qty: new Int32(5),
      price: new Decimal128("0.90"),
      at: new Date("2024-02-01T10:00:00Z"),
    },
    {
      _id: 4,
      item: "b",
      qty: new Int32(1),
      price: new Decimal128("3.00"),
      at: new Date("2024-02-03T10:00:00Z"),
    },
  ]);
  await coll("items").insertMany([
    { _id: "a", name: "Apple", tags: ["fruit"] },
    { _id: "b", name: "Bread", tags: ["bakery"] },
  ]);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

const raw = { promoteValues: false, promoteLongs: false } as const;

describe("aggregate over the wire", () => {
  test("$group keeps BSON number types (Int32 overflow to Long, Decimal128 sums)", async () => {
    const out = await db
      .collection("sales")
      .aggregate(
        [
          { $group: { _id: "$item", qty: { $sum: "$qty" }, total: { $sum: "$price" }, n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ],
        raw,
      )
      .toArray();
    expect(out.length).toBe(2);
    expect(out[0]!.qty).toBeInstanceOf(Int32);
    expect((out[0]!.qty as Int32).value).toBe(7);
    expect(out[1]!.qty).toBeInstanceOf(Long);
    expect(String(out[1]!.qty)).toBe("2147483648");
    expect(out[0]!.total).toBeInstanceOf(Decimal128);
    expect(String(out[0]!.total)).toBe("2.00");
  });

  test("$lookup, $unwind, $project and date expressions", async () => {
    const out = await db
      .collection("sales")
      .aggregate([
        { $match: { item: "a" } },
        { $lookup: { from: "items", localField: "item", foreignField: "_id", as: "info" } },
        { $unwind: "$info" },
        {
          $project: {
            _id: 1,
            name: "$info.name",
            month: { $month: "$at" },
            day: { $dateToString: { date: "$at", format: "%Y-%m-%d" } },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, name: "Apple", month: 1, day: "2024-01-01" },
      { _id: 3, name: "Apple", month: 2, day: "2024-02-01" },
    ]);
  });

  test("let variables and collation options reach expressions and $match", async () => {
    const out = await db
      .collection("sales")
      .aggregate(
        [{ $match: { $expr: { $gte: ["$qty", "$$min"] } } }, { $project: { _id: 1 } }, { $sort: { _id: 1 } }],
        { let: { min: 5 } },
      )
      .toArray();
    expect(out).toEqual([{ _id: 2 }, { _id: 3 }]);
    const byName = await db
      .collection("items")
      .aggregate([{ $match: { name: "apple" } }], { collation: { locale: "en", strength: 2 } })
      .toArray();
    expect(byName.map((d) => d._id)).toEqual(["a"]);
  });

  test("$facet with $bucket and $count", async () => {
    const [out] = await db
      .collection("sales")
      .aggregate([
        {
          $facet: {
            count: [{ $count: "n" }],
            buckets: [{ $bucket: { groupBy: "$qty", boundaries: [0, 3, 10], default: "big" } }],
          },
        },
      ])
      .toArray();
    expect(out).toEqual({
      count: [{ n: 4 }],
      buckets: [
        { _id: 0, count: 2 },
        { _id: 3, count: 1 },
        { _id: "big", count: 1 },
      ],
    });
  });

  test("$out and $merge write collections", async () => {
    await db
      .collection("sales")
      .aggregate([{ $group: { _id: "$item", n: { $sum: 1 } } }, { $out: "summary" }])
      .toArray();
    expect(await coll("summary").find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: "a", n: 2 },
      { _id: "b", n: 2 },
    ]);
    await db
      .collection("items")
      .aggregate([
        { $project: { n: { $literal: 10 } } },
        { $merge: { into: "summary", whenMatched: [{ $set: { n: { $add: ["$n", "$$new.n"] } } }] } },
      ])
      .toArray();
    expect(await coll("summary").find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: "a", n: 12 },
      { _id: "b", n: 12 },
    ]);
  });

  test("database-level aggregate with $documents", async () => {
    const out = await db
      .aggregate([
        { $documents: [{ x: 1 }, { x: 2 }] },
        { $set: { y: { $multiply: ["$x", new Double(1.5)] } } },
      ])
      .toArray();
    expect(out).toEqual([
      { x: 1, y: 1.5 },
      { x: 2, y: 3 },
    ]);
  });

  test("errors carry mongod's codes", async () => {
    const codeOf = async (pipeline: object[]) => {
      try {
        await coll("sales").aggregate(pipeline).toArray();
      } catch (error) {
        expect(error).toBeInstanceOf(MongoServerError);
        return (error as MongoServerError).code;
      }
      return undefined;
    };
    expect(await codeOf([{ $bogus: 1 }])).toBe(40324);
    expect(await codeOf([{ $project: { x: { $add: ["$item", 1] } } }])).toBe(16554);
    expect(await codeOf([{ $project: { x: { $nope: 1 } } }])).toBe(168);
    expect(await codeOf([{ $out: "x" }, { $match: {} }])).toBe(40601);
  });

  test("update with an aggregation pipeline", async () => {
    await coll("items").updateOne({ _id: "a" }, [
      { $set: { label: { $concat: ["$name", "!"] }, count: { $size: "$tags" } } },
    ]);
    expect(await coll("items").findOne({ _id: "a" })).toMatchObject({ label: "Apple!", count: 1 });
  });
});
