import { describe, expect, test } from "bun:test";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

describe("change streams", () => {
  test("watch() on a collection reports insert, update, replace and delete in order", async () => {
    const coll = ctx.db.collection<Loose>("watched");
    const stream = coll.watch([], { fullDocument: "updateLookup" });
    await stream.tryNext();
    await coll.insertOne({ _id: 1, v: 1 });
    await coll.updateOne({ _id: 1 }, { $set: { v: 2 }, $unset: { gone: "" } });
    await coll.replaceOne({ _id: 1 }, { w: 3 });
    await coll.deleteOne({ _id: 1 });
    await ctx.db.collection<Loose>("other").insertOne({ ignored: true });
    const events = [];
    for (let i = 0; i < 4; i++) events.push(await stream.next());
    expect(events.map((e) => e.operationType)).toEqual(["insert", "update", "replace", "delete"]);
    expect(events[0]).toMatchObject({
      ns: { db: ctx.db.databaseName, coll: "watched" },
      documentKey: { _id: 1 },
      fullDocument: { _id: 1, v: 1 },
    });
    expect((events[1] as Loose).updateDescription.updatedFields).toEqual({ v: 2 });
    // updateLookup reads the document as it is when the event is read: deleted by now, as in mongod.
    expect((events[1] as Loose).fullDocument).toBeNull();
    expect((events[2] as Loose).fullDocument).toEqual({ _id: 1, w: 3 });
    await stream.close();
  });

  test("a stream resumes after a token and a $match pipeline filters events", async () => {
    const coll = ctx.db.collection<Loose>("resumable");
    const stream = coll.watch([{ $match: { "fullDocument.keep": true } }]);
    await stream.tryNext();
    await coll.insertMany([{ n: 1, keep: true }, { n: 2 }, { n: 3, keep: true }]);
    const first = await stream.next();
    expect((first as Loose).fullDocument.n).toBe(1);
    const token = stream.resumeToken;
    await stream.close();
    const resumed = coll.watch([{ $match: { "fullDocument.keep": true } }], { resumeAfter: token });
    const next = await resumed.next();
    expect((next as Loose).fullDocument.n).toBe(3);
    await resumed.close();
  });

  test("writes rolled back by a failed command publish no events", async () => {
    const coll = ctx.db.collection<Loose>("rolled_back");
    await coll.createIndex({ u: 1 }, { unique: true });
    const stream = coll.watch();
    await stream.tryNext();
    await coll.insertOne({ u: 1 });
    await coll.insertOne({ u: 1 }).catch(() => {});
    await coll.insertOne({ u: 2 });
    const a = await stream.next();
    const b = await stream.next();
    expect([(a as Loose).fullDocument.u, (b as Loose).fullDocument.u]).toEqual([1, 2]);
    await stream.close();
  });
});
