import { describe, expect, test } from "bun:test";
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
} from "bson";
import { compileElementCondition, compileFilter } from "../../src/server/query/match.ts";
import { rejects } from "./helpers.ts";

type Doc = Record<string, unknown>;
const i = (n: number) => new Int32(n);
const d = (n: number) => new Double(n);
const matches = (filter: Doc, doc: Doc, options = {}) => compileFilter(filter, options).matches(doc);
const position = (filter: Doc, doc: Doc) => compileFilter(filter).matchesWithPosition(doc);

function rejectsFilter(filter: Doc, code: number, message: string | RegExp) {
  rejects(() => compileFilter(filter), code, message);
}

describe("equality", () => {
  test("scalars, numbers across types, field order of subdocuments", () => {
    expect(matches({ a: 1 }, { a: d(1) })).toBe(true);
    expect(matches({ a: i(1) }, { a: Long.fromNumber(1) })).toBe(true);
    expect(matches({ a: i(1) }, { a: Decimal128.fromString("1.0") })).toBe(true);
    expect(matches({ a: "x" }, { a: new BSONSymbol("x") })).toBe(true);
    expect(matches({ a: { b: i(1), c: i(2) } }, { a: { b: i(1), c: i(2) } })).toBe(true);
    expect(matches({ a: { b: i(1), c: i(2) } }, { a: { c: i(2), b: i(1) } })).toBe(false);
    expect(matches({ a: i(1) }, { a: "1" })).toBe(false);
    const id = new ObjectId();
    expect(matches({ _id: id }, { _id: new ObjectId(id.toHexString()) })).toBe(true);
  });
  test("arrays: element match and exact array", () => {
    expect(matches({ a: i(2) }, { a: [i(1), i(2)] })).toBe(true);
    expect(matches({ a: [i(1), i(2)] }, { a: [i(1), i(2)] })).toBe(true);
    expect(matches({ a: [i(1), i(2)] }, { a: [[i(1), i(2)], i(3)] })).toBe(true);
    expect(matches({ a: [i(1), i(2)] }, { a: [i(2), i(1)] })).toBe(false);
    expect(matches({ a: i(1) }, { a: [[i(1)]] })).toBe(false);
  });
  test("null matches missing and null, per mongod's nested rules", () => {
    expect(matches({ a: null }, {})).toBe(true);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: null }, { a: i(4) })).toBe(false);
    expect(matches({ a: null }, { a: undefined })).toBe(false);
    expect(matches({ "a.b": null }, {})).toBe(true);
    expect(matches({ "a.b": null }, { a: {} })).toBe(true);
    expect(matches({ "a.b": null }, { a: [{}] })).toBe(true);
    expect(matches({ "a.b": null }, { a: { b: null } })).toBe(true);
    expect(matches({ "a.b": null }, { a: [] })).toBe(false);
    expect(matches({ "a.b": null }, { a: [null] })).toBe(false);
    expect(matches({ "a.b": null }, { a: [i(1), i(2)] })).toBe(false);
    expect(matches({ "a.b": null }, { a: { b: i(4) } })).toBe(false);
    expect(matches({ "a.b": null }, { a: { b: {} } })).toBe(false);
    expect(matches({ "a.b": null }, { a: i(5) })).toBe(true);
  });
  test("dotted paths through arrays and numeric components", () => {
    expect(matches({ "a.b": i(2) }, { a: [{ b: i(1) }, { b: i(2) }] })).toBe(true);
    expect(matches({ "a.b": i(2) }, { a: [{ b: [i(1), i(2)] }] })).toBe(true);
    expect(matches({ "a.1": i(5) }, { a: [i(4), i(5)] })).toBe(true);
    expect(matches({ "a.1.b": i(5) }, { a: [{ b: i(4) }, { b: i(5) }] })).toBe(true);
    expect(matches({ "a.0": i(5) }, { a: [{ "0": i(5) }] })).toBe(true);
    expect(matches({ "a.0.1": i(6) }, { a: [[i(5), i(6)]] })).toBe(true);
    expect(matches({ "a.b.c": i(1) }, { a: [{ b: [{ c: i(1) }] }] })).toBe(true);
    expect(matches({ "a.b": i(1) }, { a: [[{ b: i(1) }]] })).toBe(false);
    expect(matches({ constructor: null }, {})).toBe(true);
    expect(matches({ "a.length": i(1) }, { a: [i(1)] })).toBe(false);
  });
  test("implicit regex and $eq regex literal", () => {
    expect(matches({ a: /^ab/i }, { a: "ABc" })).toBe(true);
    expect(matches({ a: new BSONRegExp("^ab", "i") }, { a: ["x", "abc"] })).toBe(true);
    expect(matches({ a: { $eq: new BSONRegExp("x", "") } }, { a: "x" })).toBe(false);
    expect(matches({ a: { $eq: new BSONRegExp("x", "") } }, { a: new BSONRegExp("x", "") })).toBe(true);
  });
});

