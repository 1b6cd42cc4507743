/**
 * Embedded server benchmark: each operation through the official driver over TCP, beside the
 * same work done directly on bun:sqlite (the floor). Run: `bun bench/server.bench.ts`.
 */
import { Database } from "bun:sqlite";
import { serialize, deserialize } from "bson";
import { MongoClient } from "mongodb";
import { runCommand } from "../src/server/commands/dispatch.ts";
import { startServer } from "../src/server/index.ts";
import { encodeReply, parseRequest } from "../src/server/wire/message.ts";

/** An OP_MSG request frame holding one command. */
function opMsg(body: Record<string, unknown>): Uint8Array {
  const bson = serialize(body);
  const frame = new Uint8Array(21 + bson.length);
  const view = new DataView(frame.buffer);
  view.setInt32(0, frame.length, true);
  view.setInt32(12, 2013, true);
  frame.set(bson, 21);
  return frame;
}

const N = Number(process.env.BENCH_DOCS ?? 100_000);
const READS = 5_000;
const RANGE_QUERIES = 500;
const SCANS = 10;

function small(i: number) {
  return {
    _id: i,
    name: `user${i}`,
    age: i % 90,
    city: ["Oslo", "Lima", "Pune", "Kyiv"][i % 4],
    score: i * 1.5,
  };
}

/** Runs `fn` once to warm the JIT, then times a second run. */
async function warmTime(fn: () => Promise<void> | void): Promise<number> {
  await fn();
  return time(fn);
}

async function time(fn: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const rows: { case: string; server: number; floor: number; unit: string }[] = [];

// Start-up: from call to first answered ping, median of 5.
const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const srv = await startServer({ port: 0 });
  const client = await MongoClient.connect(srv.uri, { directConnection: true });
  await client.db("admin").command({ ping: 1 });
  startups.push(performance.now() - t0);
  await client.close();
  await srv.close();
}
startups.sort((a, b) => a - b);
const startupOnly: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const srv = await startServer({ port: 0 });
  startupOnly.push(performance.now() - t0);
  await srv.close();
}
startupOnly.sort((a, b) => a - b);

const srv = await startServer({ port: 0 });
const client = await MongoClient.connect(srv.uri, { directConnection: true });
const coll = client.db("bench").collection<any>("users");
const docs = Array.from({ length: N }, (_, i) => small(i));

const floor = new Database(":memory:");
floor.run("CREATE TABLE c (rid INTEGER PRIMARY KEY, id BLOB UNIQUE, doc BLOB)");
floor.run("CREATE TABLE x (key BLOB, rid INTEGER, PRIMARY KEY (key, rid)) WITHOUT ROWID");
const ins = floor.prepare("INSERT INTO c (id, doc) VALUES (?, ?)");
const insx = floor.prepare("INSERT INTO x (key, rid) VALUES (?, ?)");
const idKey = (i: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, i);
  return b;
};

// insertMany in batches of 1,000.
const insertServer = await time(async () => {
  for (let i = 0; i < N; i += 1000)
    await coll.insertMany(docs.slice(i, i + 1000) as Record<string, unknown>[]);
});
const insertFloor = await time(() => {
  for (let i = 0; i < N; i += 1000) {
    floor.transaction(() => {
      for (const d of docs.slice(i, i + 1000)) {
        const r = ins.run(idKey(d._id), serialize(d));
        insx.run(idKey(d.age), Number(r.lastInsertRowid));
      }
    })();
  }
});
rows.push({
  case: `insertMany ${N} docs (batches of 1000)`,
  server: N / (insertServer / 1000),
  floor: N / (insertFloor / 1000),
  unit: "docs/s",
});

// The driver's own round trip, for scale: a ping does no storage work at all.
const admin = client.db("admin");
const pingTime = await time(async () => {
  for (let i = 0; i < READS; i++) await admin.command({ ping: 1 });
});

// Point reads by _id.
const byId = floor.prepare("SELECT doc FROM c WHERE id = ?");
const readServer = await warmTime(async () => {
  for (let i = 0; i < READS; i++) await coll.findOne({ _id: (i * 7919) % N });
});
const readFloor = await warmTime(() => {
  for (let i = 0; i < READS; i++) deserialize((byId.get(idKey((i * 7919) % N)) as { doc: Uint8Array }).doc);
});
rows.push({
  case: "findOne by _id",
  server: READS / (readServer / 1000),
  floor: READS / (readFloor / 1000),
  unit: "ops/s",
});

