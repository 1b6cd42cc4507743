import { describe, expect, test } from "bun:test";
import { Long, MongoClient, UUID } from "mongodb";
import { startServer } from "../../src/server/index.ts";
import { type Loose, useServer } from "./harness.ts";
import { RawConnection } from "./raw-wire.ts";

/** Sends commands on a raw connection, so lsid and txnNumber are exactly ours (the driver would substitute its own session). */
async function raw(db: string) {
  const conn = await RawConnection.open(ctx.server.uri);
  return {
    run: async (cmd: Record<string, unknown>) => (await conn.command({ ...cmd, $db: db }))!.doc,
    close: () => conn.close(),
  };
}

const ctx = useServer();

describe("retryable writes", () => {
  test("a write retried with the same lsid and txnNumber is applied once", async () => {
    const lsid = { id: new UUID() };
    const conn = await raw(ctx.db.databaseName);
    const insert = { insert: "retry", documents: [{ _id: 1 }], lsid, txnNumber: Long.fromNumber(1) };
    const first = await conn.run(insert);
    const again = await conn.run(insert);
    expect(first.n).toBe(1);
    expect(again.n).toBe(1);
    expect(again.writeErrors).toBeUndefined();
    const inc = {
      update: "retry",
      updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }],
      lsid,
      txnNumber: Long.fromNumber(2),
    };
    await conn.run(inc);
    await conn.run(inc);
    expect((await ctx.db.collection<Loose>("retry").findOne({ _id: 1 as never }))!.n).toBe(1);
    const stale = await conn.run({ ...inc, txnNumber: Long.fromNumber(1) });
    expect(stale.code).toBe(225);
    conn.close();
  });

  test("the driver's retryable writes work against the server", async () => {
    const coll = ctx.db.collection<Loose>("driver_retry");
    await coll.insertOne({ a: 1 });
    await coll.updateOne({ a: 1 }, { $set: { b: 2 } });
    expect(await coll.findOne({ a: 1 }, { projection: { _id: 0 } })).toEqual({ a: 1, b: 2 });
  });
});

describe("transactions", () => {
  test("withTransaction commits all writes together", async () => {
    const coll = ctx.db.collection<Loose>("txn_commit");
    await coll.insertOne({ _id: "acct", balance: 100 } as never);
    const session = ctx.client.startSession();
    await session.withTransaction(async () => {
      await coll.updateOne({ _id: "acct" as never }, { $inc: { balance: -30 } }, { session });
      await coll.insertOne({ _id: "log1", amount: 30 } as never, { session });
      const inside = await coll.findOne({ _id: "acct" as never }, { session });
      expect(inside!.balance).toBe(70);
      const outside = await coll.findOne({ _id: "acct" as never });
      expect(outside!.balance).toBe(100);
    });
    await session.endSession();
    expect((await coll.findOne({ _id: "acct" as never }))!.balance).toBe(70);
    expect(await coll.countDocuments()).toBe(2);
  });

  test("abort discards the transaction's writes", async () => {
    const coll = ctx.db.collection<Loose>("txn_abort");
    const session = ctx.client.startSession();
    session.startTransaction();
    await coll.insertOne({ x: 1 }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await coll.countDocuments()).toBe(0);
  });

  test("snapshot: a transaction does not see writes committed after it started", async () => {
    const coll = ctx.db.collection<Loose>("txn_snapshot");
    await coll.insertOne({ _id: 1, v: "old" } as never);
    const session = ctx.client.startSession();
    session.startTransaction();
    expect((await coll.findOne({ _id: 1 as never }, { session }))!.v).toBe("old");
    await coll.updateOne({ _id: 1 as never }, { $set: { v: "new" } });
    await coll.insertOne({ _id: 2, v: "later" } as never);
    expect((await coll.findOne({ _id: 1 as never }, { session }))!.v).toBe("old");
    expect(await coll.countDocuments({}, { session })).toBe(1);
    await session.abortTransaction();
    await session.endSession();
  });

  test("writing a document another transaction wrote is a WriteConflict with TransientTransactionError", async () => {
    const coll = ctx.db.collection<Loose>("txn_conflict");
    await coll.insertOne({ _id: 1, n: 0 } as never);
    const a = ctx.client.startSession();
    const b = ctx.client.startSession();
    a.startTransaction();
    b.startTransaction();
    await coll.updateOne({ _id: 1 as never }, { $inc: { n: 1 } }, { session: a });
    const error = await coll
      .updateOne({ _id: 1 as never }, { $inc: { n: 10 } }, { session: b })
      .catch((e) => e);
    expect(error.code).toBe(112);
    expect(error.hasErrorLabel("TransientTransactionError")).toBe(true);
    await a.commitTransaction();
    await b.abortTransaction().catch(() => {});
    await a.endSession();
    await b.endSession();
    expect((await coll.findOne({ _id: 1 as never }))!.n).toBe(1);
  });

  test("a repeated commit is idempotent; an unknown transaction is NoSuchTransaction", async () => {
    const lsid = { id: new UUID() };
    const conn = await raw(ctx.db.databaseName);
    const admin = await raw("admin");
    await conn.run({
      insert: "txn_raw",
      documents: [{ a: 1 }],
      lsid,
      txnNumber: Long.fromNumber(1),
      startTransaction: true,
      autocommit: false,
    });
    const commit = { commitTransaction: 1, lsid, txnNumber: Long.fromNumber(1), autocommit: false };
    expect((await admin.run(commit)).ok).toBe(1);
    expect((await admin.run(commit)).ok).toBe(1);
    const unknown = await admin.run({
      commitTransaction: 1,
      lsid,
      txnNumber: Long.fromNumber(7),
      autocommit: false,
    });
    expect(unknown.code).toBe(251);
    expect(unknown.errorLabels).toContain("TransientTransactionError");
    conn.close();
    admin.close();
    expect(await ctx.db.collection<Loose>("txn_raw").countDocuments()).toBe(1);
  });
});

describe("cursors", () => {
  test("idle cursors expire", async () => {
    const server = await startServer({ port: 0, cursorTimeoutMs: 100 });
    const client = await MongoClient.connect(server.uri);
    try {
      const db = client.db("expiry");
      await db.collection("c").insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
      const reply = await db.command({ find: "c", batchSize: 2 }, { promoteLongs: false });
      await Bun.sleep(400);
      const error = await db.command({ getMore: reply.cursor.id, collection: "c" }).catch((e) => e);
      expect(error.code).toBe(43);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
