import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import { compilePipeline } from "../../src/server/aggregate/pipeline.ts";
import type { CommandError } from "../../src/server/errors.ts";
import { aggregate, expectBson, expectCode, int, long, MemoryContext } from "./helpers.ts";

const orders = [
  { _id: 1, item: "almonds", qty: 2, tags: ["a", "b"] },
  { _id: 2, item: "pecans", qty: 1, tags: ["c"] },
  { _id: 3, qty: 5 },
];
const inventory = [
  { _id: 10, sku: "almonds", stock: 120, tag: "a" },
  { _id: 11, sku: "pecans", stock: 80, tag: "x" },
  { _id: 12, sku: ["cashews", "almonds"], stock: 60, tag: "b" },
  { _id: 13, stock: 0 },
];

describe("$lookup", () => {
  test("equality join: arrays on either side, missing matches null/missing", () => {
    const ctx = new MemoryContext({ inventory });
    const out = aggregate(
      [
        { $lookup: { from: "inventory", localField: "item", foreignField: "sku", as: "stock" } },
        { $project: { ids: "$stock._id" } },
      ],
      orders,
      ctx,
    );
    expectBson(out, [
      { _id: int(1), ids: [int(10), int(12)] },
      { _id: int(2), ids: [int(11)] },
      { _id: int(3), ids: [int(13)] },
    ]);
    const byTags = aggregate(
      [
        { $lookup: { from: "inventory", localField: "tags", foreignField: "tag", as: "m" } },
        { $project: { ids: "$m._id" } },
      ],
      orders.slice(0, 1),
      ctx,
    );
    expectBson(byTags, [{ _id: int(1), ids: [int(10), int(12)] }]);
  });

  test("the foreign collection is read once per run", () => {
    const ctx = new MemoryContext({ inventory });
    aggregate(
      [{ $lookup: { from: "inventory", localField: "item", foreignField: "sku", as: "s" } }],
      orders,
      ctx,
    );
    expect(ctx.reads).toBe(1);
  });

  test("pipeline form with let variables, including $expr in $match", () => {
    const ctx = new MemoryContext({ inventory });
    const out = aggregate(
      [
        {
          $lookup: {
            from: "inventory",
            let: { need: "$qty", name: "$item" },
            pipeline: [
              {
                $match: {
                  $expr: {
                    $and: [{ $eq: ["$sku", "$$name"] }, { $gte: ["$stock", { $multiply: ["$$need", 50] }] }],
                  },
                },
              },
              { $project: { _id: 1, need: "$$need" } },
            ],
            as: "ok",
          },
        },
        { $project: { ok: 1 } },
      ],
      orders,
      ctx,
    );
    expectBson(out, [
      { _id: int(1), ok: [{ _id: int(10), need: int(2) }] },
      { _id: int(2), ok: [{ _id: int(11), need: int(1) }] },
      { _id: int(3), ok: [] },
    ]);
  });

  test("equality and pipeline combined; nested lookups see outer let variables", () => {
    const ctx = new MemoryContext({
      inventory,
      suppliers: [
        { name: "s1", sku: "almonds" },
        { name: "s2", sku: "pecans" },
      ],
    });
    const out = aggregate(
      [
        {
          $lookup: {
            from: "inventory",
            localField: "item",
            foreignField: "sku",
            let: { q: "$qty" },
            pipeline: [
              { $match: { stock: { $gt: 100 } } },
              {
                $lookup: {
                  from: "suppliers",
                  let: { s: "$sku" },
                  pipeline: [
                    { $match: { $expr: { $eq: ["$sku", "$$s"] } } },
                    { $project: { _id: 0, name: 1, q: "$$q" } },
                  ],
                  as: "sup",
                },
              },
              { $project: { _id: 1, sup: 1 } },
            ],
            as: "rich",
          },
        },
        { $project: { rich: 1 } },
      ],
      orders.slice(0, 2),
      ctx,
    );
    expectBson(out, [
      { _id: int(1), rich: [{ _id: int(10), sup: [{ name: "s1", q: int(2) }] }] },
      { _id: int(2), rich: [] },
    ]);
  });

  test("'as' may be a dotted path; from may name another database; errors", () => {
    const ctx = new MemoryContext({ "other.inv": inventory.slice(0, 1) });
    expectBson(
      aggregate(
        [
          {
            $lookup: {
              from: { db: "other", coll: "inv" },
              localField: "item",
              foreignField: "sku",
              as: "x.y",
            },
          },
          { $project: { n: { $size: "$x.y" } } },
        ],
        orders.slice(0, 1),
        ctx,
      ),
      [{ _id: int(1), n: int(1) }],
    );
    expectCode(() => aggregate([{ $lookup: { from: "i", localField: "a", as: "x" } }]), 9);
    expectCode(() => aggregate([{ $lookup: { from: "i", localField: "a", foreignField: "b" } }]), 9);
    expectCode(() => aggregate([{ $lookup: { from: "i", let: { A: 1 }, pipeline: [], as: "x" } }]), 16867);
    expectCode(() => aggregate([{ $lookup: { from: "i", pipeline: [{ $out: "z" }], as: "x" } }]), 51047);
  });

  test("pipeline starting with $documents needs no 'from'", () => {
    expectBson(
      aggregate(
        [{ $lookup: { pipeline: [{ $documents: [{ k: 1 }] }], as: "d" } }, { $project: { _id: 0 } }],
        [{ a: 1 }],
      ),
      [{ a: int(1), d: [{ k: int(1) }] }],
    );
  });
});