// The same reads without the driver and the socket: the server's own cost per command
// (parse the OP_MSG, plan, read, encode the reply).
const connection = { id: 0, remote: "bench" };
const readFrames = Array.from({ length: READS }, (_, i) =>
  opMsg({ find: "users", filter: { _id: (i * 7919) % N }, limit: 1, singleBatch: true, $db: "bench" }),
);
const readInProcess = await warmTime(async () => {
  for (const frame of readFrames) {
    const request = parseRequest(frame);
    encodeReply(request, await runCommand(srv.state, request, connection));
  }
});
rows.push({
  case: "findOne by _id, in process (no driver, no socket)",
  server: READS / (readInProcess / 1000),
  floor: READS / (readFloor / 1000),
  unit: "ops/s",
});

// Indexed range query (age between a and a+1: ~2% of documents).
await coll.createIndex({ age: 1 });
const range = floor.prepare("SELECT c.doc FROM x JOIN c ON c.rid = x.rid WHERE x.key >= ? AND x.key < ?");
const rangeServer = await warmTime(async () => {
  for (let i = 0; i < RANGE_QUERIES / 10; i++)
    await coll.find({ age: { $gte: i % 88, $lt: (i % 88) + 2 } }).toArray();
});
const rangeFloor = await warmTime(() => {
  for (let i = 0; i < RANGE_QUERIES / 10; i++)
    for (const r of range.all(idKey(i % 88), idKey((i % 88) + 2)) as { doc: Uint8Array }[])
      deserialize(r.doc);
});
rows.push({
  case: `indexed range query (~${Math.round((N * 2) / 90)} docs)`,
  server: RANGE_QUERIES / 10 / (rangeServer / 1000),
  floor: RANGE_QUERIES / 10 / (rangeFloor / 1000),
  unit: "queries/s",
});
const rangeFrames = Array.from({ length: RANGE_QUERIES / 10 }, (_, i) =>
  opMsg({ find: "users", filter: { age: { $gte: i % 88, $lt: (i % 88) + 2 } }, batchSize: N, $db: "bench" }),
);
const rangeInProcess = await warmTime(async () => {
  for (const frame of rangeFrames) {
    const request = parseRequest(frame);
    encodeReply(request, await runCommand(srv.state, request, connection));
  }
});
rows.push({
  case: "indexed range query, in process (no driver, no socket)",
  server: RANGE_QUERIES / 10 / (rangeInProcess / 1000),
  floor: RANGE_QUERIES / 10 / (rangeFloor / 1000),
  unit: "queries/s",
});

// Filtered full scan (city = "Oslo" and score > N/2, no index).
const scanAll = floor.prepare("SELECT doc FROM c");
const scanServer = await time(async () => {
  for (let i = 0; i < SCANS; i++) await coll.find({ city: "Oslo", score: { $gt: N / 2 } }).toArray();
});
const scanFloor = await time(() => {
  for (let i = 0; i < SCANS; i++) {
    const out = [];
    for (const r of scanAll.all() as { doc: Uint8Array }[]) {
      const d = deserialize(r.doc);
      if (d.city === "Oslo" && d.score > N / 2) out.push(d);
    }
  }
});
rows.push({
  case: `filtered full scan of ${N} docs`,
  server: SCANS / (scanServer / 1000),
  floor: SCANS / (scanFloor / 1000),
  unit: "scans/s",
});

await client.close();
await srv.close();

console.log(`start-up (startServer resolved): median ${startupOnly[2]!.toFixed(1)} ms`);
console.log(`start-up to first ping through the driver: median ${startups[2]!.toFixed(1)} ms`);
console.log(`driver round trip (ping): ${((pingTime / READS) * 1000).toFixed(0)} µs`);
console.log("");
console.log("| case | embedded server | bun:sqlite floor | floor / server |");
console.log("| --- | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.case} | ${Math.round(r.server).toLocaleString("en")} ${r.unit} | ${Math.round(r.floor).toLocaleString("en")} ${r.unit} | ${(r.floor / r.server).toFixed(2)}x |`,
  );
}
