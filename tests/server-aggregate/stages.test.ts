import { describe, expect, test } from "bun:test";
import type { Document } from "bson";
import { compilePipeline } from "../../src/server/aggregate/pipeline.ts";
import {
  aggregate,
  bson,
  decimal,
  double,
  expectBson,
  expectCode,
  int,
  long,
  MemoryContext,
} from "./helpers.ts";

describe("pipeline validation", () => {
  test("stage shape and names are checked once, at compile time", () => {
    const ctx = new MemoryContext();
    expectCode(() => compilePipeline([{ $foo: 1 }], ctx), 40324, "Unrecognized pipeline stage name: '$foo'");
    expectCode(() => compilePipeline([{ $match: {}, $limit: 1 }], ctx), 40323);
    expectCode(() => compilePipeline({ $match: {} }, ctx), 14);
    expectCode(() => compilePipeline([{ $out: "x" }, { $match: {} }], ctx), 40601);
    expectCode(() => compilePipeline([{ $project: { a: { $nope: 1 } } }], ctx), 168);
  });

  test("async input is accepted", async () => {
    async function* source() {
      yield { a: 1 };
      yield { a: 2 };
    }
    const run = compilePipeline([{ $match: { a: { $gt: 1 } } }], new MemoryContext());
    const out: Document[] = [];
    for await (const doc of run(source())) out.push(doc);
    expect(out).toEqual([{ a: 2 }]);
  });
});

describe("$match", () => {
  test("query operators and $expr with command variables", () => {
    const docs = [
      { a: 1, b: 5 },
      { a: 6, b: 5 },
      { a: 9, b: 1 },
    ];
    expectBson(aggregate([{ $match: { a: { $gt: 2 } } }], docs), [
      { a: int(6), b: int(5) },
      { a: int(9), b: int(1) },
    ]);
    const ctx = new MemoryContext({}, { variables: { limit: int(5) } });
    expectBson(aggregate([{ $match: { $expr: { $gt: ["$a", "$$limit"] } } }], docs, ctx), [
      { a: int(6), b: int(5) },
      { a: int(9), b: int(1) },
    ]);
    expectCode(() => aggregate([{ $match: 5 }]), 15959);
  });
});

describe("$project", () => {
  const doc = { _id: 1, a: 1, b: { c: 2, d: 3 }, arr: [{ x: 1, y: 2 }, 5, [{ x: 3 }]] };

  test("inclusion keeps _id and document order; nested paths apply into arrays", () => {
    const [out] = aggregate([{ $project: { b: 1, a: 1 } }], [doc]);
    expect(Object.keys(out!)).toEqual(["_id", "a", "b"]);
    expectBson(aggregate([{ $project: { _id: 0, "b.c": 1, "arr.x": 1 } }], [doc]), [
      { b: { c: int(2) }, arr: [{ x: int(1) }, [{ x: int(3) }]] },
    ]);
    expectBson(aggregate([{ $project: { b: { d: true } } }], [doc]), [{ _id: int(1), b: { d: int(3) } }]);
  });

  test("computed fields, literals and $$REMOVE", () => {
    expectBson(
      aggregate(
        [{ $project: { sum: { $add: ["$a", "$b.c"] }, s: { $literal: 1 }, gone: "$$REMOVE", text: "hi" } }],
        [doc],
      ),
      [{ _id: int(1), sum: int(3), s: int(1), text: "hi" }],
    );
    expectBson(
      aggregate([{ $project: { "b.e": { $literal: 9 }, _id: 0 } }], [{ b: { c: 1 } }, { b: 5 }, {}]),
      [{ b: { e: int(9) } }, { b: { e: int(9) } }, { b: { e: int(9) } }],
    );
  });

  test("exclusion keeps everything else, recursing into arrays", () => {
    expectBson(aggregate([{ $project: { a: 0, "arr.y": 0, "b.d": 0 } }], [doc]), [
      { _id: int(1), b: { c: int(2) }, arr: [{ x: int(1) }, int(5), [{ x: int(3) }]] },
    ]);
    expectBson(aggregate([{ $project: { _id: 0 } }], [{ _id: 1, a: 2 }]), [{ a: int(2) }]);
  });

  test("errors: mixing, expressions in exclusion, empty specs, collisions", () => {
    expectCode(() => aggregate([{ $project: { a: 1, b: 0 } }]), 31254);
    expectCode(() => aggregate([{ $project: { a: 0, b: 1 } }]), 31253);
    expectCode(() => aggregate([{ $project: { a: 0, b: "$x" } }]), 31252);
    expectCode(() => aggregate([{ $project: {} }]), 51272);
    expectCode(() => aggregate([{ $project: { a: {} } }]), 51270);
    expectCode(() => aggregate([{ $project: { a: 1, "a.b": 1 } }]), 31250);
    expectCode(() => aggregate([{ $project: { $a: 1 } }]), 16410);
  });
});