describe("$graphLookup", () => {
  const employees = [
    { _id: 1, name: "Dev" },
    { _id: 2, name: "Eliot", reportsTo: "Dev" },
    { _id: 3, name: "Ron", reportsTo: "Eliot" },
    { _id: 4, name: "Andrew", reportsTo: "Eliot" },
    { _id: 5, name: "Asya", reportsTo: "Ron" },
  ];

  test("follows edges breadth-first with depth and maxDepth", () => {
    const ctx = new MemoryContext({ employees });
    const out = aggregate(
      [
        { $match: { name: "Asya" } },
        {
          $graphLookup: {
            from: "employees",
            startWith: "$reportsTo",
            connectFromField: "reportsTo",
            connectToField: "name",
            as: "chain",
            depthField: "d",
          },
        },
        { $project: { chain: { $map: { input: "$chain", in: ["$$this.name", "$$this.d"] } } } },
      ],
      employees,
      ctx,
    );
    expectBson(out, [
      {
        _id: int(5),
        chain: [
          ["Ron", long(0)],
          ["Eliot", long(1)],
          ["Dev", long(2)],
        ],
      },
    ]);
    const limited = aggregate(
      [
        { $match: { name: "Asya" } },
        {
          $graphLookup: {
            from: "employees",
            startWith: "$reportsTo",
            connectFromField: "reportsTo",
            connectToField: "name",
            as: "c",
            maxDepth: 0,
          },
        },
        { $project: { n: { $size: "$c" } } },
      ],
      employees,
      ctx,
    );
    expectBson(limited, [{ _id: int(5), n: int(1) }]);
  });

  test("restrictSearchWithMatch and cycles", () => {
    const cyclic = [
      { _id: 1, n: "a", next: "b" },
      { _id: 2, n: "b", next: "a" },
    ];
    const ctx = new MemoryContext({ cyclic, employees });
    const out = aggregate(
      [
        {
          $graphLookup: {
            from: "cyclic",
            startWith: "$next",
            connectFromField: "next",
            connectToField: "n",
            as: "r",
          },
        },
        { $project: { n: { $size: "$r" } } },
      ],
      cyclic.slice(0, 1),
      ctx,
    );
    expectBson(out, [{ _id: int(1), n: int(2) }]);
    const restricted = aggregate(
      [
        {
          $graphLookup: {
            from: "employees",
            startWith: "Dev",
            connectFromField: "name",
            connectToField: "reportsTo",
            as: "r",
            restrictSearchWithMatch: { name: { $ne: "Ron" } },
          },
        },
        { $project: { names: "$r.name" } },
      ],
      [{ _id: 0 }],
      ctx,
    );
    expectBson(restricted, [{ _id: int(0), names: ["Eliot", "Andrew"] }]);
    expectCode(
      () => aggregate([{ $graphLookup: { from: "e", startWith: 1, connectFromField: "a", as: "x" } }]),
      40105,
    );
  });
});

describe("$unionWith", () => {
  test("appends another collection, optionally through a pipeline", () => {
    const ctx = new MemoryContext({ more: [{ a: 10 }, { a: 20 }] });
    expectBson(aggregate([{ $unionWith: "more" }, { $project: { _id: 0 } }], [{ a: 1 }], ctx), [
      { a: int(1) },
      { a: int(10) },
      { a: int(20) },
    ]);
    expectBson(
      aggregate(
        [{ $unionWith: { coll: "more", pipeline: [{ $match: { a: 20 } }] } }, { $project: { _id: 0 } }],
        [{ a: 1 }],
        ctx,
      ),
      [{ a: int(1) }, { a: int(20) }],
    );
  });
});

describe("$out", () => {
  test("replaces the target collection, generating missing _id values", () => {
    const ctx = new MemoryContext({ target: [{ _id: 99 }] });
    const out = aggregate([{ $project: { _id: 0, a: 1 } }, { $out: "target" }], [{ _id: 1, a: 1 }], ctx);
    expect(out).toEqual([]);
    const written = ctx.docs("target");
    expect(written.length).toBe(1);
    expect(written[0]!._id).toBeInstanceOf(ObjectId);
    expectBson(written[0]!.a, int(1));
    aggregate([{ $out: { db: "archive", coll: "t" } }], [{ _id: 1 }], ctx);
    expect(ctx.collections.get("archive.t")!.length).toBe(1);
  });
});

