/**
 * data-bridge ORM against the raw `mongodb` driver, Mongoose (hydrated and lean) and Papr,
 * all on the embedded server (in a child process, so the server does not share this event loop).
 *
 *   bun bench/orm.bench.ts            # full run
 *   bun bench/orm.bench.ts --quick    # fewer rounds, for a smoke check
 *
 * Every case runs each contender for `rounds` blocks, order rotated every round, so machine
 * noise hits them alike. "x driver" is the median over rounds of contender time / raw driver
 * time in the same round (lower is better; 1.00 = no overhead); "best rounds" divides the fastest
 * round of each, which shared machines disturb least. The CPU case compares with Mongoose. Every contender writes to its own
 * collection of identical documents. The last case is CPU only: validate and hydrate 10,000
 * already decoded documents (no I/O), to isolate the per-document cost of each library.
 */
import { Type } from "@sinclair/typebox";
import { ObjectId } from "bson";
import { type Document as DriverDocument, MongoClient } from "mongodb";
import mongoose from "mongoose";
import Papr, { schema as paprSchema, types as paprTypes } from "papr";
import { connect, Default, Document, disconnect, Embedded } from "../src/index.ts";
import { spawnServer } from "../src/server/index.ts";

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 3 : 21;

// ---------------------------------------------------------------- documents

interface Person {
  _id: ObjectId;
  name: string;
  email: string;
  age: number;
  score: number;
  tags: string[];
  address: { city: string; zip: string };
  createdAt: Date;
}

const CITIES = ["Paris", "Lyon", "Oslo", "Lima", "Kyiv"];
const person = (i: number): Person => ({
  _id: new ObjectId(),
  name: `user${i}`,
  email: `user${i}@example.com`,
  age: i % 90,
  score: i,
  tags: i % 2 ? ["a", "b"] : ["c"],
  address: { city: CITIES[i % CITIES.length]!, zip: String(10000 + (i % 89999)) },
  createdAt: new Date(1_700_000_000_000 + i),
});
let serial = 0;
const fresh = () => person(serial++);
const batch = (n: number) => Array.from({ length: n }, fresh);

// ---------------------------------------------------------------- models

class Address extends Embedded({ city: Type.String({ minLength: 1 }), zip: Type.String({ minLength: 5 }) }) {}
const shape = {
  name: Type.String({ minLength: 1 }),
  email: Type.String({ format: "email" }),
  age: Type.Integer({ minimum: 0 }),
  score: Type.Number(),
  tags: Default(Type.Array(Type.String()), []),
  address: Address,
  createdAt: Type.Date(),
};
const model = (name: string) => class extends Document(name, shape) {};
const DbUser = model("db_users");
const DbRead = model("reads");

