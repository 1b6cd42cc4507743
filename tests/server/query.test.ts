import { beforeAll, describe, expect, test } from "bun:test";
import { Decimal128, Double, Int32, Long } from "mongodb";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

const ids = async (filter: object, coll = "q") =>
  (await ctx.db.collection<Loose>(coll).find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

beforeAll(async () => {
  await ctx.db.collection<Loose>("q").insertMany([
    {
      _id: 1,
      n: new Int32(5),
      s: "apple",
      tags: ["a", "b"],
      sub: { x: 1 },
      arr: [
        { k: 1, v: "x" },
        { k: 2, v: "y" },
      ],
    },
    { _id: 2, n: Long.fromNumber(10), s: "Banana", tags: ["b"], sub: { x: 2 }, arr: [{ k: 3, v: "x" }] },
    { _id: 3, n: new Double(7.5), s: "cherry", tags: [], nul: null, bits: 5 },
    { _id: 4, n: Decimal128.fromString("10"), s: "date", tags: ["a", "c", "d"] },
    { _id: 5, s: "elder", tags: "a", n: "10" },
  ] as never[]);
});

describe("query operators through the driver", () => {
  test("comparison across int32, int64, double and decimal by value, with type bracketing", async () => {
    expect(await ids({ n: 10 })).toEqual([2, 4]);
    expect(await ids({ n: { $gt: 6 } })).toEqual([2, 3, 4]);
    expect(await ids({ n: { $gte: "0" } })).toEqual([5]);
    expect(await ids({ n: { $in: [5, 7.5] } })).toEqual([1, 3]);
    expect(await ids({ n: { $nin: [5, 10] } })).toEqual([3, 5]);
    expect(await ids({ n: { $ne: 10 } })).toEqual([1, 3, 5]);
  });

  test("null matches missing, $exists and $type", async () => {
    expect(await ids({ nul: null })).toEqual([1, 2, 3, 4, 5]);
    expect(await ids({ nul: { $exists: true } })).toEqual([3]);
    expect(await ids({ n: { $type: "long" } })).toEqual([2]);
    expect(await ids({ n: { $type: "number" } })).toEqual([1, 2, 3, 4]);
    expect(await ids({ n: { $type: 2 } })).toEqual([5]);
  });

  test("arrays: implicit traversal, $all, $size, $elemMatch, dot paths through arrays", async () => {
    expect(await ids({ tags: "a" })).toEqual([1, 4, 5]);
    expect(await ids({ tags: { $all: ["a", "b"] } })).toEqual([1]);
    expect(await ids({ tags: { $size: 0 } })).toEqual([3]);
    expect(await ids({ arr: { $elemMatch: { k: { $gt: 1 }, v: "x" } } })).toEqual([2]);
    expect(await ids({ "arr.v": "y" })).toEqual([1]);
    expect(await ids({ "arr.1.k": 2 })).toEqual([1]);
    expect(await ids({ tags: ["b"] })).toEqual([2]);
  });

  test("logical, regex, $mod, $expr and bitwise", async () => {
    expect(await ids({ $or: [{ s: "apple" }, { "sub.x": 2 }] })).toEqual([1, 2]);
    expect(await ids({ $nor: [{ tags: "a" }, { tags: "b" }] })).toEqual([3]);
    expect(await ids({ s: { $not: /^[a-c]/ } })).toEqual([2, 4, 5]);
    expect(await ids({ s: { $regex: "^b", $options: "i" } })).toEqual([2]);
    expect(await ids({ s: { $in: [/rry$/, "date"] } })).toEqual([3, 4]);
    expect(await ids({ n: { $mod: [5, 0] } })).toEqual([1, 2, 4]);
    expect(await ids({ $expr: { $gt: ["$n", 7] } })).toEqual([2, 3, 4, 5]);
    expect(await ids({ bits: { $bitsAllSet: [0, 2] } })).toEqual([3]);
  });

  test("an unknown operator is a BadValue error", async () => {
    const error = await ctx.db
      .collection<Loose>("q")
      .findOne({ n: { $bogus: 1 } })
      .catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.message).toContain("$bogus");
  });
});

describe("sort, skip, limit and projection", () => {
  test("sort follows the BSON order; an array sorts by its min ascending and max descending", async () => {
    const coll = ctx.db.collection<Loose>("sorting");
    await coll.insertMany([
      { _id: 1, v: [1, 9] },
      { _id: 2, v: 5 },
      { _id: 3, v: "a" },
      { _id: 4 },
      { _id: 5, v: [3, 4] },
    ] as never[]);
    const asc = (await coll.find().sort({ v: 1, _id: 1 }).toArray()).map((d) => d._id);
    expect(asc).toEqual([4, 1, 5, 2, 3]);
    const desc = (await coll.find().sort({ v: -1, _id: 1 }).toArray()).map((d) => d._id);
    expect(desc).toEqual([3, 1, 2, 5, 4]);
    const page = (await coll.find().sort({ _id: 1 }).skip(1).limit(2).toArray()).map((d) => d._id);
    expect(page).toEqual([2, 3]);
  });

  test("inclusion, exclusion, positional $, $elemMatch and $slice projections", async () => {
    const coll = ctx.db.collection<Loose>("q");
    expect(await coll.findOne({ _id: 1 as never }, { projection: { s: 1 } })).toEqual({
      _id: 1,
      s: "apple",
    } as never);
    const excluded = await coll.findOne(
      { _id: 1 as never },
      { projection: { arr: 0, tags: 0, sub: 0, n: 0 } },
    );
    expect(excluded).toEqual({ _id: 1, s: "apple" } as never);
    expect(await coll.findOne({ "arr.k": 2 }, { projection: { "arr.$": 1, _id: 0 } })).toEqual({
      arr: [{ k: 2, v: "y" }],
    });
    expect(
      await coll.findOne({ _id: 1 as never }, { projection: { arr: { $elemMatch: { v: "y" } }, _id: 0 } }),
    ).toEqual({ arr: [{ k: 2, v: "y" }] });
    expect(
      await coll.findOne({ _id: 4 as never }, { projection: { tags: { $slice: -2 }, _id: 0, s: 1 } }),
    ).toEqual({ s: "date", tags: ["c", "d"] });
    const error = await coll.findOne({}, { projection: { s: 1, n: 0 } }).catch((e) => e);
    expect(error.code).toBeGreaterThan(0);
  });
});
