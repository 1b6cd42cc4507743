import { describe, expect, test } from "bun:test";
import { serialize } from "bson";
import fc from "fast-check";
import { MongoClient } from "mongodb";
import { type Loose, useServer } from "./harness.ts";

const ctx = useServer();

/** An OP_MSG frame carrying one kind-0 body. */
function opMsg(body: Record<string, unknown>, requestId = 1): Uint8Array {
  const bson = serialize(body);
  const out = new Uint8Array(21 + bson.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.length, true);
  view.setInt32(4, requestId, true);
  view.setInt32(12, 2013, true);
  out.set(bson, 21);
  return out;
}

/** Sends raw bytes on a fresh connection; resolves with whatever came back before close or timeout. */
async function sendRaw(bytes: Uint8Array, waitMs = 150): Promise<{ reply: Uint8Array; closed: boolean }> {
  const { hostname, port } = new URL(ctx.server.uri);
  const chunks: Uint8Array[] = [];
  let closed = false;
  const socket = await Bun.connect({
    hostname,
    port: Number(port),
    socket: {
      data(_s, data) {
        chunks.push(new Uint8Array(data));
      },
      close() {
        closed = true;
      },
    },
  });
  socket.write(bytes);
  await Bun.sleep(waitMs);
  socket.end();
  return { reply: Buffer.concat(chunks), closed };
}

async function stillServes(): Promise<void> {
  const result = await ctx.db
    .collection<Loose>("canary")
    .findOneAndUpdate({ _id: "c" as never }, { $inc: { n: 1 } }, { upsert: true, returnDocument: "after" });
  expect(result?.n).toBeGreaterThan(0);
}

describe("limits and bad input", () => {
  test("a message length over 48 MB is refused before allocation: the connection is closed", async () => {
    const header = new Uint8Array(16);
    new DataView(header.buffer).setInt32(0, 100_000_000, true);
    const { closed } = await sendRaw(header);
    expect(closed).toBe(true);
    await stillServes();
  });

  test("a malformed BSON body gets an error reply with a code, not a crash", async () => {
    const frame = opMsg({ ping: 1, $db: "admin" });
    frame[25] = 0x7f; // corrupt the first element's type byte
    const { reply } = await sendRaw(frame);
    expect(reply.length).toBeGreaterThan(21);
    const { deserialize } = await import("bson");
    const doc = deserialize(reply.subarray(21));
    expect(doc.ok).toBe(0);
    expect(typeof doc.code).toBe("number");
    await stillServes();
  });

  test("documents over 16 MiB are rejected and nothing is written", async () => {
    const coll = ctx.db.collection<Loose>("big");
    const error = await coll.insertOne({ blob: "x".repeat(17 * 1024 * 1024) }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await coll.countDocuments()).toBe(0);
  });

  test("more than 100,000 writes in one batch are refused", async () => {
    const error = await ctx.db
      .command({ insert: "batch", documents: Array.from({ length: 100_001 }, (_, i) => ({ i })) })
      .catch((e) => e);
    expect(error.code).toBe(16);
    expect(await ctx.db.collection<Loose>("batch").countDocuments()).toBe(0);
  });

  test("fuzz: random and mutated frames never stop the server from serving others", async () => {
    const valid = opMsg({
      insert: "fuzz",
      documents: [{ a: 1, b: "two", c: [1, 2, { d: null }] }],
      $db: ctx.db.databaseName,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 200 }),
          fc
            .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 8,
            })
            .map((edits) => {
              const copy = valid.slice();
              for (const [at, byte] of edits) copy[at] = byte;
              return copy;
            }),
        ),
        async (bytes) => {
          await sendRaw(bytes, 20);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
    await stillServes();
    const docs = await ctx.db.collection<Loose>("fuzz").find().toArray();
    for (const doc of docs) expect(doc._id).toBeDefined();
  }, 60_000);
});

describe("concurrency", () => {
  test("many connections doing mixed writes leave consistent totals", async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => MongoClient.connect(ctx.server.uri, { maxPoolSize: 4 })),
    );
    const per = 50;
    await Promise.all(
      clients.flatMap((client, c) =>
        Array.from({ length: 4 }, async (_, w) => {
          const coll = client.db(ctx.db.databaseName).collection<Loose>("concurrent");
          for (let i = 0; i < per; i++) {
            await coll.updateOne({ _id: "total" as never }, { $inc: { n: 1 } }, { upsert: true });
            await coll.insertOne({ client: c, worker: w, i });
          }
        }),
      ),
    );
    const coll = ctx.db.collection<Loose>("concurrent");
    expect((await coll.findOne({ _id: "total" as never }))!.n).toBe(8 * 4 * per);
    expect(await coll.countDocuments({ client: { $exists: true } })).toBe(8 * 4 * per);
    await Promise.all(clients.map((c) => c.close()));
  }, 60_000);
});
