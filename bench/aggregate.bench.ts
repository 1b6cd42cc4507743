/**
 * Aggregation engine throughput, as a library over in-memory documents (no server, no BSON I/O),
 * beside hand-written JS doing the same work on the same documents (the floor: what any engine
 * would cost at best). Run: `bun bench/aggregate.bench.ts` (BENCH_DOCS=... to resize).
 *
 * Every case reports ms per run for the engine and the floor, and their ratio. Pipelines are
 * compiled once outside the timed runs, as the server does per command.
 */
import { type Document, Double, Int32 } from "bson";
import type { AggregateContext } from "../src/server/aggregate/context.ts";
import { compileExpression } from "../src/server/aggregate/expression.ts";
import { compilePipeline } from "../src/server/aggregate/pipeline.ts";

const N = Number(process.env.BENCH_DOCS ?? 100_000);
const ROUNDS = 15;
const CITIES = ["Oslo", "Lima", "Pune", "Kyiv", "Rome", "Nara"];

const docs: Document[] = Array.from({ length: N }, (_, i) => ({
  _id: new Int32(i),
  city: CITIES[i % CITIES.length],
  age: new Int32(i % 90),
  score: new Double(((i * 7) % 1000) / 10),
  tags: [`t${i % 3}`, `t${i % 5}`],
  address: { zip: new Int32(10_000 + (i % 500)), street: `Main ${i}` },
}));
const customers: Document[] = Array.from({ length: 500 }, (_, i) => ({
  _id: new Int32(10_000 + i),
  name: `zip${i}`,
}));

const ctx: AggregateContext = {
  dbName: "bench",
  now: new Date(),
  readCollection: () => customers,
  replaceCollection: () => {},
  applyMerge: () => {},
};

interface Case {
  name: string;
  engine: () => unknown;
  floor: () => unknown;
}

const num = (v: unknown) => (v as { value: number }).value;

const cases: Case[] = [
  {
    name: "$match + $group ($sum, $avg) + $sort",
    engine: (() => {
      const run = compilePipeline(
        [
          { $match: { age: { $gte: new Int32(18) } } },
          { $group: { _id: "$city", n: { $sum: new Int32(1) }, avg: { $avg: "$score" } } },
          { $sort: { n: new Int32(-1) } },
        ],
        ctx,
      );
      return () => Array.from(run(docs));
    })(),
    floor: () => {
      const groups = new Map<string, { n: number; total: number }>();
      for (const d of docs) {
        if (num(d.age) < 18) continue;
        const g = groups.get(d.city) ?? { n: 0, total: 0 };
        g.n++;
        g.total += num(d.score);
        groups.set(d.city, g);
      }
      return [...groups]
        .map(([city, g]) => ({ _id: city, n: new Int32(g.n), avg: new Double(g.total / g.n) }))
        .sort((a, b) => b.n.value - a.n.value);
    },
  },
  {
    name: "$project with computed fields",
    engine: (() => {
      const run = compilePipeline(
        [
          {
            $project: {
              city: 1,
              double: { $multiply: ["$score", new Int32(2)] },
              label: { $concat: ["$city", "-", "$address.street"] },
            },
          },
        ],
        ctx,
      );
      return () => Array.from(run(docs));
    })(),
    floor: () =>
      docs.map((d) => ({
        _id: d._id,
        city: d.city,
        double: new Double(num(d.score) * 2),
        label: `${d.city}-${d.address.street}`,
      })),
  },
  {
    name: "$unwind + $group by array element",
    engine: (() => {
      const run = compilePipeline(
        [{ $unwind: "$tags" }, { $group: { _id: "$tags", n: { $sum: new Int32(1) } } }],
        ctx,
      );
      return () => Array.from(run(docs));
    })(),
    floor: () => {
      const counts = new Map<string, number>();
      for (const d of docs) for (const t of d.tags as string[]) counts.set(t, (counts.get(t) ?? 0) + 1);
      return [...counts].map(([t, n]) => ({ _id: t, n: new Int32(n) }));
    },
  },
  {
    name: "$sort + $limit 10 (top-k)",
    engine: (() => {
      const run = compilePipeline([{ $sort: { score: new Int32(-1) } }, { $limit: new Int32(10) }], ctx);
      return () => Array.from(run(docs));
    })(),
    floor: () =>
      docs
        .slice()
        .sort((a, b) => num(b.score) - num(a.score))
        .slice(0, 10),
  },
  {
    name: "$lookup equality join (500 foreign docs)",
    engine: (() => {
      const run = compilePipeline(
        [{ $lookup: { from: "customers", localField: "address.zip", foreignField: "_id", as: "c" } }],
        ctx,
      );
      return () => Array.from(run(docs));
    })(),
    floor: () => {
      const byId = new Map(customers.map((c) => [num(c._id), c]));
      return docs.map((d) => {
        const c = byId.get(num(d.address.zip));
        return { ...d, c: c ? [c] : [] };
      });
    },
  },
  {
    name: "expression { $add: [$age, { $multiply: [$score, 2] }] } per document",
    engine: (() => {
      const expr = compileExpression({ $add: ["$age", { $multiply: ["$score", new Int32(2)] }] });
      return () => {
        let last: unknown;
        for (const d of docs) last = expr(d);
        return last;
      };
    })(),
    floor: () => {
      let last: unknown;
      for (const d of docs) last = new Double(num(d.age) + num(d.score) * 2);
      return last;
    },
  },
];

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

console.log(`aggregation engine vs hand-written JS, ${N} documents, median of ${ROUNDS} interleaved rounds`);
const rows = [];
for (const c of cases) {
  c.engine();
  c.floor();
  const engine: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    engine.push(time(c.engine));
    floor.push(time(c.floor));
  }
  const e = median(engine);
  const f = median(floor);
  rows.push({
    case: c.name,
    "engine ms": e.toFixed(1),
    "floor ms": f.toFixed(1),
    "x floor": (e / f).toFixed(2),
    "docs/s": Math.round((N / e) * 1000).toLocaleString("en"),
  });
}
console.table(rows);