describe("comparison and type bracketing", () => {
  test("only same canonical type compares", () => {
    expect(matches({ a: { $gt: i(5) } }, { a: d(5.5) })).toBe(true);
    expect(matches({ a: { $gt: i(5) } }, { a: "6" })).toBe(false);
    expect(matches({ a: { $lt: "b" } }, { a: "a" })).toBe(true);
    expect(matches({ a: { $lt: "b" } }, { a: i(1) })).toBe(false);
    // each bound may be satisfied by a different element; $elemMatch requires one element for both
    expect(matches({ a: { $gte: i(3), $lte: i(5) } }, { a: [i(1), i(9)] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gte: i(3), $lte: i(5) } } }, { a: [i(1), i(9)] })).toBe(false);
    expect(matches({ a: { $gte: i(3), $lte: i(5) } }, { a: [i(1), i(4)] })).toBe(true);
    expect(matches({ a: { $gt: new Date(5) } }, { a: new Date(6) })).toBe(true);
    expect(matches({ a: { $lt: [i(2)] } }, { a: [i(1)] })).toBe(true);
  });
  test("MinKey/MaxKey bounds, NaN, null", () => {
    expect(matches({ a: { $gt: new MinKey() } }, { a: "x" })).toBe(true);
    expect(matches({ a: { $gt: new MinKey() } }, {})).toBe(true);
    expect(matches({ a: { $lt: new MaxKey() } }, { a: new MaxKey() })).toBe(false);
    expect(matches({ a: { $lte: new MaxKey() } }, { a: new MaxKey() })).toBe(true);
    expect(matches({ a: { $lt: i(5) } }, { a: d(Number.NaN) })).toBe(false);
    expect(matches({ a: { $gte: d(Number.NaN) } }, { a: d(Number.NaN) })).toBe(true);
    expect(matches({ a: { $gt: d(Number.NaN) } }, { a: d(1) })).toBe(false);
    expect(matches({ a: { $gte: null } }, {})).toBe(true);
    expect(matches({ a: { $gt: null } }, { a: null })).toBe(false);
  });
  test("$ne and $nin are negations over all values", () => {
    expect(matches({ a: { $ne: i(1) } }, { a: [i(1), i(2)] })).toBe(false);
    expect(matches({ a: { $ne: i(1) } }, {})).toBe(true);
    expect(matches({ a: { $ne: null } }, {})).toBe(false);
    expect(matches({ a: { $nin: [i(1), i(3)] } }, { a: [i(2)] })).toBe(true);
    expect(matches({ a: { $in: [i(1), /^x/] } }, { a: "xy" })).toBe(true);
    expect(matches({ a: { $in: [null] } }, {})).toBe(true);
    expect(matches({ a: { $in: ["a", "b"] } }, { a: ["c", "b"] })).toBe(true);
    expect(matches({ a: { $in: [] } }, { a: i(1) })).toBe(false);
  });
  test("collation", () => {
    const collation = { locale: "en", strength: 2 };
    expect(matches({ a: "ABC" }, { a: "abc" }, { collation })).toBe(true);
    expect(matches({ a: { $in: ["ABC"] } }, { a: "abc" }, { collation })).toBe(true);
    expect(matches({ a: { $gt: "B" } }, { a: "c" }, { collation })).toBe(true);
    expect(matches({ a: "ABC" }, { a: "abc" })).toBe(false);
  });
});