describe("$addFields / $set / $unset / $replaceRoot", () => {
  test("$addFields replaces in place, appends new fields, merges nested specs", () => {
    const [out] = aggregate(
      [{ $addFields: { a: "new", z: { $add: ["$n", 1] }, "sub.x": 1, obj: { y: 2 } } }],
      [{ a: 1, n: 1, sub: { w: 0 }, obj: { x: 1 } }],
    );
    expectBson(out, {
      a: "new",
      n: int(1),
      sub: { w: int(0), x: int(1) },
      obj: { x: int(1), y: int(2) },
      z: int(2),
    });
  });

  test("$set into arrays of documents sets the field in every element", () => {
    expectBson(aggregate([{ $set: { "arr.flag": true } }], [{ arr: [{ a: 1 }, 2] }]), [
      { arr: [{ a: int(1), flag: true }, { flag: true }] },
    ]);
  });

  test("$addFields with $$REMOVE drops a field; input documents are not mutated", () => {
    const input = bson({ a: 1, b: 2 });
    const [out] = Array.from(compilePipeline([{ $set: { a: "$$REMOVE" } }], new MemoryContext())([input]));
    expectBson(out, { b: int(2) });
    expectBson(input, { a: int(1), b: int(2) });
  });

  test("$unset", () => {
    expectBson(aggregate([{ $unset: ["a", "b.c"] }], [{ a: 1, b: { c: 1, d: 2 }, e: 3 }]), [
      { b: { d: int(2) }, e: int(3) },
    ]);
    expectBson(aggregate([{ $unset: "e" }], [{ a: 1, e: 3 }]), [{ a: int(1) }]);
    expectCode(() => aggregate([{ $unset: [1] }]), 31120);
  });

  test("$replaceRoot / $replaceWith", () => {
    expectBson(aggregate([{ $replaceRoot: { newRoot: "$inner" } }], [{ inner: { a: 1 } }]), [{ a: int(1) }]);
    expectBson(aggregate([{ $replaceWith: { $mergeObjects: [{ d: 0 }, "$$ROOT"] } }], [{ a: 1 }]), [
      { d: int(0), a: int(1) },
    ]);
    expectCode(() => aggregate([{ $replaceRoot: { newRoot: "$x" } }], [{ x: 1 }]), 40228);
    expectCode(() => aggregate([{ $replaceRoot: { root: "$x" } }]), 40415);
  });
});

