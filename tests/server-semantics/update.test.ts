import { describe, expect, test } from "bun:test";
import { Decimal128, Double, Int32, Long, type Timestamp } from "bson";
import { compileUpdate, upsertSeed } from "../../src/server/update/index.ts";
import type { UpdateOptions } from "../../src/server/update/types.ts";

import { rejects } from "./helpers.ts";

type Doc = Record<string, unknown>;
const i = (n: number) => new Int32(n);
const d = (n: number) => new Double(n);
const now = new Date(1_700_000_000_000);

function apply(
  update: unknown,
  doc: Doc,
  options: UpdateOptions = {},
  extra: { isInsert?: boolean; positionalIndex?: number } = {},
) {
  return compileUpdate(update, options).apply(doc, { isInsert: extra.isInsert ?? false, now, ...extra });
}
const result = (
  update: unknown,
  doc: Doc,
  options?: UpdateOptions,
  extra?: { isInsert?: boolean; positionalIndex?: number },
) => apply(update, doc, options, extra).doc;

describe("$set / $unset", () => {
  test("sets, creates intermediate documents, keeps field order, appends new fields sorted", () => {
    const doc = { _id: i(1), b: i(1), a: { x: i(1) } };
    expect(Object.keys(result({ $set: { z: i(1), c: i(2), b: i(9) } }, doc))).toEqual([
      "_id",
      "b",
      "a",
      "c",
      "z",
    ]);
    expect(result({ $set: { "a.y.z": i(2) } }, doc)).toEqual({
      _id: i(1),
      b: i(1),
      a: { x: i(1), y: { z: i(2) } },
    });
    expect(result({ $set: { "n.0": i(2) } }, doc)).toEqual({ ...doc, n: { "0": i(2) } });
    expect(doc).toEqual({ _id: i(1), b: i(1), a: { x: i(1) } });
  });
  test("array indexes, padding with null", () => {
    expect(result({ $set: { "a.1": i(5) } }, { a: [i(1), i(2)] })).toEqual({ a: [i(1), i(5)] });
    expect(result({ $set: { "a.4": i(5) } }, { a: [i(1)] })).toEqual({ a: [i(1), null, null, null, i(5)] });
    expect(result({ $set: { "a.1.b": i(5) } }, { a: [i(1), {}] })).toEqual({ a: [i(1), { b: i(5) }] });
  });
  test("no-op detection is type-exact", () => {
    expect(apply({ $set: { a: i(1) } }, { a: i(1) }).modified).toBe(false);
    expect(apply({ $set: { a: d(1) } }, { a: i(1) }).modified).toBe(true);
    const doc = { a: { b: [i(1)] } };
    const same = apply({ $set: { a: { b: [i(1)] } } }, doc);
    expect(same.modified).toBe(false);
    expect(same.doc).toBe(doc);
  });
  test("$unset removes; in arrays it sets null; missing is a no-op", () => {
    expect(result({ $unset: { a: "" } }, { a: i(1), b: i(2) })).toEqual({ b: i(2) });
    expect(result({ $unset: { "a.1": 1 } }, { a: [i(1), i(2)] })).toEqual({ a: [i(1), null] });
    expect(apply({ $unset: { "x.y": 1 } }, { a: i(1) }).modified).toBe(false);
    expect(apply({ $unset: { "a.y": 1 } }, { a: i(1) }).modified).toBe(false);
  });
  test("traversing a scalar fails with PathNotViable", () => {
    rejects(
      () => apply({ $set: { "a.b": i(1) } }, { a: i(5) }),
      28,
      "Cannot create field 'b' in element {a: 5}",
    );
    rejects(
      () => apply({ $set: { "a.b": i(1) } }, { a: [i(1)] }),
      28,
      "Cannot create field 'b' in element {a: [ 1 ]}",
    );
  });
  test("_id is immutable", () => {
    rejects(
      () => apply({ $set: { _id: i(2) } }, { _id: i(1) }),
      66,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
    expect(apply({ $set: { _id: i(1) } }, { _id: i(1) }).modified).toBe(false);
    expect(result({ $set: { _id: i(2) } }, {}, {}, { isInsert: true })).toEqual({ _id: i(2) });
  });
});

describe("arithmetic", () => {
  test("$inc keeps BSON types and promotes on overflow", () => {
    expect(result({ $inc: { a: i(1) } }, { a: i(1) })).toEqual({ a: i(2) });
    expect(result({ $inc: { a: i(1) } }, { a: i(2147483647) }).a).toEqual(Long.fromNumber(2147483648));
    expect(result({ $inc: { a: d(0.5) } }, { a: i(1) })).toEqual({ a: d(1.5) });
    expect(result({ $inc: { a: i(1) } }, { a: Decimal128.fromString("1.5") }).a?.toString()).toBe("2.5");
    expect(result({ $inc: { a: i(3) } }, {})).toEqual({ a: i(3) });
    expect(result({ $inc: { a: 2 } }, { a: i(1) })).toEqual({ a: i(3) });
    rejects(
      () => apply({ $inc: { a: i(1) } }, { a: Long.MAX_VALUE }),
      2,
      /^Failed to apply \$inc operations to current value/,
    );
    rejects(
      () => apply({ $inc: { a: "x" } }, {}),
      14,
      'Cannot increment with non-numeric argument: {a: "x"}',
    );
    rejects(
      () => apply({ $inc: { a: i(1) } }, { _id: i(1), a: "s" }),
      14,
      "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string",
    );
  });
  test("$mul, $min, $max, $bit", () => {
    expect(result({ $mul: { a: i(3) } }, { a: i(2) })).toEqual({ a: i(6) });
    expect(result({ $mul: { a: Long.fromNumber(3) } }, {})).toEqual({ a: Long.fromNumber(0) });
    expect(result({ $min: { a: i(3) } }, { a: i(5) })).toEqual({ a: i(3) });
    expect(apply({ $min: { a: i(7) } }, { a: i(5) }).modified).toBe(false);
    expect(result({ $max: { a: "x" } }, { a: i(5) })).toEqual({ a: "x" });
    expect(result({ $max: { a: i(1) } }, {})).toEqual({ a: i(1) });
    expect(result({ $bit: { a: { and: i(6), or: i(1) } } }, { a: i(13) })).toEqual({ a: i(5) });
    expect(result({ $bit: { a: { xor: Long.fromNumber(1) } } }, { a: i(3) })).toEqual({
      a: Long.fromNumber(2),
    });
    rejects(() => apply({ $bit: { a: { and: d(1) } } }, {}), 2);
    rejects(() => apply({ $bit: { a: { and: i(1) } } }, { a: d(1) }), 2);
  });
});

describe("$rename, $currentDate, $setOnInsert", () => {
  test("$rename creates a new target at the end, or overwrites an existing one in place", () => {
    expect(Object.keys(result({ $rename: { a: "z" } }, { a: i(1), b: i(2) }))).toEqual(["b", "z"]);
    expect(result({ $rename: { a: "b" } }, { a: i(1), b: i(2), c: i(3) })).toEqual({ b: i(1), c: i(3) });
    expect(Object.keys(result({ $rename: { a: "b" } }, { a: i(1), b: i(2), c: i(3) }))).toEqual(["b", "c"]);
    expect(result({ $rename: { "a.b": "c.d" } }, { a: { b: i(1) } })).toEqual({ a: {}, c: { d: i(1) } });
    expect(apply({ $rename: { x: "y" } }, { a: i(1) }).modified).toBe(false);
    rejects(
      () => apply({ $rename: { a: "a" } }, {}),
      2,
      'The source and target field for $rename must differ: a: "a"',
    );
    rejects(() => apply({ $rename: { a: "a.b" } }, {}), 2);
    rejects(() => apply({ $rename: { a: i(1) } }, {}), 2);
    rejects(
      () => apply({ $rename: { "a.0": "b" } }, { _id: i(7), a: [i(1)] }),
      2,
      "The source field cannot be an array element, 'a.0' in doc with _id: 7 has an array field called 'a'",
    );
    rejects(
      () => apply({ $rename: { b: "a.0" } }, { b: i(1), a: [i(1)] }),
      2,
      /^The destination field cannot be an array element/,
    );
    rejects(
      () => apply({ $rename: { "a.b": "c" } }, { a: i(5) }),
      28,
      "cannot use the part (b of a.b) to traverse the element ({a: 5})",
    );
  });
  test("$currentDate and $setOnInsert", () => {
    expect(result({ $currentDate: { a: true } }, {})).toEqual({ a: now });
    const ts = result({ $currentDate: { a: { $type: "timestamp" } } }, {}).a as Timestamp;
    expect(ts._bsontype).toBe("Timestamp");
    expect(ts.t).toBe(1_700_000_000);
    rejects(() => apply({ $currentDate: { a: { $type: "x" } } }, {}), 2);
    expect(result({ $setOnInsert: { a: i(1) }, $set: { b: i(2) } }, {}, {}, { isInsert: true })).toEqual({
      a: i(1),
      b: i(2),
    });
    expect(result({ $setOnInsert: { a: i(1) }, $set: { b: i(2) } }, {})).toEqual({ b: i(2) });
  });
});

describe("array operators", () => {
  test("$push with modifiers", () => {
    expect(result({ $push: { a: i(3) } }, { a: [i(1)] })).toEqual({ a: [i(1), i(3)] });
    expect(result({ $push: { a: i(3) } }, {})).toEqual({ a: [i(3)] });
    expect(result({ $push: { a: { $each: [i(5), i(6)], $position: i(0) } } }, { a: [i(1)] })).toEqual({
      a: [i(5), i(6), i(1)],
    });
    expect(result({ $push: { a: { $each: [i(5)], $position: i(-1) } } }, { a: [i(1), i(2)] })).toEqual({
      a: [i(1), i(5), i(2)],
    });
    expect(
      result({ $push: { a: { $each: [i(3), i(1)], $sort: i(1), $slice: i(-2) } } }, { a: [i(2)] }),
    ).toEqual({
      a: [i(2), i(3)],
    });
    expect(
      result(
        { $push: { a: { $each: [{ s: i(3) }], $sort: { s: -1 }, $slice: i(2) } } },
        { a: [{ s: i(1) }, { s: i(2) }] },
      ),
    ).toEqual({ a: [{ s: i(3) }, { s: i(2) }] });
    rejects(
      () => apply({ $push: { a: i(1) } }, { _id: i(1), a: i(1) }),
      2,
      "The field 'a' must be an array but is of type int in document {_id: 1}",
    );
    rejects(
      () => apply({ $push: { a: { $each: [], $foo: 1 } } }, {}),
      2,
      "Unrecognized clause in $push: $foo",
    );
  });
  test("$addToSet, $pop, $pull, $pullAll", () => {
    expect(result({ $addToSet: { a: i(1) } }, { a: [d(1)] })).toEqual({ a: [d(1)] });
    expect(apply({ $addToSet: { a: i(1) } }, { a: [d(1)] }).modified).toBe(false);
    expect(result({ $addToSet: { a: { $each: [i(2), i(2), i(3)] } } }, { a: [i(3)] })).toEqual({
      a: [i(3), i(2)],
    });
    expect(
      result({ $addToSet: { a: "A" } }, { a: ["a"] }, { collation: { locale: "en", strength: 2 } }),
    ).toEqual({ a: ["a"] });
    expect(result({ $pop: { a: i(1) } }, { a: [i(1), i(2)] })).toEqual({ a: [i(1)] });
    expect(result({ $pop: { a: i(-1) } }, { a: [i(1), i(2)] })).toEqual({ a: [i(2)] });
    rejects(() => apply({ $pop: { a: i(2) } }, {}), 9, "$pop expects 1 or -1, found: 2");
    expect(result({ $pull: { a: { $gte: i(6) } } }, { a: [i(5), i(6), i(7)] })).toEqual({ a: [i(5)] });
    expect(result({ $pull: { a: { b: i(1) } } }, { a: [{ b: i(1), c: i(1) }, { b: i(2) }, i(1)] })).toEqual({
      a: [{ b: i(2) }, i(1)],
    });
    expect(result({ $pull: { a: i(1) } }, { a: [i(1), d(1), i(2)] })).toEqual({ a: [i(2)] });
    expect(apply({ $pull: { a: i(9) } }, { a: [i(1)] }).modified).toBe(false);
    rejects(() => apply({ $pull: { a: i(1) } }, { a: i(1) }), 2, "Cannot apply $pull to a non-array value");
    expect(result({ $pullAll: { a: [i(1), i(2)] } }, { a: [i(1), i(2), i(3), i(1)] })).toEqual({ a: [i(3)] });
  });
});

describe("positional operators and arrayFilters", () => {
  test("$ uses the query's array position", () => {
    expect(result({ $set: { "a.$": i(9) } }, { a: [i(1), i(2)] }, {}, { positionalIndex: 1 })).toEqual({
      a: [i(1), i(9)],
    });
    expect(
      result({ $inc: { "a.$.n": i(1) } }, { a: [{ n: i(1) }, { n: i(2) }] }, {}, { positionalIndex: 0 }),
    ).toEqual({
      a: [{ n: i(2) }, { n: i(2) }],
    });
    rejects(
      () => apply({ $set: { "a.$": i(9) } }, { a: [i(1)] }),
      2,
      "The positional operator did not find the match needed from the query.",
    );
    rejects(
      () => apply({ $set: { "a.$.b.$": i(9) } }, {}),
      2,
      "Too many positional (i.e. '$') elements found in path 'a.$.b.$'",
    );
  });
  test("$[] and $[id]", () => {
    expect(result({ $inc: { "a.$[]": i(1) } }, { a: [i(1), i(2)] })).toEqual({ a: [i(2), i(3)] });
    expect(result({ $set: { "a.$[].b": i(0) } }, { a: [{ b: i(1) }, {}] })).toEqual({
      a: [{ b: i(0) }, { b: i(0) }],
    });
    const doc = { _id: i(3), y: [{ b: i(5), c: [{ d: i(2) }, { d: i(1) }] }] };
    expect(
      result({ $set: { "y.$[i].c.$[j].d": i(0) } }, doc, {
        arrayFilters: [{ "i.b": i(5) }, { "j.d": i(1) }],
      }),
    ).toEqual({ _id: i(3), y: [{ b: i(5), c: [{ d: i(2) }, { d: i(0) }] }] });
    expect(
      result(
        { $set: { "a.$[x]": i(0) } },
        { a: [i(1), i(5), i(7)] },
        { arrayFilters: [{ x: { $gt: i(4) } }] },
      ),
    ).toEqual({ a: [i(1), i(0), i(0)] });
    rejects(
      () => apply({ $set: { "a.$[x]": i(0) } }, {}),
      2,
      "No array filter found for identifier 'x' in path 'a.$[x]'",
    );
    rejects(
      () => apply({ $set: { a: i(0) } }, {}, { arrayFilters: [{ x: i(1) }] }),
      9,
      /^The array filter for identifier 'x' was not used in the update/,
    );
    rejects(() => apply({ $set: { "a.$[x]": i(0) } }, {}, { arrayFilters: [{ x: i(1) }, { x: i(2) }] }), 9);
    rejects(() => apply({ $set: { "a.$[X]": i(0) } }, {}, { arrayFilters: [{ X: i(1) }] }), 2);
    rejects(() => apply({ $set: { "a.$[]": i(0) } }, { a: i(1) }), 2);
    rejects(
      () => apply({ $set: { "a.$[]": i(0) } }, {}),
      2,
      "The path 'a' must exist in the document in order to apply array updates.",
    );
  });
});

describe("validation", () => {
  test("conflicts", () => {
    rejects(
      () => compileUpdate({ $set: { a: i(1) }, $inc: { "a.b": i(1) } }),
      40,
      "Updating the path 'a.b' would create a conflict at 'a'",
    );
    rejects(
      () => compileUpdate({ $set: { "a.b": i(1) }, $inc: { a: i(1) } }),
      40,
      "Updating the path 'a' would create a conflict at 'a'",
    );
    rejects(() => compileUpdate({ $set: { a: i(1) }, $rename: { b: "a" } }), 40);
    rejects(
      () =>
        apply(
          { $set: { "a.$[x]": i(1), "a.$[y]": i(2) } },
          { a: [i(1)] },
          { arrayFilters: [{ x: i(1) }, { y: i(1) }] },
        ),
      40,
      "Update created a conflict at 'a.0'",
    );
  });
  test("malformed updates", () => {
    rejects(
      () => compileUpdate({ $foo: { a: 1 } }),
      9,
      "Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array",
    );
    rejects(() => compileUpdate({ $set: { a: 1 }, b: 1 }), 9, /^Unknown modifier: b/);
    rejects(
      () => compileUpdate({ $set: i(1) }),
      9,
      "Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 1}",
    );
    rejects(() => compileUpdate({ $set: { "": 1 } }), 56);
    rejects(() => compileUpdate({ $set: { "a..b": 1 } }), 56);
    rejects(() => compileUpdate({ a: 1, $set: { b: 1 } }), 52);
    expect(apply({ $set: {} }, { a: i(1) }).modified).toBe(false);
  });
});

describe("replacement", () => {
  test("keeps _id first and rejects changing it", () => {
    expect(result({ b: i(2) }, { _id: i(1), a: i(1) })).toEqual({ _id: i(1), b: i(2) });
    expect(Object.keys(result({ b: i(2), _id: i(1) }, { _id: i(1) }))).toEqual(["_id", "b"]);
    rejects(
      () => apply({ _id: i(2) }, { _id: i(1) }),
      66,
      /^After applying the update, the \(immutable\) field '_id'/,
    );
    expect(apply({ a: i(1) }, { _id: i(1), a: i(1) }).modified).toBe(false);
  });
});

describe("upsertSeed", () => {
  test("builds the insert base from equalities", () => {
    expect(upsertSeed({ a: i(1), "b.c": i(2), d: { $gt: i(1) }, e: { $eq: i(3) }, f: /x/ })).toEqual({
      a: i(1),
      b: { c: i(2) },
      e: i(3),
    });
    expect(
      upsertSeed({ $and: [{ a: i(1) }, { $or: [{ b: i(2) }] }, { $or: [{ c: i(1) }, { c: i(2) }] }] }),
    ).toEqual({
      a: i(1),
      b: i(2),
    });
    rejects(() => upsertSeed({ $and: [{ a: i(1) }, { a: i(2) }] }), 54);
    rejects(() => upsertSeed({ a: i(1), "a.b": i(2) }), 54);
  });
});

describe("pipeline updates", () => {
  test("run through the aggregation engine and keep _id", () => {
    const doc = { _id: i(1), x: i(1), y: i(1), t: { u: { v: i(1) } } };
    expect(result([{ $replaceRoot: { newRoot: "$t" } }, { $addFields: { foo: i(1) } }], doc)).toEqual({
      _id: i(1),
      u: { v: i(1) },
      foo: i(1),
    });
    expect(result([{ $set: { total: { $add: ["$x", "$y"] } } }, { $unset: "t" }], doc)).toEqual({
      _id: i(1),
      x: i(1),
      y: i(1),
      total: i(2),
    });
    expect(result([{ $set: { at: "$$NOW" } }], {})).toEqual({ at: now });
    expect(apply([{ $set: { x: i(1) } }], doc).modified).toBe(false);
    rejects(() => compileUpdate([{ $match: {} }]), 72, "$match is not allowed to be used within an update");
    rejects(() => apply([{ $set: { _id: i(2) } }], doc), 66);
  });
});

describe("mongod's ordering and limits", () => {
  test("new numeric-looking fields are created in numeric order", () => {
    expect(
      Object.keys(result({ $set: { "a.10": i(1), "a.9": i(1), "a.b": i(1) } }, { a: {} }).a as Doc),
    ).toEqual(["9", "10", "b"]);
  });
  test("padding an array is capped", () => {
    rejects(
      () => apply({ $set: { "a.2000000": i(1) } }, { a: [] }),
      34,
      "can't backfill more than 1500000 elements",
    );
  });
});