describe("element operators", () => {
  test("$exists", () => {
    expect(matches({ a: { $exists: true } }, { a: null })).toBe(true);
    expect(matches({ a: { $exists: false } }, {})).toBe(true);
    expect(matches({ "a.b": { $exists: false } }, { a: [{ b: i(1) }, { c: i(1) }] })).toBe(false);
    expect(matches({ "a.b": { $exists: true } }, { a: [{ c: i(1) }, { b: i(1) }] })).toBe(true);
    expect(matches({ a: { $exists: i(0) } }, {})).toBe(true);
  });
  test("$type by alias, number and 'number', arrays", () => {
    expect(matches({ a: { $type: "string" } }, { a: "x" })).toBe(true);
    expect(matches({ a: { $type: 2 } }, { a: "x" })).toBe(true);
    expect(matches({ a: { $type: "number" } }, { a: Long.fromNumber(1) })).toBe(true);
    expect(matches({ a: { $type: ["bool", "int"] } }, { a: i(3) })).toBe(true);
    expect(matches({ a: { $type: "array" } }, { a: [] })).toBe(true);
    expect(matches({ a: { $type: "int" } }, { a: [d(1), i(2)] })).toBe(true);
    expect(matches({ a: { $type: "null" } }, {})).toBe(false);
    expect(matches({ a: { $type: "binData" } }, { a: new Binary(new Uint8Array(1)) })).toBe(true);
    expect(matches({ a: { $type: "minKey" } }, { a: new MinKey() })).toBe(true);
    rejectsFilter({ a: { $type: "nope" } }, 2, "Unknown type name alias: nope");
    rejectsFilter({ a: { $type: 99 } }, 2, "Invalid numerical type code: 99");
    rejectsFilter({ a: { $type: [] } }, 9, "a must match at least one type");
    rejectsFilter({ a: { $type: {} } }, 14, "type must be represented as a number or a string");
  });
});

describe("evaluation operators", () => {
  test("$regex with $options and flags", () => {
    expect(matches({ a: { $regex: "^a.c$", $options: "s" } }, { a: "a\nc" })).toBe(true);
    expect(matches({ a: { $regex: "^a.c$" } }, { a: "a\nc" })).toBe(false);
    expect(matches({ a: { $regex: "^b", $options: "m" } }, { a: "a\nb" })).toBe(true);
    expect(matches({ a: { $regex: "a b # comment\n c", $options: "x" } }, { a: "abc" })).toBe(true);
    expect(matches({ a: { $regex: new BSONRegExp("AB", "i") } }, { a: "xab" })).toBe(true);
    expect(matches({ a: { $options: "i", $regex: "AB" } }, { a: "ab" })).toBe(true);
    expect(matches({ a: { $regex: "\\Aab\\z" } }, { a: "ab" })).toBe(true);
    expect(matches({ a: { $regex: "(?i)ab" } }, { a: "AB" })).toBe(true);
    expect(matches({ a: { $not: /^a/ } }, { a: "b" })).toBe(true);
    expect(matches({ a: { $regex: "x" } }, { a: i(1) })).toBe(false);
    rejectsFilter({ a: { $options: "i" } }, 2, "$options needs a $regex");
    rejectsFilter({ a: { $regex: i(1) } }, 2, "$regex has to be a string");
    rejectsFilter({ a: { $regex: "a", $options: "q" } }, 51108, "invalid flag in regex options: q");
    rejectsFilter({ a: { $regex: "(" } }, 51091, /^Regular expression is invalid/);
    rejectsFilter(
      { a: { $regex: new BSONRegExp("a", "i"), $options: "m" } },
      51075,
      "options set in both $regex and $options",
    );
  });
  test("$mod", () => {
    expect(matches({ a: { $mod: [i(4), i(1)] } }, { a: i(9) })).toBe(true);
    expect(matches({ a: { $mod: [i(4), i(-1)] } }, { a: i(-9) })).toBe(true);
    expect(matches({ a: { $mod: [i(4), i(1)] } }, { a: d(9.9) })).toBe(true);
    expect(matches({ a: { $mod: [i(4), i(1)] } }, { a: d(Number.NaN) })).toBe(false);
    expect(matches({ a: { $mod: [d(4.5), i(1)] } }, { a: i(5) })).toBe(true);
    rejectsFilter({ a: { $mod: i(4) } }, 2, "malformed mod, needs to be an array");
    rejectsFilter({ a: { $mod: [i(4)] } }, 2, "malformed mod, not enough elements");
    rejectsFilter({ a: { $mod: [i(4), i(1), i(1)] } }, 2, "malformed mod, too many elements");
    rejectsFilter({ a: { $mod: [i(0), i(1)] } }, 2, "divisor cannot be 0");
  });
  test("$jsonSchema basics", () => {
    const schema = {
      bsonType: "object",
      required: ["name"],
      properties: {
        name: { bsonType: "string", minLength: 2, pattern: "^[A-Z]" },
        age: { bsonType: "number", minimum: 0, maximum: 150 },
        tags: { bsonType: "array", items: { enum: ["a", "b"] }, maxItems: 2 },
        kind: { type: "string", enum: ["x", "y"] },
      },
    };
    expect(matches({ $jsonSchema: schema }, { name: "Al", age: i(3), tags: ["a"] })).toBe(true);
    expect(matches({ $jsonSchema: schema }, { age: i(3) })).toBe(false);
    expect(matches({ $jsonSchema: schema }, { name: "al" })).toBe(false);
    expect(matches({ $jsonSchema: schema }, { name: "Al", age: i(-1) })).toBe(false);
    expect(matches({ $jsonSchema: schema }, { name: "Al", tags: ["c"] })).toBe(false);
    expect(matches({ $jsonSchema: schema }, { name: "Al", kind: "z" })).toBe(false);
    expect(matches({ $jsonSchema: { properties: { a: { minimum: 5 } } } }, { a: "str" })).toBe(true);
    expect(
      matches({ $jsonSchema: { additionalProperties: false, properties: { _id: {} } } }, { _id: 1, x: 1 }),
    ).toBe(false);
    rejectsFilter({ $jsonSchema: { foo: 1 } }, 9, "Unknown $jsonSchema keyword: foo");
  });
});