describe("$group", () => {
  const sales = [
    { item: "a", qty: 2, price: 10, tag: "x" },
    { item: "b", qty: 1, price: 20.5, tag: "y" },
    { item: "a", qty: 3, price: 10, tag: "x" },
    { item: "a", qty: long(4), price: 5, tag: "z" },
  ];

  test("accumulators keep BSON types", () => {
    const out = aggregate(
      [
        {
          $group: {
            _id: "$item",
            n: { $sum: 1 },
            count: { $count: {} },
            qty: { $sum: "$qty" },
            avg: { $avg: "$price" },
            min: { $min: "$price" },
            max: { $max: "$price" },
            first: { $first: "$tag" },
            last: { $last: "$tag" },
            tags: { $push: "$tag" },
            set: { $addToSet: "$tag" },
          },
        },
      ],
      sales,
    );
    expectBson(out, [
      {
        _id: "a",
        n: int(3),
        count: int(3),
        qty: long(9),
        avg: double(25 / 3),
        min: int(5),
        max: int(10),
        first: "x",
        last: "z",
        tags: ["x", "x", "z"],
        set: ["x", "z"],
      },
      {
        _id: "b",
        n: int(1),
        count: int(1),
        qty: int(1),
        avg: double(20.5),
        min: double(20.5),
        max: double(20.5),
        first: "y",
        last: "y",
        tags: ["y"],
        set: ["y"],
      },
    ]);
  });

  test("numerically equal keys share a group; missing keys group as null", () => {
    const out = aggregate(
      [{ $group: { _id: "$k", n: { $sum: 1 } } }],
      [{ k: int(1) }, { k: double(1) }, { k: long(1) }, {}, { k: null }],
    );
    expectBson(out, [
      { _id: int(1), n: int(3) },
      { _id: null, n: int(2) },
    ]);
  });

  test("compound keys, null _id, Decimal128 sums, Int32 overflow", () => {
    expectBson(
      aggregate([{ $group: { _id: { i: "$item", t: "$tag" }, n: { $sum: 1 } } }], sales.slice(0, 2)),
      [
        { _id: { i: "a", t: "x" }, n: int(1) },
        { _id: { i: "b", t: "y" }, n: int(1) },
      ],
    );
    expectBson(
      aggregate(
        [{ $group: { _id: null, s: { $sum: "$v" } } }],
        [{ v: decimal("0.1") }, { v: 0.2 }, { v: 1 }],
      ),
      [{ _id: null, s: decimal("1.300000000000000011102230246251565") }],
    );
    expectBson(aggregate([{ $group: { _id: null, s: { $sum: "$v" } } }], [{ v: 2147483647 }, { v: 1 }]), [
      { _id: null, s: long(2147483648) },
    ]);
    expectBson(
      aggregate([{ $group: { _id: null, s: { $sum: "$v" } } }], [{ v: 0.1 }, { v: 0.2 }, { v: 0.3 }]),
      [{ _id: null, s: double(0.6) }],
    );
  });

  test("$avg of nothing is null, $sum of nothing is 0, $stdDev, $mergeObjects, N accumulators", () => {
    const out = aggregate(
      [
        {
          $group: {
            _id: null,
            avg: { $avg: "$missing" },
            sum: { $sum: "$missing" },
            pop: { $stdDevPop: "$v" },
            samp: { $stdDevSamp: "$v" },
            merged: { $mergeObjects: "$o" },
            firstTwo: { $firstN: { input: "$v", n: 2 } },
            lastTwo: { $lastN: { input: "$v", n: 2 } },
            top: { $maxN: { input: "$v", n: 2 } },
            bottom: { $minN: { input: "$v", n: 2 } },
          },
        },
      ],
      [{ v: 2, o: { a: 1 } }, { v: 4, o: { b: 2 } }, { v: 4, o: null }, { v: 5 }],
    );
    expectBson(out, [
      {
        _id: null,
        avg: null,
        sum: int(0),
        pop: double(Math.sqrt(1.1875)),
        samp: double(Math.sqrt(1.1875 * (4 / 3))),
        merged: { a: int(1), b: int(2) },
        firstTwo: [int(2), int(4)],
        lastTwo: [int(4), int(5)],
        top: [int(5), int(4)],
        bottom: [int(2), int(4)],
      },
    ]);
  });

  test("$top / $bottom / $topN / $bottomN", () => {
    const scores = [
      { g: 1, p: "a", s: 10 },
      { g: 1, p: "b", s: 30 },
      { g: 1, p: "c", s: 20 },
      { g: 1, p: "d", s: 30 },
    ];
    const out = aggregate(
      [
        {
          $group: {
            _id: "$g",
            best: { $top: { sortBy: { s: -1 }, output: "$p" } },
            worst: { $bottom: { sortBy: { s: -1 }, output: ["$p", "$s"] } },
            top2: { $topN: { n: 2, sortBy: { s: -1 }, output: "$p" } },
            bottom2: { $bottomN: { n: 2, sortBy: { s: -1 }, output: "$p" } },
            none: { $top: { sortBy: { s: 1 }, output: "$missing" } },
          },
        },
      ],
      scores,
    );
    expectBson(out, [
      { _id: int(1), best: "b", worst: ["a", int(10)], top2: ["b", "d"], bottom2: ["c", "a"], none: null },
    ]);
    expectCode(() => aggregate([{ $group: { _id: null, t: { $top: { output: "$p" } } } }]), 5788005);
    expectCode(
      () => aggregate([{ $group: { _id: null, t: { $topN: { n: 0, sortBy: { a: 1 }, output: "$p" } } } }]),
      5787908,
    );
  });

  test("$group honours the collation for keys and $addToSet", () => {
    const ctx = new MemoryContext({}, { collation: { locale: "en", strength: 2 } });
    const out = aggregate(
      [{ $group: { _id: "$s", all: { $addToSet: "$s" } } }],
      [{ s: "a" }, { s: "A" }, { s: "b" }],
      ctx,
    );
    expectBson(out, [
      { _id: "a", all: ["a"] },
      { _id: "b", all: ["b"] },
    ]);
  });

  test("errors", () => {
    expectCode(() => aggregate([{ $group: { n: { $sum: 1 } } }]), 15955);
    expectCode(() => aggregate([{ $group: { _id: null, n: 1 } }]), 40234);
    expectCode(() => aggregate([{ $group: { _id: null, n: { $sum: 1, $avg: 1 } } }]), 40238);
    expectCode(() => aggregate([{ $group: { _id: null, n: { $foo: 1 } } }]), 15952);
    expectCode(() => aggregate([{ $group: { _id: null, n: { $sum: [1, 2] } } }]), 40237);
    expectCode(() => aggregate([{ $group: { _id: null, "a.b": { $sum: 1 } } }]), 40235);
  });
});

