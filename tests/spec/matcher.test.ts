import { describe, expect, test } from "bun:test";
import { Binary, Decimal128, Double, Int32, Long, ObjectId } from "bson";
import { parseExtendedJson } from "./load.ts";
import { exactlyEqual, matchesResult, type MatchEntities } from "./matcher.ts";

const lsid = { id: new Binary(Buffer.alloc(16, 7), 4) };
const entities: MatchEntities = {
  sessionLsid: (name) => {
    if (name !== "session0") throw new Error(`no session ${name}`);
    return lsid;
  },
  bsonEntity: (name) => {
    if (name !== "oid0") throw new Error(`no entity ${name}`);
    return new ObjectId("000000000000000000000001");
  },
};

const ok = (expected: unknown, actual: unknown, root = true) =>
  expect(matchesResult(expected, actual, { root, entities })).toBeUndefined();
const mismatch = (expected: unknown, actual: unknown, root = true) => {
  const result = matchesResult(expected, actual, { root, entities });
  expect(result).toBeDefined();
  return result!;
};

describe("documents", () => {
  test("root documents allow extra fields, nested ones do not", () => {
    ok({ x: 1 }, { x: 1, y: 1 });
    expect(mismatch({ x: { y: 1 } }, { x: { y: 1, z: 1 } }).path).toBe("x");
    mismatch({ x: 1, y: 1 }, { x: 1 });
    mismatch({ x: 1 }, { x: 1, y: 1 }, false);
  });

  test("key order does not matter", () => {
    ok({ x: 1, y: { a: 1, b: 2 } }, { y: { b: 2, a: 1 }, x: 1 });
  });

  test("arrays need the same length and matching elements", () => {
    ok([1, 2, 3], [1, 2, 3], false);
    expect(mismatch([1, 2, 3], [1, 2, 3, 4], false).message).toContain("expected 3 elements");
    expect(mismatch({ a: [1, 2] }, { a: [1, 3] }).path).toBe("a[1]");
  });

  test("iterable results match each element as a root document", () => {
    const expected = [{ x: 1 }, { x: 2 }];
    const actual = [
      { x: 1, y: 1 },
      { x: 2, y: 2 },
    ];
    expect(matchesResult(expected, actual, { rootElements: true })).toBeUndefined();
    expect(matchesResult(expected, actual, { rootElements: false })).toBeDefined();
  });

  test("a document does not match a scalar and vice versa", () => {
    mismatch({ x: { y: 1 } }, { x: 1 });
    mismatch({ x: 1 }, { x: { y: 1 } });
    mismatch({ x: [1] }, { x: { 0: 1 } });
  });
});

describe("scalars", () => {
  test("numbers compare by value across int32, int64 and double", () => {
    ok({ n: new Int32(1) }, { n: 1 });
    ok({ n: new Int32(1) }, { n: new Double(1) });
    ok({ n: new Long(5) }, { n: 5 });
    ok({ n: 1 }, { n: new Long(1) });
    mismatch({ n: new Int32(1) }, { n: 1.5 });
    ok({ n: new Long("9007199254740993") }, { n: new Long("9007199254740993") });
    mismatch({ n: new Long("9007199254740993") }, { n: new Long("9007199254740992") });
  });

  test("numbers never equal strings, booleans or null", () => {
    mismatch({ n: 1 }, { n: "1" });
    mismatch({ n: 1 }, { n: true });
    mismatch({ n: 0 }, { n: null });
  });

  test("decimal only equals decimal", () => {
    ok({ d: Decimal128.fromString("1.5") }, { d: Decimal128.fromString("1.5") });
    mismatch({ d: Decimal128.fromString("1") }, { d: 1 });
  });

  test("BSON values compare by content", () => {
    ok({ o: new ObjectId("000000000000000000000001") }, { o: new ObjectId("000000000000000000000001") });
    mismatch(
      { o: new ObjectId("000000000000000000000001") },
      { o: new ObjectId("000000000000000000000002") },
    );
    ok({ d: new Date(5) }, { d: new Date(5) });
    mismatch({ d: new Date(5) }, { d: new Date(6) });
    ok({ b: new Binary(Buffer.from([1, 2])) }, { b: new Binary(Buffer.from([1, 2])) });
    mismatch({ b: new Binary(Buffer.from([1, 2])) }, { b: new Binary(Buffer.from([1, 2]), 4) });
  });

  test("null matches null only; a missing field is not null", () => {
    ok({ x: null }, { x: null });
    expect(mismatch({ x: null }, {}).message).toContain("missing");
  });

  test("extended JSON from a spec file matches promoted driver values", () => {
    const expected = parseExtendedJson('{"_id": 1, "x": {"$numberLong": "12"}, "y": 2.5}');
    ok(expected, { _id: 1, x: 12, y: 2.5 });
  });
});