describe("array operators", () => {
  test("$all", () => {
    expect(matches({ a: { $all: [i(1), i(2)] } }, { a: [i(2), i(3), i(1)] })).toBe(true);
    expect(matches({ a: { $all: [i(1), i(4)] } }, { a: [i(2), i(3), i(1)] })).toBe(false);
    expect(matches({ a: { $all: [] } }, { a: [] })).toBe(false);
    expect(matches({ a: { $all: [[i(1)]] } }, { a: [[i(1)]] })).toBe(true);
    expect(matches({ a: { $all: [/^x/] } }, { a: ["xa"] })).toBe(true);
    expect(
      matches(
        { a: { $all: [{ $elemMatch: { b: i(1) } }, { $elemMatch: { b: i(2) } }] } },
        { a: [{ b: i(1) }, { b: i(2) }] },
      ),
    ).toBe(true);
    rejectsFilter({ a: { $all: [{ $elemMatch: { b: 1 } }, 5] } }, 2, "$all/$elemMatch has to be consistent");
    rejectsFilter({ a: { $all: [{ $gt: 1 }] } }, 2, "no $ expressions in $all");
  });
  test("$elemMatch value and document forms", () => {
    expect(matches({ a: { $elemMatch: { $gt: i(1), $lt: i(3) } } }, { a: [i(0), i(2)] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: i(1), $lt: i(3) } } }, { a: [i(0), i(5)] })).toBe(false);
    expect(
      matches({ a: { $elemMatch: { b: i(1), c: i(2) } } }, { a: [{ b: i(1) }, { b: i(1), c: i(2) }] }),
    ).toBe(true);
    expect(matches({ a: { $elemMatch: { b: i(1), c: i(2) } } }, { a: [{ b: i(1) }, { c: i(2) }] })).toBe(
      false,
    );
    expect(matches({ a: { $elemMatch: { $or: [{ b: i(1) }, { c: i(1) }] } } }, { a: [{ c: i(1) }] })).toBe(
      true,
    );
    expect(matches({ a: { $elemMatch: { b: i(1) } } }, { a: { b: i(1) } })).toBe(false);
    expect(matches({ "a.b": { $elemMatch: { $eq: i(2) } } }, { a: [{ b: [i(1)] }, { b: [i(2)] }] })).toBe(
      true,
    );
    expect(matches({ a: { $elemMatch: { $elemMatch: { $eq: i(2) } } } }, { a: [[i(2)]] })).toBe(true);
    rejectsFilter({ a: { $elemMatch: i(1) } }, 2, "$elemMatch needs an Object");
    rejectsFilter(
      { a: { $elemMatch: { $expr: { $eq: [1, 1] } } } },
      2,
      "$expr can only be applied to the top-level document",
    );
  });
  test("$size", () => {
    expect(matches({ a: { $size: i(2) } }, { a: [i(1), i(2)] })).toBe(true);
    expect(matches({ a: { $size: d(2) } }, { a: [i(1)] })).toBe(false);
    expect(matches({ a: { $size: i(0) } }, {})).toBe(false);
    expect(matches({ "a.b": { $size: i(1) } }, { a: [{ b: [i(1)] }] })).toBe(true);
    rejectsFilter({ a: { $size: "1" } }, 2, "$size needs a number");
    rejectsFilter({ a: { $size: d(1.5) } }, 2, "$size must be a whole number");
    rejectsFilter({ a: { $size: i(-1) } }, 2, "$size may not be negative");
  });
  test("bit operators on integers and BinData", () => {
    expect(matches({ a: { $bitsAllSet: [i(0), i(2)] } }, { a: i(5) })).toBe(true);
    expect(matches({ a: { $bitsAllSet: i(6) } }, { a: i(5) })).toBe(false);
    expect(matches({ a: { $bitsAnySet: i(6) } }, { a: i(5) })).toBe(true);
    expect(matches({ a: { $bitsAllClear: [i(1)] } }, { a: i(5) })).toBe(true);
    expect(matches({ a: { $bitsAnyClear: [i(0), i(1)] } }, { a: i(5) })).toBe(true);
    expect(matches({ a: { $bitsAllSet: [i(100)] } }, { a: i(-1) })).toBe(true);
    expect(matches({ a: { $bitsAllSet: [i(0)] } }, { a: d(1.5) })).toBe(false);
    expect(matches({ a: { $bitsAllSet: [i(8)] } }, { a: new Binary(new Uint8Array([0, 1])) })).toBe(true);
    expect(matches({ a: { $bitsAllSet: new Binary(new Uint8Array([5])) } }, { a: i(7) })).toBe(true);
    rejectsFilter({ a: { $bitsAllSet: "x" } }, 2, /takes an Array, a number, or a BinData/);
    rejectsFilter({ a: { $bitsAllSet: [i(-1)] } }, 2, /bit positions must be >= 0/);
  });
});