describe("$sort / $limit / $skip", () => {
  const docs = [{ a: 3, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "z" }, { b: "w" }, { a: [0, 5] }];

  test("MongoDB order: missing as null, arrays by min (asc) / max (desc)", () => {
    expectBson(aggregate([{ $sort: { a: 1 } }, { $project: { _id: 0, a: 1 } }], docs), [
      {},
      { a: [int(0), int(5)] },
      { a: int(1) },
      { a: int(2) },
      { a: int(3) },
    ]);
    expectBson(aggregate([{ $sort: { a: -1 } }, { $limit: 2 }, { $project: { _id: 0, a: 1 } }], docs), [
      { a: [int(0), int(5)] },
      { a: int(3) },
    ]);
  });

  test("a following $limit bounds the sort and keeps stability", () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ k: i % 5, i }));
    const top = aggregate([{ $sort: { k: 1 } }, { $limit: 3 }], many);
    expectBson(
      top.map((d) => d.i),
      [int(0), int(5), int(10)],
    );
  });

  test("$skip and $limit, and their errors", () => {
    expectBson(aggregate([{ $skip: 1 }, { $limit: 1 }, { $project: { _id: 0, b: 1 } }], docs), [{ b: "y" }]);
    expectCode(() => aggregate([{ $limit: 0 }]), 15958);
    expectCode(() => aggregate([{ $limit: "1" }]), 15957);
    expectCode(() => aggregate([{ $skip: -1 }]), 15956);
    expectCode(() => aggregate([{ $sort: {} }]), 15976);
    expectCode(() => aggregate([{ $sort: { a: 2 } }]), 15975);
  });

  test("$sort uses the collation", () => {
    const ctx = new MemoryContext({}, { collation: { locale: "en", strength: 1 } });
    const out = aggregate([{ $sort: { s: 1 } }], [{ s: "b" }, { s: "B" }, { s: "a" }], ctx);
    expect(out.map((d) => d.s)).toEqual(["a", "b", "B"]);
  });
});

describe("$unwind", () => {
  const docs = [
    { _id: 1, a: [1, 2] },
    { _id: 2, a: [] },
    { _id: 3, a: null },
    { _id: 4 },
    { _id: 5, a: "x" },
  ];

  test("string form drops empty, null and missing", () => {
    expectBson(aggregate([{ $unwind: "$a" }], docs), [
      { _id: int(1), a: int(1) },
      { _id: int(1), a: int(2) },
      { _id: int(5), a: "x" },
    ]);
  });

  test("includeArrayIndex and preserveNullAndEmptyArrays", () => {
    expectBson(
      aggregate(
        [{ $unwind: { path: "$a", includeArrayIndex: "i", preserveNullAndEmptyArrays: true } }],
        docs,
      ),
      [
        { _id: int(1), a: int(1), i: long(0) },
        { _id: int(1), a: int(2), i: long(1) },
        { _id: int(2), i: null },
        { _id: int(3), a: null, i: null },
        { _id: int(4), i: null },
        { _id: int(5), a: "x", i: null },
      ],
    );
  });

  test("nested paths and errors", () => {
    expectBson(aggregate([{ $unwind: "$s.t" }], [{ s: { t: [1, 2], u: 0 } }]), [
      { s: { t: int(1), u: int(0) } },
      { s: { t: int(2), u: int(0) } },
    ]);
    expectCode(() => aggregate([{ $unwind: "a" }]), 28818);
    expectCode(() => aggregate([{ $unwind: { path: "$a", foo: 1 } }]), 28811);
    expectCode(() => aggregate([{ $unwind: { includeArrayIndex: "i" } }]), 28812);
  });
});

