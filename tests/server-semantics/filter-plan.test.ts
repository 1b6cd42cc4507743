import { describe, expect, test } from "bun:test";
import { Int32 } from "bson";
import { filterPlan } from "../../src/server/query/filter-plan.ts";

const i = (n: number) => new Int32(n);

describe("filterPlan", () => {
  test("collects conjunctive equalities, $in and ranges", () => {
    expect(filterPlan({ a: i(1), b: { $gte: i(2), $lt: i(9) }, $or: [{ c: i(1) }] })).toEqual({
      a: { eq: i(1) },
      b: { gte: i(2), lt: i(9) },
    });
    expect(filterPlan({ $and: [{ a: { $in: [i(1), i(2)] } }, { "x.y": { $eq: "s" } }] })).toEqual({
      a: { in: [i(1), i(2)] },
      "x.y": { eq: "s" },
    });
  });
  test("keeps the tightest bound", () => {
    expect(filterPlan({ $and: [{ a: { $gt: i(1) } }, { a: { $gte: i(5) } }, { a: { $gt: i(5) } }] })).toEqual(
      {
        a: { gt: i(5) },
      },
    );
  });
  test("leaves out what an index cannot answer", () => {
    expect(
      filterPlan({ a: [i(1)], b: /x/, c: { $in: [/x/] }, d: { $ne: i(1) }, e: { $elemMatch: { f: 1 } } }),
    ).toEqual({});
    expect(filterPlan({ a: "x", b: i(1) }, { collation: { locale: "en", strength: 2 } })).toEqual({
      b: { eq: i(1) },
    });
  });
});
