import { describe, expect, test } from "bun:test";
import { Binary, MaxKey, MinKey, ObjectId, Timestamp } from "bson";
import { compileExpression } from "../../src/server/aggregate/expression.ts";
import { decimal, double, evaluate, expectBson, expectCode, int, long } from "./helpers.ts";

describe("$type / $isNumber", () => {
  test("type names", () => {
    const doc = {
      i: int(1),
      l: long(1),
      dbl: double(1),
      dec: decimal("1"),
      s: "x",
      o: {},
      a: [],
      b: true,
      n: null,
      date: new Date(0),
      id: new ObjectId(),
      bin: new Binary(new Uint8Array([1])),
      ts: new Timestamp({ t: 1, i: 1 }),
      min: new MinKey(),
      max: new MaxKey(),
    };
    const expected: Record<string, string> = {
      i: "int",
      l: "long",
      dbl: "double",
      dec: "decimal",
      s: "string",
      o: "object",
      a: "array",
      b: "bool",
      n: "null",
      date: "date",
      id: "objectId",
      bin: "binData",
      ts: "timestamp",
      min: "minKey",
      max: "maxKey",
      missing: "missing",
    };
    for (const [field, name] of Object.entries(expected))
      expect(evaluate({ $type: `$${field}` }, doc)).toBe(name);
  });

  test("$isNumber", () => {
    expect(evaluate({ $isNumber: "$a" }, { a: long(1) })).toBe(true);
    expect(evaluate({ $isNumber: "$a" }, { a: "1" })).toBe(false);
  });
});

describe("$convert and $toX", () => {
  test("to numbers", () => {
    expectBson(evaluate({ $toInt: "42" }), int(42));
    expectBson(evaluate({ $toInt: 4.9 }), int(4));
    expectBson(evaluate({ $toInt: true }), int(1));
    expectBson(evaluate({ $toLong: "$d" }, { d: new Date(1000) }), long(1000));
    expectBson(evaluate({ $toDouble: "1.5e3" }), double(1500));
    expectBson(evaluate({ $toDouble: "$l" }, { l: long(7) }), double(7));
    expectBson(evaluate({ $toDecimal: 2.5 }), decimal("2.50000000000000"));
    expectBson(evaluate({ $toDecimal: "1.10" }), decimal("1.10"));
    expectBson(evaluate({ $toDecimal: 3 }), decimal("3"));
    expect(evaluate({ $toInt: null })).toBeNull();
  });

  test("conversion failures carry ConversionFailure (241)", () => {
    expectCode(() => evaluate({ $toInt: "1.5" }), 241);
    expectCode(() => evaluate({ $toInt: "abc" }), 241);
    expectCode(() => evaluate({ $toInt: 3e10 }), 241, "overflow");
    expectCode(() => evaluate({ $toDouble: "12abc" }), 241);
    expectCode(() => evaluate({ $toObjectId: "xyz" }), 241);
    expectCode(() => evaluate({ $toDate: 5 }), 241);
    expectCode(
      () => evaluate({ $toInt: { $literal: [1] } }),
      241,
      "Unsupported conversion from array to int",
    );
  });

  test("to string, bool, date, objectId", () => {
    expect(evaluate({ $toString: 1.5 })).toBe("1.5");
    expect(evaluate({ $toString: "$l" }, { l: long(12) })).toBe("12");
    expect(evaluate({ $toString: true })).toBe("true");
    expect(evaluate({ $toString: "$d" }, { d: new Date(0) })).toBe("1970-01-01T00:00:00.000Z");
    const id = new ObjectId();
    expect(evaluate({ $toString: "$id" }, { id })).toBe(id.toHexString());
    expect(evaluate({ $toBool: 0 })).toBe(false);
    expect(evaluate({ $toBool: "" })).toBe(true);
    expect(evaluate({ $toBool: "$d" }, { d: decimal("0") })).toBe(false);
    expect(evaluate({ $toDate: "2020-01-01" })).toEqual(new Date("2020-01-01T00:00:00Z"));
    expect(evaluate({ $toDate: "$l" }, { l: long(86400000) })).toEqual(new Date("1970-01-02T00:00:00Z"));
    expect((evaluate({ $toObjectId: id.toHexString() }) as ObjectId).equals(id)).toBe(true);
    expect(evaluate({ $toDate: "$id" }, { id })).toEqual(id.getTimestamp());
  });

  test("$convert with onError / onNull and numeric or named targets", () => {
    expect(evaluate({ $convert: { input: "abc", to: "int", onError: "bad" } })).toBe("bad");
    expect(evaluate({ $convert: { input: "$missing", to: "int", onNull: -1 } })).toEqual(int(-1));
    expectBson(evaluate({ $convert: { input: "5", to: 16 } }), int(5));
    expectBson(evaluate({ $convert: { input: "5", to: "$t" } }, { t: "long" }), long(5));
    expect(evaluate({ $convert: { input: "5", to: "$missing" } })).toBeNull();
    expectCode(() => compileExpression({ $convert: { input: 1, to: "nope" } }), 2);
    expectCode(() => compileExpression({ $convert: { input: 1 } }), 40414);
  });
});

describe("sizes, timestamps and bits", () => {
  test("$bsonSize / $binarySize", () => {
    expectBson(evaluate({ $bsonSize: "$$ROOT" }, { a: 1 }), int(12));
    expect(evaluate({ $bsonSize: null })).toBeNull();
    expectBson(evaluate({ $binarySize: "héllo" }), int(6));
    expectBson(evaluate({ $binarySize: "$b" }, { b: new Binary(new Uint8Array(3)) }), int(3));
    expectCode(() => evaluate({ $bsonSize: 1 }), 31393);
  });

  test("$tsSecond / $tsIncrement", () => {
    const ts = new Timestamp({ t: 1700000000, i: 7 });
    expectBson(evaluate({ $tsSecond: "$ts" }, { ts }), long(1700000000));
    expectBson(evaluate({ $tsIncrement: "$ts" }, { ts }), long(7));
    expectCode(() => evaluate({ $tsSecond: 1 }), 5687301);
  });

  test("bitwise operators keep Int32 unless a Long is involved", () => {
    expectBson(evaluate({ $bitAnd: [12, 10] }), int(8));
    expectBson(evaluate({ $bitOr: [12, "$l"] }, { l: long(1) }), long(13));
    expectBson(evaluate({ $bitXor: [5, 3] }), int(6));
    expectBson(evaluate({ $bitNot: 0 }), int(-1));
    expectBson(evaluate({ $bitNot: "$l" }, { l: long(0) }), long(-1));
    expectCode(() => evaluate({ $bitAnd: [1, 1.5] }), 14);
  });
});