describe("other stages", () => {
  test("$count", () => {
    expectBson(aggregate([{ $count: "n" }], [{}, {}]), [{ n: int(2) }]);
    expect(aggregate([{ $count: "n" }], [])).toEqual([]);
    expectCode(() => aggregate([{ $count: "$n" }]), 40158);
    expectCode(() => aggregate([{ $count: "a.b" }]), 40160);
  });

  test("$sortByCount", () => {
    expectBson(aggregate([{ $sortByCount: "$t" }], [{ t: "a" }, { t: "b" }, { t: "b" }]), [
      { _id: "b", count: int(2) },
      { _id: "a", count: int(1) },
    ]);
    expectCode(() => aggregate([{ $sortByCount: "t" }]), 40148);
  });

  test("$bucket", () => {
    const docs = [{ p: 5 }, { p: 15 }, { p: 12 }, { p: 100 }, { p: "x" }];
    expectBson(
      aggregate(
        [
          {
            $bucket: {
              groupBy: "$p",
              boundaries: [0, 10, 20],
              default: "other",
              output: { n: { $sum: 1 }, ps: { $push: "$p" } },
            },
          },
        ],
        docs,
      ),
      [
        { _id: int(0), n: int(1), ps: [int(5)] },
        { _id: int(10), n: int(2), ps: [int(15), int(12)] },
        { _id: "other", n: int(2), ps: [int(100), "x"] },
      ],
    );
    expectCode(() => aggregate([{ $bucket: { groupBy: "$p", boundaries: [0, 10] } }], [{ p: 50 }]), 40066);
    expectCode(() => aggregate([{ $bucket: { groupBy: "$p", boundaries: [10, 0] } }]), 40194);
    expectCode(() => aggregate([{ $bucket: { groupBy: "$p", boundaries: [0, 10], default: 5 } }]), 40199);
    expectCode(() => aggregate([{ $bucket: { groupBy: "$p", boundaries: [0, "a"] } }]), 40193);
  });

  test("$bucketAuto never splits equal values", () => {
    const docs = [1, 1, 1, 2, 3, 4, 5, 6].map((p) => ({ p }));
    expectBson(aggregate([{ $bucketAuto: { groupBy: "$p", buckets: 3 } }], docs), [
      { _id: { min: int(1), max: int(2) }, count: int(3) },
      { _id: { min: int(2), max: int(5) }, count: int(3) },
      { _id: { min: int(5), max: int(6) }, count: int(2) },
    ]);
    expectCode(() => aggregate([{ $bucketAuto: { groupBy: "$p", buckets: 0 } }]), 40243);
  });

  test("$sample returns distinct input documents", () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ i }));
    const out = aggregate([{ $sample: { size: 10 } }], docs);
    expect(out.length).toBe(10);
    expect(new Set(out.map((d) => d.i.value)).size).toBe(10);
    expect(aggregate([{ $sample: { size: 10 } }], docs.slice(0, 3)).length).toBe(3);
    expectCode(() => aggregate([{ $sample: { size: -1 } }]), 28747);
  });

  test("$redact", () => {
    const doc = {
      level: 1,
      keep: { level: 1, x: 1 },
      drop: { level: 5, y: 2 },
      list: [{ level: 5 }, { level: 0, z: 3 }, 7],
    };
    const expr = { $cond: { if: { $gt: ["$level", 2] }, then: "$$PRUNE", else: "$$DESCEND" } };
    expectBson(aggregate([{ $redact: expr }], [doc]), [
      { level: int(1), keep: { level: int(1), x: int(1) }, list: [{ level: int(0), z: int(3) }, int(7)] },
    ]);
    expect(aggregate([{ $redact: "$$PRUNE" }], [doc])).toEqual([]);
    expectCode(() => aggregate([{ $redact: "$level" }], [doc]), 17053);
  });

  test("$documents", () => {
    expectBson(aggregate([{ $documents: [{ a: 1 }, { a: 2 }] }, { $match: { a: 2 } }]), [{ a: int(2) }]);
    expectCode(() => aggregate([{ $match: {} }, { $documents: [] }]), 40602);
  });

  test("$facet runs each sub-pipeline over the same input", () => {
    const docs = [{ a: 1 }, { a: 2 }, { a: 3 }];
    expectBson(
      aggregate(
        [
          {
            $facet: {
              small: [{ $match: { a: { $lt: 2 } } }, { $project: { _id: 0 } }],
              total: [{ $count: "n" }],
            },
          },
        ],
        docs,
      ),
      [{ small: [{ a: int(1) }], total: [{ n: int(3) }] }],
    );
    expectCode(() => aggregate([{ $facet: { x: [{ $out: "c" }] } }]), 51047);
    expectCode(() => aggregate([{ $facet: {} }]), 40169);
    expectCode(() => aggregate([{ $facet: { x: [{ $facet: { y: [] } }] } }]), 40600);
  });
});