const mongooseSchema = new mongoose.Schema(
  {
    name: { type: String, required: true, minlength: 1 },
    email: { type: String, required: true, match: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
    age: { type: Number, required: true, min: 0 },
    score: { type: Number, required: true },
    tags: { type: [String], default: [] },
    address: {
      city: { type: String, required: true, minlength: 1 },
      zip: { type: String, required: true, minlength: 5 },
    },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const paprShape = paprSchema({
  name: paprTypes.string({ required: true, minLength: 1 }),
  email: paprTypes.string({ required: true }),
  age: paprTypes.number({ required: true, minimum: 0 }),
  score: paprTypes.number({ required: true }),
  tags: paprTypes.array(paprTypes.string({ required: true }), { required: true }),
  address: paprTypes.object(
    { city: paprTypes.string({ required: true }), zip: paprTypes.string({ required: true }) },
    { required: true },
  ),
  createdAt: paprTypes.date({ required: true }),
});

// ---------------------------------------------------------------- setup

const server = await spawnServer();
const { uri } = server;
const dbName = "orm_bench";

const client = await new MongoClient(uri).connect();
const db = client.db(dbName);
await db.dropDatabase();
await connect(uri, { dbName });
const mongo = await mongoose
  .createConnection(uri, { dbName, autoIndex: false, autoCreate: false })
  .asPromise();
const papr = new Papr();
papr.initialize(db);

const raw = {
  users: db.collection<Person>("raw_users"),
  reads: db.collection<Person>("reads"),
};
const MgUser = mongo.model("MgUser", mongooseSchema, "mg_users");
const MgRead = mongo.model("MgRead", mongooseSchema, "reads");
const PaUser = papr.model("pa_users", paprShape);
const PaRead = papr.model("reads", paprShape);

// One shared, read-only collection for the read cases.
const seeded = batch(1000);
await raw.reads.insertMany(seeded);
const ids = seeded.map((d) => d._id);
for (const c of ["raw_users", "db_users", "mg_users", "pa_users"]) {
  await db.collection(c).createIndex({ email: 1 }, { unique: true });
  await db.collection(c).insertMany(batch(1000));
}
const pick = (i: number) => ids[(i * 7919) % ids.length]!;

// ---------------------------------------------------------------- harness

interface Contender {
  name: string;
  /** Runs one block; returns the number of operations it did. */
  run: (round: number) => Promise<number> | number;
}

interface Row {
  case: string;
  results: { name: string; usPerOp: number; ratio: number; best: number }[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function measure(name: string, contenders: Contender[]): Promise<Row> {
  for (const c of contenders) await c.run(-1); // warm-up
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const ratios = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    const perOp = new Map<string, number>();
    for (const contender of order) {
      Bun.gc(true);
      const start = Bun.nanoseconds();
      const ops = await contender.run(round);
      perOp.set(contender.name, (Bun.nanoseconds() - start) / 1000 / ops);
    }
    const base = perOp.get(contenders[0]!.name)!;
    for (const [who, us] of perOp) {
      times.get(who)!.push(us);
      ratios.get(who)!.push(us / base);
    }
  }
  const row: Row = {
    case: name,
    results: contenders.map((c) => ({
      name: c.name,
      usPerOp: median(times.get(c.name)!),
      ratio: median(ratios.get(c.name)!),
      best: Math.min(...times.get(c.name)!) / Math.min(...times.get(contenders[0]!.name)!),
    })),
  };
  console.error(
    `${name}: ${row.results.map((r) => `${r.name} ${r.usPerOp.toFixed(1)}µs (${r.ratio.toFixed(2)}x)`).join(", ")}`,
  );
  return row;
}

const times = (n: number, op: (i: number) => Promise<unknown>) => async () => {
  for (let i = 0; i < n; i++) await op(i);
  return n;
};

// ---------------------------------------------------------------- cases

const rows: Row[] = [];
const ONE = 200;

rows.push(
  await measure("insertOne", [
    { name: "driver", run: times(ONE, () => raw.users.insertOne(fresh())) },
    { name: "data-bridge", run: times(ONE, () => DbUser.insert(fresh())) },
    { name: "mongoose", run: times(ONE, () => MgUser.create(fresh())) },
    { name: "papr", run: times(ONE, () => PaUser.insertOne(fresh())) },
  ]),
);

const many = (insert: (docs: Person[]) => Promise<unknown>) => async () => {
  await insert(batch(1000));
  return 1;
};
rows.push(
  await measure("insertMany (1,000 docs)", [
    { name: "driver", run: many((docs) => raw.users.insertMany(docs)) },
    { name: "data-bridge", run: many((docs) => DbUser.insertMany(docs)) },
    { name: "mongoose", run: many((docs) => MgUser.insertMany(docs)) },
    { name: "papr", run: many((docs) => PaUser.insertMany(docs)) },
  ]),
);

for (const size of [100, 1000]) {
  const reps = size === 100 ? 20 : 4;
  rows.push(
    await measure(`find ${size.toLocaleString("en")} docs`, [
      { name: "driver", run: times(reps, () => raw.reads.find({}, { limit: size }).toArray()) },
      { name: "data-bridge", run: times(reps, () => DbRead.find().limit(size).toList()) },
      { name: "data-bridge lean", run: times(reps, () => DbRead.find().limit(size).lean().toList()) },
      { name: "mongoose", run: times(reps, () => MgRead.find({}).limit(size).exec()) },
      { name: "mongoose lean", run: times(reps, () => MgRead.find({}).limit(size).lean().exec()) },
      { name: "papr", run: times(reps, () => PaRead.find({}, { limit: size })) },
    ]),
  );
}

rows.push(
  await measure("findOne by _id", [
    { name: "driver", run: times(ONE, (i) => raw.reads.findOne({ _id: pick(i) })) },
    { name: "data-bridge", run: times(ONE, (i) => DbRead.get(pick(i))) },
    { name: "mongoose", run: times(ONE, (i) => MgRead.findById(pick(i)).exec()) },
    { name: "mongoose lean", run: times(ONE, (i) => MgRead.findById(pick(i)).lean().exec()) },
    { name: "papr", run: times(ONE, (i) => PaRead.findById(pick(i))) },
  ]),
);

const writeIds = async (name: string) =>
  (
    await db
      .collection(name)
      .find({}, { projection: { _id: 1 }, limit: 1000 })
      .toArray()
  ).map((d) => d._id);
const [rawIds, dbIds, mgIds, paIds] = (await Promise.all(
  ["raw_users", "db_users", "mg_users", "pa_users"].map(writeIds),
)) as ObjectId[][];
const at = (list: ObjectId[], i: number) => list[(i * 31) % list.length]!;

rows.push(
  await measure("updateOne by _id ($set)", [
    {
      name: "driver",
      run: times(ONE, (i) => raw.users.updateOne({ _id: at(rawIds!, i) }, { $set: { score: i } })),
    },
    {
      name: "data-bridge",
      run: times(ONE, (i) => DbUser.updateOne(DbUser.f._id.eq(at(dbIds!, i)), { $set: { score: i } })),
    },
    {
      name: "mongoose",
      run: times(ONE, (i) => MgUser.updateOne({ _id: at(mgIds!, i) }, { $set: { score: i } }).exec()),
    },
    {
      name: "papr",
      run: times(ONE, (i) => PaUser.updateOne({ _id: at(paIds!, i) }, { $set: { score: i } })),
    },
  ]),
);

rows.push(
  await measure("load, change one field, save", [
    {
      name: "driver",
      run: times(ONE / 2, async (i) => {
        const doc = await raw.users.findOne({ _id: at(rawIds!, i) });
        await raw.users.updateOne({ _id: doc!._id }, { $set: { age: (doc!.age + 1) % 90 } });
      }),
    },
    {
      name: "data-bridge",
      run: times(ONE / 2, async (i) => {
        const doc = (await DbUser.get(at(dbIds!, i)))!;
        doc.age = (doc.age + 1) % 90;
        await doc.save();
      }),
    },
    {
      name: "mongoose",
      run: times(ONE / 2, async (i) => {
        const doc = (await MgUser.findById(at(mgIds!, i)).exec())!;
        doc.age = (doc.age + 1) % 90;
        await doc.save();
      }),
    },
  ]),
);

rows.push(
  await measure("updateMany (~1/9 of docs, $inc)", [
    {
      name: "driver",
      run: times(4, (i) => raw.users.updateMany({ age: { $lt: 10 } }, { $inc: { score: i } })),
    },
    {
      name: "data-bridge",
      run: times(4, (i) => DbUser.updateMany(DbUser.f.age.lt(10), { $inc: { score: i } })),
    },
    {
      name: "mongoose",
      run: times(4, (i) => MgUser.updateMany({ age: { $lt: 10 } }, { $inc: { score: i } }).exec()),
    },
    { name: "papr", run: times(4, (i) => PaUser.updateMany({ age: { $lt: 10 } }, { $inc: { score: i } })) },
  ]),
);

/** 100 upserts by email per round; a third of them insert, the rest update earlier ones. */
const upserts = (round: number) =>
  Array.from({ length: 100 }, (_, i) => {
    const { _id, email, ...set } = person(100_000 + (((round + 1) * 100 + i) % 150));
    return { updateOne: { filter: { email }, update: { $set: set }, upsert: true } };
  });
const bulk = (write: (round: number) => Promise<unknown>) => async (round: number) => {
  await write(round);
  return 1;
};
rows.push(
  await measure("bulkWrite 100 upserts", [
    { name: "driver", run: bulk((round) => raw.users.bulkWrite(upserts(round))) },
    {
      name: "data-bridge",
      run: bulk((round) =>
        DbUser.bulkWrite(
          upserts(round).map(({ updateOne: op }) => ({
            updateOne: { ...op, filter: DbUser.f.email.eq(op.filter.email) },
          })),
        ),
      ),
    },
    { name: "mongoose", run: bulk((round) => MgUser.bulkWrite(upserts(round))) },
    { name: "papr", run: bulk((round) => PaUser.bulkWrite(upserts(round))) },
  ]),
);

// CPU only: 10,000 decoded documents, validated and turned into model instances.
const decoded: DriverDocument[] = await raw.reads.find({}).toArray();
const TEN_K = Array.from({ length: 10_000 }, (_, i) => ({ ...decoded[i % decoded.length]! }));
const cpu = (each: (doc: DriverDocument) => unknown) => () => {
  for (const doc of TEN_K) each(doc);
  return TEN_K.length;
};
rows.push(
  await measure("CPU: validate + hydrate 10,000 decoded docs", [
    {
      name: "mongoose",
      run: cpu((doc) => {
        const hydrated = MgRead.hydrate(doc);
        if (hydrated.validateSync()) throw new Error("invalid");
      }),
    },
    { name: "data-bridge", run: cpu((doc) => DbRead.hydrate(doc as never, { validate: true })) },
    { name: "mongoose (hydrate only)", run: cpu((doc) => MgRead.hydrate(doc)) },
    { name: "data-bridge (hydrate only)", run: cpu((doc) => DbRead.hydrate(doc as never)) },
  ]),
);

// ---------------------------------------------------------------- report

await disconnect();
await mongo.close();
await client.close();
await server.stop();

console.log(`ORM benchmark, ${ROUNDS} rounds, Bun ${Bun.version}, embedded server in a child process\n`);
for (const row of rows) {
  console.log(`### ${row.case}`);
  const base = row.results[0]!.name;
  console.log(`| contender | µs/op (median) | x ${base} (median of rounds) | x ${base} (best rounds) |`);
  console.log("| --- | ---: | ---: | ---: |");
  for (const r of row.results) {
    console.log(
      `| ${r.name} | ${r.usPerOp.toFixed(r.usPerOp < 1 ? 3 : r.usPerOp < 10 ? 2 : 1)} | ${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2)}x | ${r.best.toFixed(r.best < 0.1 ? 3 : 2)}x |`,
    );
  }
  console.log("");
}
