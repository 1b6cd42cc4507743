import { describe, expect, test } from "bun:test";
import { Int32 } from "bson";
import { compileProjection } from "../../src/server/query/projection.ts";
import { compileSort } from "../../src/server/query/sort.ts";

import { rejects } from "./helpers.ts";

type Doc = Record<string, unknown>;
const i = (n: number) => new Int32(n);
const project = (spec: Doc, doc: Doc, position?: number) => compileProjection(spec)(doc, position);

const doc = { _id: i(1), a: i(1), b: { c: i(2), d: i(3) }, arr: [{ x: i(1), y: i(2) }, { x: i(3) }, i(7)] };

describe("projection", () => {
  test("inclusion keeps document order and _id", () => {
    expect(project({ b: 1, a: 1 }, doc)).toEqual({ _id: i(1), a: i(1), b: doc.b });
    expect(project({ a: 1, _id: 0 }, doc)).toEqual({ a: i(1) });
    expect(project({ _id: 1 }, doc)).toEqual({ _id: i(1) });
    expect(project({ "b.c": 1 }, doc)).toEqual({ _id: i(1), b: { c: i(2) } });
    expect(project({ b: { d: true } }, doc)).toEqual({ _id: i(1), b: { d: i(3) } });
    expect(project({ "arr.x": 1 }, doc)).toEqual({ _id: i(1), arr: [{ x: i(1) }, { x: i(3) }] });
    expect(project({ "a.z": 1 }, doc)).toEqual({ _id: i(1) });
  });
  test("exclusion", () => {
    expect(project({ b: 0, arr: 0 }, doc)).toEqual({ _id: i(1), a: i(1) });
    expect(project({ _id: 0 }, { _id: 1, a: 2 })).toEqual({ a: 2 });
    expect(project({ "b.c": 0, "arr.x": 0, _id: false }, doc)).toEqual({
      a: i(1),
      b: { d: i(3) },
      arr: [{ y: i(2) }, {}, i(7)],
    });
    expect(project({}, doc)).toEqual(doc);
  });
  test("mixing inclusion and exclusion fails", () => {
    rejects(
      () => compileProjection({ a: 1, b: 0 }),
      31254,
      "Cannot do exclusion on field b in inclusion projection",
    );
    rejects(
      () => compileProjection({ a: 0, b: 1 }),
      31253,
      "Cannot do inclusion on field b in exclusion projection",
    );
    rejects(() => compileProjection({ a: 1, "a.b": 1 }), 31250);
    rejects(() => compileProjection({ a: {} }), 51270);
    rejects(() => compileProjection({ $a: 1 }), 16410);
  });
  test("positional, $slice, $elemMatch", () => {
    expect(project({ "arr.$": 1 }, doc, 1)).toEqual({ _id: i(1), arr: [{ x: i(3) }] });
    rejects(() => project({ "arr.$": 1 }, doc), 51246);
    rejects(() => compileProjection({ "a.$": 1, "b.$": 1 }), 31276);
    expect(project({ arr: { $slice: 1 } }, doc)).toEqual({ ...doc, arr: [doc.arr[0]] });
    expect(project({ arr: { $slice: -1 }, a: 1 }, doc)).toEqual({ _id: i(1), a: i(1), arr: [i(7)] });
    expect(project({ arr: { $slice: [i(1), i(5)] } }, doc)).toEqual({ ...doc, arr: doc.arr.slice(1) });
    expect(project({ arr: { $slice: [i(-2), i(1)] } }, doc)).toEqual({ ...doc, arr: [doc.arr[1]] });
    rejects(() => compileProjection({ arr: { $slice: [i(1), i(0)] } }), 28724);
    expect(project({ arr: { $elemMatch: { x: { $gt: i(1) } } }, a: 1 }, doc)).toEqual({
      _id: i(1),
      a: i(1),
      arr: [{ x: i(3) }],
    });
    expect(project({ arr: { $elemMatch: { x: i(9) } } }, doc)).toEqual({ _id: i(1) });
  });
  test("computed fields (aggregation expressions)", () => {
    expect(project({ a: 1, s: { $add: ["$a", i(1)] }, "n.m": "$b.c", lit: { $literal: 1 } }, doc)).toEqual({
      _id: i(1),
      a: i(1),
      s: i(2),
      n: { m: i(2) },
      lit: i(1),
    });
    expect(project({ _id: 0, x: "$missing" }, doc)).toEqual({});
  });
  test("does not mutate its input", () => {
    const input = structuredClone({ a: [1, 2, 3], b: { c: 1, d: 2 } });
    const copy = structuredClone(input);
    compileProjection({ "b.c": 0, a: { $slice: 1 } })(input);
    expect(input).toEqual(copy);
  });
});

describe("sort", () => {
  test("multiple keys, missing as null, arrays by min/max", () => {
    const docs: Doc[] = [
      { _id: 1, a: i(2), b: "x" },
      { _id: 2, a: [i(5), i(1)] },
      { _id: 3 },
      { _id: 4, a: null },
      { _id: 5, a: [] },
      { _id: 6, a: i(2), b: "a" },
      { _id: 7, a: "s" },
    ];
    const ids = (spec: Doc) => [...docs].sort(compileSort(spec)).map((d) => d._id);
    expect(ids({ a: 1, b: 1 })).toEqual([5, 3, 4, 2, 6, 1, 7]);
    expect(ids({ a: -1, _id: 1 })).toEqual([7, 2, 1, 6, 3, 4, 5]);
    rejects(() => compileSort({ a: 2 }), 15975);
  });
  test("$natural: 1 keeps the input order; -1 is the scan's job", () => {
    const docs: Doc[] = [{ n: i(2) }, { n: i(1) }];
    expect([...docs].sort(compileSort({ $natural: i(1) }))).toEqual(docs);
    rejects(() => compileSort({ $natural: i(-1) }), 2);
  });
  test("collation", () => {
    const docs: Doc[] = [{ s: "b" }, { s: "B" }, { s: "a" }];
    expect([...docs].sort(compileSort({ s: 1 })).map((d) => d.s)).toEqual(["B", "a", "b"]);
    expect(
      [...docs].sort(compileSort({ s: 1 }, { collation: { locale: "en", strength: 1 } })).map((d) => d.s),
    ).toEqual(["a", "b", "B"]);
  });
});