describe("logical operators", () => {
  test("$and $or $nor $not", () => {
    expect(matches({ $or: [{ a: i(1) }, { b: i(1) }] }, { b: i(1) })).toBe(true);
    expect(matches({ $and: [{ a: i(1) }, { b: i(1) }] }, { b: i(1) })).toBe(false);
    expect(matches({ $nor: [{ a: i(1) }, { b: i(1) }] }, { c: i(1) })).toBe(true);
    expect(matches({ a: { $not: { $gt: i(5) } } }, { a: i(3) })).toBe(true);
    expect(matches({ a: { $not: { $gt: i(5) } } }, {})).toBe(true);
    expect(matches({ a: { $not: { $gt: i(5) } } }, { a: [i(3), i(6)] })).toBe(false);
    expect(matches({ $comment: "hi", a: i(1) }, { a: i(1) })).toBe(true);
    expect(matches({}, { a: i(1) })).toBe(true);
  });
  test("errors", () => {
    rejectsFilter({ $or: [] }, 2, "$and/$or/$nor must be a nonempty array");
    rejectsFilter({ $or: { a: 1 } }, 2, "$or must be an array");
    rejectsFilter({ $and: [1] }, 2, "$or/$and/$nor entries need to be full objects");
    rejectsFilter({ $foo: 1 }, 2, /^unknown top level operator: \$foo/);
    rejectsFilter({ a: { $foo: 1 } }, 2, "unknown operator: $foo");
    rejectsFilter({ a: { $gt: 1, b: 2 } }, 2, "unknown operator: b");
    rejectsFilter({ a: { $not: {} } }, 2, "$not cannot be empty");
    rejectsFilter({ a: { $not: i(1) } }, 2, "$not needs a regex or a document");
    rejectsFilter({ a: { $in: i(1) } }, 2, "$in needs an array");
    rejectsFilter({ a: { $nin: i(1) } }, 2, "$nin needs an array");
    rejectsFilter({ a: { $in: [{ $gt: 1 }] } }, 2, "cannot nest $ under $in");
    rejectsFilter({ a: { $ne: /x/ } }, 2, "Can't have regex as arg to $ne.");
    rejectsFilter({ a: { $gt: /x/ } }, 2, "Can't have RegEx as arg to predicate over field 'a'.");
    rejectsFilter({ $where: "true" }, 2, /\$where is not supported/);
    rejectsFilter({ $text: { $search: "x" } }, 27, "text index required for $text query");
  });
  test("a document whose first key is not an operator is a literal", () => {
    expect(matches({ a: { b: i(1), $gt: i(2) } }, { a: { b: i(1), $gt: i(2) } })).toBe(true);
    expect(matches({ a: { $ref: "c", $id: i(1) } }, { a: { $ref: "c", $id: i(1) } })).toBe(true);
  });
});

