import { describe, expect, test } from "bun:test";
import { aggregate, double, expectBson, expectCode, int } from "./helpers.ts";

const sales = [
  { s: "x", d: 1, v: 10 },
  { s: "y", d: 1, v: 5 },
  { s: "x", d: 3, v: 30 },
  { s: "x", d: 2, v: 20 },
  { s: "y", d: 2, v: 5 },
  { s: "y", d: 4, v: 1 },
];

const project = { $project: { _id: 0, s: 1, d: 1, r: 1 } };

describe("$setWindowFields", () => {
  test("running totals over a documents window, partitions sorted by key then sortBy", () => {
    const out = aggregate(
      [
        {
          $setWindowFields: {
            partitionBy: "$s",
            sortBy: { d: 1 },
            output: { r: { $sum: "$v", window: { documents: ["unbounded", "current"] } } },
          },
        },
        project,
      ],
      sales,
    );
    expectBson(out, [
      { s: "x", d: int(1), r: int(10) },
      { s: "x", d: int(2), r: int(30) },
      { s: "x", d: int(3), r: int(60) },
      { s: "y", d: int(1), r: int(5) },
      { s: "y", d: int(2), r: int(10) },
      { s: "y", d: int(4), r: int(11) },
    ]);
  });

  test("sliding documents window and whole-partition default", () => {
    const out = aggregate(
      [
        {
          $setWindowFields: {
            partitionBy: "$s",
            sortBy: { d: 1 },
            output: { r: { $avg: "$v", window: { documents: [-1, 1] } }, total: { $sum: "$v" } },
          },
        },
        { $match: { s: "x" } },
        { $project: { _id: 0, r: 1, total: 1 } },
      ],
      sales,
    );
    expectBson(out, [
      { r: double(15), total: int(60) },
      { r: double(20), total: int(60) },
      { r: double(25), total: int(60) },
    ]);
  });

  test("range windows over numbers and dates", () => {
    const out = aggregate(
      [
        {
          $setWindowFields: {
            partitionBy: "$s",
            sortBy: { d: 1 },
            output: { r: { $push: "$d", window: { range: [-1, 0] } } },
          },
        },
        { $match: { s: "y" } },
        project,
      ],
      sales,
    );
    expectBson(out, [
      { s: "y", d: int(1), r: [int(1)] },
      { s: "y", d: int(2), r: [int(1), int(2)] },
      { s: "y", d: int(4), r: [int(4)] },
    ]);
    const days = [1, 2, 10].map((n) => ({ t: new Date(Date.UTC(2024, 0, n)), v: n }));
    const byDate = aggregate(
      [
        {
          $setWindowFields: {
            sortBy: { t: 1 },
            output: { r: { $sum: "$v", window: { range: [-7, 0], unit: "day" } } },
          },
        },
        { $project: { _id: 0, r: 1 } },
      ],
      days,
    );
    expectBson(byDate, [{ r: int(1) }, { r: int(3) }, { r: int(10) }]);
    expectCode(
      () =>
        aggregate(
          [
            {
              $setWindowFields: {
                sortBy: { t: 1 },
                output: { r: { $sum: "$v", window: { range: [-7, 0] } } },
              },
            },
          ],
          days,
        ),
      5429513,
    );
  });

  test("$rank, $denseRank, $documentNumber, $shift, $locf", () => {
    const docs = [{ p: 10 }, { p: 20 }, { p: 10 }, { p: 30 }, { p: null }];
    const out = aggregate(
      [
        {
          $setWindowFields: {
            sortBy: { p: -1 },
            output: {
              rank: { $rank: {} },
              dense: { $denseRank: {} },
              n: { $documentNumber: {} },
              prev: { $shift: { output: "$p", by: -1, default: "none" } },
              filled: { $locf: "$p" },
            },
          },
        },
        { $project: { _id: 0 } },
      ],
      docs,
    );
    expectBson(out, [
      { p: int(30), rank: int(1), dense: int(1), n: int(1), prev: "none", filled: int(30) },
      { p: int(20), rank: int(2), dense: int(2), n: int(2), prev: int(30), filled: int(20) },
      { p: int(10), rank: int(3), dense: int(3), n: int(3), prev: int(20), filled: int(10) },
      { p: int(10), rank: int(3), dense: int(3), n: int(4), prev: int(10), filled: int(10) },
      { p: null, rank: int(5), dense: int(4), n: int(5), prev: int(10), filled: int(10) },
    ]);
    expectCode(() => aggregate([{ $setWindowFields: { output: { r: { $rank: {} } } } }]), 5371601);
    expectCode(() => aggregate([{ $setWindowFields: { output: { r: { $nope: 1 } } } }]), 15952);
  });

  test("without partitionBy and sortBy the whole input is one partition", () => {
    expect(
      aggregate(
        [{ $setWindowFields: { output: { n: { $count: {} } } } }, { $project: { _id: 0, n: 1 } }],
        [{}, {}],
      ).length,
    ).toBe(2);
  });
});
