import { describe, expect, test } from "bun:test";
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from "bson";
import { compareStrings, compareValues, valuesEqual } from "../../src/server/query/compare.ts";

describe("compareValues: type order", () => {
  test("canonical type ranks follow MongoDB's sort order", () => {
    const ascending = [
      new MinKey(),
      undefined,
      null,
      new Double(Number.NaN),
      new Int32(-5),
      new Long(3),
      new Double(3.5),
      Decimal128.fromString("4"),
      "",
      new BSONSymbol("b"),
      "c",
      {},
      { a: 1 },
      [],
      [new Int32(1)],
      new Binary(new Uint8Array([9]), 0),
      new Binary(new Uint8Array([1, 2]), 0),
      ObjectId.createFromHexString("000000000000000000000001"),
      ObjectId.createFromHexString("ff0000000000000000000000"),
      false,
      true,
      new Date(-1),
      new Date(5),
      new Timestamp({ t: 1, i: 5 }),
      new Timestamp({ t: 2, i: 0 }),
      new BSONRegExp("a", "i"),
      new BSONRegExp("b", ""),
      new Code("x"),
      new Code("x", { a: 1 }),
      new MaxKey(),
    ];
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        const expected = i < j ? -1 : i > j ? 1 : 0;
        if (compareValues(ascending[i], ascending[j]) !== expected) {
          throw new Error(`compare(${i}, ${j}) should be ${expected}`);
        }
      }
    }
  });
  test("documents compare field by field: type, then name, then value", () => {
    expect(compareValues({ a: new Int32(1) }, { a: "x" })).toBe(-1);
    expect(compareValues({ a: new Int32(1) }, { b: new Int32(0) })).toBe(-1);
    expect(compareValues({ b: new Int32(1) }, { a: "x" })).toBe(-1);
    expect(compareValues({ a: new Int32(1) }, { a: new Int32(1), b: null })).toBe(-1);
    expect(valuesEqual({ a: new Int32(1) }, { a: new Double(1) })).toBe(true);
    expect(valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
  test("binData compares length, then subtype, then bytes", () => {
    const a = new Binary(new Uint8Array([5]), 4);
    const b = new Binary(new Uint8Array([1]), 5);
    expect(compareValues(a, b)).toBe(-1);
    expect(compareValues(new Binary(new Uint8Array([1, 2])), a)).toBe(1);
  });
  test("timestamps compare unsigned", () => {
    expect(compareValues(new Timestamp({ t: 0x80000000, i: 0 }), new Timestamp({ t: 1, i: 0 }))).toBe(1);
  });
});

describe("strings", () => {
  test("code point order, not UTF-16 unit order", () => {
    expect(compareStrings("\uff61", "\u{1f600}")).toBe(-1);
    expect("\uff61" < "\u{1f600}").toBe(false);
    expect(compareStrings("a\u0000b", "a")).toBe(1);
    expect(compareStrings("a\u0000", "a\u0001")).toBe(-1);
  });
  test("collation strengths and numeric ordering", () => {
    expect(compareValues("a", "A", { locale: "en", strength: 2 })).toBe(0);
    expect(compareValues("a", "A", { locale: "en", strength: 3 })).not.toBe(0);
    expect(compareValues("é", "e", { locale: "fr", strength: 1 })).toBe(0);
    expect(compareValues("é", "e", { locale: "fr", strength: 2 })).toBe(1);
    expect(compareValues("10", "9", { locale: "en", numericOrdering: true })).toBe(1);
    expect(compareValues("10", "9")).toBe(-1);
    expect(compareValues({ k: "B" }, { k: "b" }, { locale: "en", strength: 1 })).toBe(0);
    expect(compareValues("B", "a", { locale: "simple" })).toBe(-1);
  });
});