describe("special operators", () => {
  test("$$exists", () => {
    ok({ a: { $$exists: true } }, { a: null });
    ok({ a: { $$exists: false } }, { b: 1 });
    mismatch({ a: { $$exists: true } }, {});
    mismatch({ a: { $$exists: false } }, { a: 1 });
  });

  test("$$type with one alias, several aliases and the number alias", () => {
    ok({ a: { $$type: "string" } }, { a: "x" });
    ok({ a: { $$type: ["int", "long"] } }, { a: 5 });
    ok({ a: { $$type: "long" } }, { a: new Long(5) });
    ok({ a: { $$type: "double" } }, { a: 2.5 });
    ok({ a: { $$type: "number" } }, { a: new Int32(2) });
    ok({ a: { $$type: "objectId" } }, { a: new ObjectId() });
    ok({ a: { $$type: "array" } }, { a: [1, "x"] });
    ok({ a: { $$type: "object" } }, { a: { b: 1 } });
    ok({ a: { $$type: "date" } }, { a: new Date() });
    ok({ a: { $$type: "binData" } }, { a: new Binary(Buffer.alloc(1)) });
    mismatch({ a: { $$type: "string" } }, { a: 1 });
    mismatch({ a: { $$type: "int" } }, { a: 2.5 });
    expect(mismatch({ a: { $$type: "string" } }, {}).message).toContain("missing");
  });

  test("$$unsetOrMatches accepts absence or a match, and keeps root-ness", () => {
    ok({ insertedId: { $$unsetOrMatches: 2 } }, {});
    ok({ insertedId: { $$unsetOrMatches: 2 } }, { insertedId: 2 });
    mismatch({ insertedId: { $$unsetOrMatches: 2 } }, { insertedId: 3 });
    ok({ $$unsetOrMatches: { insertedId: 1 } }, undefined);
    ok({ $$unsetOrMatches: { insertedId: 1 } }, { insertedId: 1, acknowledged: true });
  });

  test("$$sessionLsid", () => {
    ok({ lsid: { $$sessionLsid: "session0" } }, { lsid: { id: new Binary(Buffer.alloc(16, 7), 4) } });
    mismatch({ lsid: { $$sessionLsid: "session0" } }, { lsid: { id: new Binary(Buffer.alloc(16, 8), 4) } });
    expect(() => matchesResult({ lsid: { $$sessionLsid: "nope" } }, { lsid: 1 }, { entities })).toThrow(
      "no session",
    );
  });

  test("$$matchesEntity", () => {
    ok({ _id: { $$matchesEntity: "oid0" } }, { _id: new ObjectId("000000000000000000000001") });
    mismatch({ _id: { $$matchesEntity: "oid0" } }, { _id: new ObjectId("000000000000000000000002") });
  });

  test("$$lte with flexible numerics", () => {
    ok({ n: { $$lte: 1 } }, { n: 1.0 });
    ok({ n: { $$lte: 1 } }, { n: 0 });
    mismatch({ n: { $$lte: 1 } }, { n: 1.1 });
    mismatch({ n: { $$lte: 1 } }, { n: "0" });
  });

  test("$$matchAsDocument parses Extended JSON and matches it as a nested document", () => {
    ok({ s: { $$matchAsDocument: { x: 1 } } }, { s: '{"x": {"$numberInt": "1"}}' });
    mismatch({ s: { $$matchAsDocument: { x: 1 } } }, { s: '{"x": 1, "y": 2}' });
    ok({ s: { $$matchAsDocument: { $$matchAsRoot: { x: 1 } } } }, { s: '{"x": 1, "y": 2}' });
  });

  test("$$matchAsRoot allows extra fields in a nested document", () => {
    ok({ a: { $$matchAsRoot: { x: 1 } } }, { a: { x: 1, y: 2 } });
    mismatch({ a: { x: 1 } }, { a: { x: 1, y: 2 } });
  });

  test("$$matchesHexBytes accepts strings and byte arrays", () => {
    ok({ $$matchesHexBytes: "12ab" }, Buffer.from([0x12, 0xab]), false);
    ok({ $$matchesHexBytes: "12AB" }, "12ab", false);
    mismatch({ $$matchesHexBytes: "12ab" }, Buffer.from([0x12]), false);
    expect(() => matchesResult({ $$matchesHexBytes: "1" }, "1")).toThrow("malformed");
  });
});

describe("exact outcome comparison", () => {
  test("types must be identical, key order may differ", () => {
    expect(exactlyEqual({ a: new Int32(1), b: "x" }, { b: "x", a: new Int32(1) })).toBeUndefined();
    expect(exactlyEqual({ a: new Int32(1) }, { a: new Double(1) })?.message).toContain("expected int");
    expect(exactlyEqual({ a: new Int32(1) }, { a: new Long(1) })).toBeDefined();
  });

  test("extra or missing fields fail at any depth", () => {
    expect(exactlyEqual({ a: 1 }, { a: 1, b: 2 })).toBeDefined();
    expect(exactlyEqual({ a: { b: 1 } }, { a: {} })?.path).toBe("a");
    expect(exactlyEqual([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toBeDefined();
  });
});
