import { describe, expect, test } from "bun:test";
import { Int32, type Long } from "mongodb";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

describe("update operators through the driver", () => {
  test("$set $unset $inc $mul $min $max $rename $currentDate $setOnInsert", async () => {
    const coll = ctx.db.collection<Loose>("ops");
    await coll.insertOne({ _id: 1, a: 1, b: 2, c: 3, d: 10, e: 5, f: "x", keep: true } as never);
    await coll.updateOne(
      { _id: 1 as never },
      {
        $set: { "n.deep": 1 },
        $unset: { b: "" },
        $inc: { a: 2 },
        $mul: { c: 2 },
        $min: { d: 4 },
        $max: { e: 9 },
        $rename: { f: "g" },
        $currentDate: { when: true },
        $setOnInsert: { never: 1 },
      },
    );
    const doc = await coll.findOne({ _id: 1 as never });
    expect(doc).toMatchObject({ a: 3, c: 6, d: 4, e: 9, g: "x", n: { deep: 1 }, keep: true });
    expect(doc!.b).toBeUndefined();
    expect(doc!.never).toBeUndefined();
    expect(doc!.when).toBeInstanceOf(Date);
  });

  test("$inc keeps int32 until overflow, then int64", async () => {
    const coll = ctx.db.collection<Loose>("inc");
    await coll.insertOne({ _id: 1, i: new Int32(2147483646) } as never);
    await coll.updateOne({ _id: 1 as never }, { $inc: { i: 1 } });
    let doc = await coll.findOne({ _id: 1 as never }, { promoteValues: false });
    expect(doc!.i._bsontype).toBe("Int32");
    await coll.updateOne({ _id: 1 as never }, { $inc: { i: 1 } });
    doc = await coll.findOne({ _id: 1 as never }, { promoteValues: false });
    expect(doc!.i._bsontype).toBe("Long");
    expect((doc!.i as Long).toString()).toBe("2147483648");
  });

  test("array operators: $push with modifiers, $addToSet, $pop, $pull, $pullAll", async () => {
    const coll = ctx.db.collection<Loose>("arrays");
    await coll.insertOne({
      _id: 1,
      a: [3, 1],
      s: ["x"],
      p: [1, 2, 3],
      q: [1, 2, 2, 3],
      r: [{ v: 1 }, { v: 5 }],
    } as never);
    await coll.updateOne({ _id: 1 as never }, {
      $push: { a: { $each: [5, 2, 4], $sort: 1, $slice: 4 } },
      $addToSet: { s: { $each: ["x", "y"] } },
      $pop: { p: -1 },
      $pullAll: { q: [2] },
      $pull: { r: { v: { $gt: 2 } } },
    } as never);
    expect(await coll.findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      a: [1, 2, 3, 4],
      s: ["x", "y"],
      p: [2, 3],
      q: [1, 3],
      r: [{ v: 1 }],
    } as never);
    await coll.updateOne({ _id: 1 as never }, { $push: { a: { $each: [0], $position: 0 } } } as never);
    expect((await coll.findOne({ _id: 1 as never }))!.a).toEqual([0, 1, 2, 3, 4]);
  });

  test("positional $, $[] and $[id] with arrayFilters", async () => {
    const coll = ctx.db.collection<Loose>("positional");
    await coll.insertOne({ _id: 1, grades: [80, 85, 90], items: [{ q: 1 }, { q: 5 }, { q: 9 }] } as never);
    await coll.updateOne({ _id: 1 as never, grades: 85 }, { $set: { "grades.$": 86 } });
    await coll.updateOne({ _id: 1 as never }, { $inc: { "items.$[].q": 1 } });
    await coll.updateOne(
      { _id: 1 as never },
      { $set: { "items.$[big].big": true } },
      { arrayFilters: [{ "big.q": { $gt: 5 } }] },
    );
    expect(await coll.findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      grades: [80, 86, 90],
      items: [{ q: 2 }, { q: 6, big: true }, { q: 10, big: true }],
    } as never);
  });

  test("updateMany counts matched and modified; pipeline-style update", async () => {
    const coll = ctx.db.collection<Loose>("many_updates");
    await coll.insertMany([{ v: 1 }, { v: 2 }, { v: 2 }]);
    const r = await coll.updateMany({}, { $set: { v: 2 } });
    expect(r.matchedCount).toBe(3);
    expect(r.modifiedCount).toBe(1);
    await coll.updateMany({}, [{ $set: { double: { $multiply: ["$v", 2] } } }]);
    expect((await coll.find().toArray()).map((d) => d.double)).toEqual([4, 4, 4]);
  });

  test("upsert seeds the document from the filter's equality fields", async () => {
    const coll = ctx.db.collection<Loose>("upserts");
    const r = await coll.updateOne(
      { name: "x", "meta.kind": "k", age: { $gt: 5 } },
      { $set: { v: 1 } },
      { upsert: true },
    );
    expect(r.upsertedCount).toBe(1);
    const doc = await coll.findOne({ _id: r.upsertedId! });
    expect(doc).toMatchObject({ name: "x", meta: { kind: "k" }, v: 1 });
    expect(doc!.age).toBeUndefined();
  });

  test("conflicting paths give code 40, changing _id gives 66, $inc on a string gives 14", async () => {
    const coll = ctx.db.collection<Loose>("errors");
    await coll.insertOne({ _id: 1, a: { b: 1 }, s: "x" } as never);
    const conflict = await coll.updateOne({ _id: 1 as never }, { $set: { a: 1, "a.b": 2 } }).catch((e) => e);
    expect(conflict.code).toBe(40);
    const immutable = await coll.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }).catch((e) => e);
    expect(immutable.code).toBe(66);
    const type = await coll.updateOne({ _id: 1 as never }, { $inc: { s: 1 } }).catch((e) => e);
    expect(type.code).toBe(14);
    expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: { b: 1 }, s: "x" } as never);
  });

  test("replaceOne keeps _id and rejects operators mixed with fields", async () => {
    const coll = ctx.db.collection<Loose>("replace");
    await coll.insertOne({ _id: 1, a: 1 } as never);
    await coll.replaceOne({ _id: 1 as never }, { b: 2 });
    expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, b: 2 } as never);
  });
});