describe("$merge", () => {
  const existing = [
    { _id: 1, a: 1, b: 1 },
    { _id: 2, a: 2, b: 2 },
  ];
  const incoming = [
    { _id: 1, b: 10, c: 10 },
    { _id: 3, a: 3 },
  ];

  test("defaults: merge matched fields, insert unmatched", () => {
    const ctx = new MemoryContext({ t: existing });
    aggregate([{ $merge: { into: "t" } }], incoming, ctx);
    expectBson(ctx.docs("t"), [
      { _id: int(1), a: int(1), b: int(10), c: int(10) },
      { _id: int(2), a: int(2), b: int(2) },
      { _id: int(3), a: int(3) },
    ]);
  });

  test("replace / keepExisting / discard / fail modes", () => {
    let ctx = new MemoryContext({ t: existing });
    aggregate([{ $merge: { into: "t", whenMatched: "replace", whenNotMatched: "discard" } }], incoming, ctx);
    expectBson(ctx.docs("t"), [
      { _id: int(1), b: int(10), c: int(10) },
      { _id: int(2), a: int(2), b: int(2) },
    ]);
    ctx = new MemoryContext({ t: existing });
    aggregate([{ $merge: { into: "t", whenMatched: "keepExisting" } }], incoming, ctx);
    expectBson(ctx.docs("t")[0], { _id: int(1), a: int(1), b: int(1) });
    expect(ctx.docs("t").length).toBe(3);
    ctx = new MemoryContext({ t: existing });
    expectCode(() => aggregate([{ $merge: { into: "t", whenMatched: "fail" } }], incoming, ctx), 11000);
    try {
      aggregate([{ $merge: { into: "t", whenMatched: "fail" } }], incoming, ctx);
    } catch (error) {
      expectBson((error as CommandError).extra, { keyPattern: { _id: int(1) }, keyValue: { _id: int(1) } });
    }
    expect(ctx.docs("t").length).toBe(2);
    expectCode(() => aggregate([{ $merge: { into: "t", whenNotMatched: "fail" } }], incoming, ctx), 13113);
    expectCode(() => aggregate([{ $merge: { into: "t", whenMatched: "nope" } }], incoming, ctx), 2);
  });

  test("pipeline whenMatched with $$new and let", () => {
    const ctx = new MemoryContext({ t: existing });
    aggregate(
      [
        {
          $merge: {
            into: "t",
            whenMatched: [{ $set: { b: { $add: ["$b", "$$new.b"] } } }],
            whenNotMatched: "discard",
          },
        },
      ],
      incoming,
      ctx,
    );
    expectBson(ctx.docs("t")[0], { _id: int(1), a: int(1), b: int(11) });
    const ctx2 = new MemoryContext({ t: existing });
    aggregate(
      [{ $merge: { into: "t", let: { inc: "$b" }, whenMatched: [{ $set: { b: "$$inc" } }] } }],
      incoming,
      ctx2,
    );
    expectBson(ctx2.docs("t")[0], { _id: int(1), a: int(1), b: int(10) });
    expectCode(() => aggregate([{ $merge: { into: "t", whenMatched: [{ $match: {} }] } }]), 72);
  });

  test("custom 'on' fields need a unique index and present values", () => {
    const ctx = new MemoryContext({ t: [{ _id: 1, k: "x", v: 1 }] });
    expectCode(() => aggregate([{ $merge: { into: "t", on: "k" } }], [{ k: "x", v: 2 }], ctx), 51183);
    ctx.uniqueIndexes.add("test.t:k");
    aggregate(
      [{ $merge: { into: "t", on: "k" } }],
      [
        { k: "x", v: 2 },
        { k: "y", v: 3 },
      ],
      ctx,
    );
    expectBson(ctx.docs("t")[0], { _id: int(1), k: "x", v: int(2) });
    expect(ctx.docs("t").length).toBe(2);
    expect(ctx.docs("t")[1]!._id).toBeInstanceOf(ObjectId);
    expectCode(() => aggregate([{ $merge: { into: "t", on: "k" } }], [{ v: 1 }], ctx), 51132);
  });

  test("two input documents hitting the same target apply in order", () => {
    const ctx = new MemoryContext({ t: [] });
    aggregate(
      [{ $merge: { into: "t" } }],
      [
        { _id: 1, a: 1 },
        { _id: 1, b: 2 },
      ],
      ctx,
    );
    expectBson(ctx.docs("t"), [{ _id: int(1), a: int(1), b: int(2) }]);
  });

  test("$merge and $out must be last and cannot be nested", () => {
    expectCode(() => compilePipeline([{ $merge: "t" }, { $match: {} }], new MemoryContext()), 40601);
    expectCode(
      () =>
        compilePipeline([{ $unionWith: { coll: "c", pipeline: [{ $merge: "t" }] } }], new MemoryContext()),
      51047,
    );
  });
});