describe("positional tracking", () => {
  test("records the first array's index of the match", () => {
    expect(position({ a: i(2) }, { a: [i(1), i(2), i(3)] })).toEqual({ matched: true, arrayIndex: 1 });
    expect(position({ "a.b": i(2) }, { a: [{ b: i(1) }, { b: i(2) }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(position({ "a.b": i(6) }, { a: [{ b: [i(5)] }, { b: [i(5), i(6)] }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(position({ a: { $elemMatch: { b: i(2) } } }, { a: [{ b: i(1) }, { b: i(2) }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(position({ a: { $gt: i(1) } }, { a: i(3) })).toEqual({ matched: true });
    expect(position({ x: i(1), a: i(3) }, { x: [i(1)], a: [i(2), i(3)] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(position({ a: { $ne: i(9) } }, { a: [i(1)] })).toEqual({ matched: true });
    expect(position({ $or: [{ a: i(3) }] }, { a: [i(2), i(3)] })).toEqual({ matched: true, arrayIndex: 1 });
    expect(position({ a: i(9) }, { a: [i(1)] })).toEqual({ matched: false });
  });
});

describe("$expr", () => {
  test("evaluates aggregation expressions against the document", () => {
    expect(matches({ $expr: { $gt: ["$a", "$b"] } }, { a: i(3), b: i(2) })).toBe(true);
    expect(matches({ $expr: { $gt: ["$a", "$b"] } }, { a: i(1), b: i(2) })).toBe(false);
    expect(matches({ $expr: { $eq: ["$a", "$$x"] } }, { a: i(7) }, { variables: { x: i(7) } })).toBe(true);
    expect(matches({ $expr: "$flag" }, { flag: i(0) })).toBe(false);
    expect(matches({ $or: [{ $expr: { $eq: ["$a", "x"] } }, { b: i(1) }] }, { a: "x" })).toBe(true);
  });
});

describe("$pull conditions", () => {
  test("operator, document and equality conditions", () => {
    expect(compileElementCondition({ $gte: i(6) })(i(7))).toBe(true);
    expect(compileElementCondition({ $gte: i(6) })(i(5))).toBe(false);
    expect(compileElementCondition({ $in: [i(1)] })([i(1), i(2)])).toBe(true);
    expect(compileElementCondition({ score: i(8) })({ score: i(8), item: "B" })).toBe(true);
    expect(compileElementCondition({ score: i(8) })(i(8))).toBe(false);
    expect(compileElementCondition([i(1), i(2)])([i(1), i(2)])).toBe(true);
    expect(compileElementCondition(i(1))([i(1)])).toBe(false);
    expect(compileElementCondition(/^a/)("abc")).toBe(true);
    expect(compileElementCondition({ $and: [{ a: i(1) }] })({ a: i(1) })).toBe(true);
  });
});
