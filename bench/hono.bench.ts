/**
 * Cost of `crud()` per request, in process (`app.fetch`, no sockets, so the router's own work is
 * what differs): against the same routes hand-written on the ORM, and hand-written on the raw
 * driver (no validation at all: the floor). The embedded server runs in a child process.
 *
 *   bun bench/hono.bench.ts            # full run
 *   bun bench/hono.bench.ts --quick    # fewer rounds, for a smoke check
 *
 * "x driver" is the median over rounds of contender time / driver-route time in the same round;
 * contenders run in a rotated order every round so machine noise hits them alike.
 */
import { ObjectId } from "bson";
import { Hono } from "hono";
import { MongoClient } from "mongodb";
import { crud, errorHandler } from "../src/http/hono/index.ts";
import { connect, Default, Document, disconnect, Type } from "../src/index.ts";
import { spawnServer } from "../src/server/index.ts";

const ROUNDS = process.argv.includes("--quick") ? 3 : 11;
const OPS = 200;

const shape = {
  name: Type.String({ minLength: 1 }),
  email: Type.String({ format: "email" }),
  age: Type.Integer({ minimum: 0 }),
  tags: Default(Type.Array(Type.String()), []),
  createdAt: Default(Type.Date(), () => new Date()),
};
class CrudUser extends Document("bench_crud", shape) {}
class OrmUser extends Document("bench_orm", shape) {}

const server = await spawnServer();
const { uri } = server;
const dbName = "hono_bench";
const client = await new MongoClient(uri).connect();
const db = client.db(dbName);
await connect(uri, { dbName });
const raw = db.collection("bench_raw");

const person = (i: number) => ({
  name: `user${i}`,
  email: `user${i}@example.com`,
  age: i % 90,
  tags: ["a"],
  createdAt: new Date(1_700_000_000_000 + i),
});
const seeded = Array.from({ length: 1000 }, (_, i) => ({ _id: new ObjectId(), ...person(i) }));
for (const name of ["bench_raw", "bench_crud", "bench_orm"]) await db.collection(name).insertMany(seeded);
const idAt = (i: number) => seeded[(i * 7919) % seeded.length]!._id.toHexString();

// ---------------------------------------------------------------- the three apps

const crudApp = new Hono().route(
  "/users",
  crud(CrudUser, { filter: ["name", "age"], maxLimit: 50, total: false }),
);

const ormApp = new Hono();
ormApp.onError(errorHandler());
ormApp.get("/users", async (c) => {
  const min = Number(c.req.query("age[gte]"));
  const items = await OrmUser.find(OrmUser.f.age.gte(min)).sort(OrmUser.f.age.desc()).limit(20);
  return c.json({ items, limit: 20, offset: 0 });
});
ormApp.get("/users/:id", async (c) => c.json(await OrmUser.get(c.req.param("id"))));
ormApp.post("/users", async (c) => c.json(await OrmUser.insert(await c.req.json()), 201));
ormApp.patch("/users/:id", async (c) =>
  c.json(
    await OrmUser.findOneAndUpdate({ _id: new ObjectId(c.req.param("id")) }, { $set: await c.req.json() }),
  ),
);

const rawApp = new Hono();
rawApp.get("/users", async (c) => {
  const min = Number(c.req.query("age[gte]"));
  const items = await raw.find({ age: { $gte: min } }, { sort: { age: -1 }, limit: 20 }).toArray();
  return c.json({ items, limit: 20, offset: 0 });
});
rawApp.get("/users/:id", async (c) => c.json(await raw.findOne({ _id: new ObjectId(c.req.param("id")) })));
rawApp.post("/users", async (c) => {
  const doc = { ...(await c.req.json()), tags: [], createdAt: new Date() };
  await raw.insertOne(doc);
  return c.json(doc, 201);
});
rawApp.patch("/users/:id", async (c) =>
  c.json(await raw.findOneAndUpdate({ _id: new ObjectId(c.req.param("id")) }, { $set: await c.req.json() })),
);

// ---------------------------------------------------------------- harness

type Send = (app: Hono, i: number) => Response | Promise<Response>;
const apps = [
  { name: "driver routes", app: rawApp },
  { name: "ORM routes", app: ormApp },
  { name: "crud()", app: crudApp },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
let serial = 10_000;

async function measure(name: string, send: Send): Promise<string[]> {
  const block = async (app: Hono) => {
    for (let i = 0; i < OPS; i++) {
      const res = await send(app, i);
      if (res.status >= 300) throw new Error(`${name}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  for (const { app } of apps) await block(app);
  const times = new Map<string, number[]>(apps.map((a) => [a.name, []]));
  const ratios = new Map<string, number[]>(apps.map((a) => [a.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const perOp = new Map<string, number>();
    for (let k = 0; k < apps.length; k++) {
      const { name: who, app } = apps[(k + round) % apps.length]!;
      Bun.gc(true);
      const start = Bun.nanoseconds();
      await block(app);
      perOp.set(who, (Bun.nanoseconds() - start) / 1000 / OPS);
    }
    const base = perOp.get(apps[0]!.name)!;
    for (const [who, us] of perOp) {
      times.get(who)!.push(us);
      ratios.get(who)!.push(us / base);
    }
  }
  return apps.map(
    ({ name: who }) =>
      `| ${name} | ${who} | ${median(times.get(who)!).toFixed(1)} | ${median(ratios.get(who)!).toFixed(2)} |`,
  );
}

const json = (method: string, path: string, body: unknown) =>
  new Request(`http://bench${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const body = (i: number) => ({ name: `user${i}`, email: `user${i}@example.com`, age: i % 90 });

try {
  const rows = [
    ...(await measure("list: age[gte], sort, 20 docs", (app, i) =>
      app.fetch(new Request(`http://bench/users?age[gte]=${i % 60}&sort=-age&limit=20`)),
    )),
    ...(await measure("get by id", (app, i) => app.fetch(new Request(`http://bench/users/${idAt(i)}`)))),
    ...(await measure("create", (app) => app.fetch(json("POST", "/users", body(serial++))))),
    ...(await measure("patch one field", (app, i) =>
      app.fetch(json("PATCH", `/users/${idAt(i)}`, { age: i % 90 })),
    )),
  ];

  console.log(`Hono integration benchmark, ${ROUNDS} rounds of ${OPS} requests, Bun ${Bun.version}\n`);
  console.log("| case | routes | µs/request (median) | x driver routes |");
  console.log("| --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
} finally {
  await disconnect();
  await client.close();
  await server.stop();
}
