import { describe, expect, test } from "bun:test";
import { compileExpression, evaluateExpression } from "../../src/server/aggregate/expression.ts";
import { double, evaluate, expectBson, expectCode, int } from "./helpers.ts";

describe("field paths", () => {
  test("read nested fields and traverse arrays of documents", () => {
    expectBson(evaluate("$a.b", { a: { b: 5 } }), int(5));
    expectBson(evaluate("$a.b", { a: [{ b: 1 }, { c: 2 }, { b: 3 }] }), [int(1), int(3)]);
    expectBson(evaluate("$a.b.c", { a: [{ b: [{ c: 1 }, { c: 2 }] }, { b: { c: 3 } }] }), [
      [int(1), int(2)],
      int(3),
    ]);
    expectBson(evaluate("$a.b", { a: [[{ b: 1 }], 5] }), [[int(1)]]);
  });

  test("missing fields and non-documents on the way are missing", () => {
    expect(evaluate("$a.b", { a: 5 })).toBeUndefined();
    expect(evaluate("$nope", {})).toBeUndefined();
    expect(evaluate("$constructor", {})).toBeUndefined();
    expect(evaluate("$toString", {})).toBeUndefined();
    expect(evaluate("$a.__proto__", { a: {} })).toBeUndefined();
  });

  test("numeric path components are field names, not array indexes", () => {
    expectBson(evaluate("$a.0", { a: [{ 0: "x" }, 7] }), ["x"]);
  });

  test("invalid paths are rejected at compile time", () => {
    expectCode(() => compileExpression("$"), 16872);
    expectCode(() => compileExpression("$a..b"), 15998);
    expectCode(() => compileExpression("$a.$b"), 16410);
  });
});

describe("variables", () => {
  test("$$ROOT, $$CURRENT, $$NOW, $$REMOVE", () => {
    const doc = { a: 1 };
    expectBson(evaluate("$$ROOT", doc), { a: int(1) });
    expectBson(evaluate("$$CURRENT.a", doc), int(1));
    const now = new Date("2020-01-01T00:00:00Z");
    expect(evaluate("$$NOW", {}, { now })).toEqual(now);
    expect(evaluate("$$REMOVE")).toBeUndefined();
  });

  test("user variables come from options and are checked at compile time", () => {
    expectBson(evaluate({ $add: ["$$x", 1] }, {}, { variables: { x: int(2) } }), int(3));
    expectBson(evaluate("$$doc.a.b", {}, { variables: { doc: { a: { b: "deep" } } } }), "deep");
    expectCode(() => compileExpression("$$nope"), 17276, "Use of undefined variable: nope");
  });

  test("variable values are read at evaluation time", () => {
    const variables: Record<string, unknown> = { x: int(1) };
    const expr = compileExpression({ $multiply: ["$$x", 10] }, { variables });
    expectBson(expr({}), int(10));
    variables.x = int(4);
    expectBson(expr({}), int(40));
  });

  test("$let binds variables, which may shadow outer ones and rebind CURRENT", () => {
    expectBson(
      evaluate({ $let: { vars: { a: 2, b: "$x" }, in: { $multiply: ["$$a", "$$b"] } } }, { x: 5 }),
      int(10),
    );
    expectBson(evaluate({ $let: { vars: { a: 1 }, in: { $let: { vars: { a: 2 }, in: "$$a" } } } }), int(2));
    expectBson(
      evaluate({ $let: { vars: { CURRENT: "$inner" }, in: "$v" } }, { inner: { v: "in" }, v: "out" }),
      "in",
    );
  });

  test("$let validates names", () => {
    expectCode(() => compileExpression({ $let: { vars: { Foo: 1 }, in: 1 } }), 16867);
    expectCode(() => compileExpression({ $let: { vars: { "a-b": 1 }, in: 1 } }), 16868);
    expectCode(() => compileExpression({ $let: { vars: { a: 1 }, in: "$$b" } }), 17276);
    expectCode(() => compileExpression({ $let: { vars: { a: 1 } } }), 16876);
  });
});

describe("literals, objects and arrays", () => {
  test("$literal keeps $-strings and operator-looking objects as values", () => {
    expectBson(evaluate({ $literal: "$a" }), "$a");
    expectBson(evaluate({ $literal: { $add: [1, 2] } }), { $add: [int(1), int(2)] });
  });

  test("bare numbers in expressions become Int32 or Double", () => {
    expectBson(evaluate(3), int(3));
    expectBson(evaluate(2.5), double(2.5));
    expectBson(evaluate(2 ** 40), double(2 ** 40));
  });

  test("object expressions drop missing fields and keep field order", () => {
    const out = evaluate({ z: "$a", m: "$missing", a: { $literal: 1 } }, { a: "x" });
    expectBson(out, { z: "x", a: int(1) });
  });

  test("array expressions turn missing elements into null", () => {
    expectBson(evaluate(["$a", "$missing"], { a: 1 }), [int(1), null]);
  });

  test("operator objects must have exactly one field and a known name", () => {
    expectCode(() => compileExpression({ $add: [1], $multiply: [2] }), 15983);
    expectCode(() => compileExpression({ $foo: 1 }), 168, "Unrecognized expression '$foo'");
    expectCode(() => compileExpression({ a: 1, $add: [1] }), 16410);
    expectCode(() => compileExpression({ "a.b": 1 }), 16412);
  });

  test("evaluateExpression compiles and evaluates in one call", () => {
    expectBson(evaluateExpression({ $concat: ["a", "b"] }, {}), "ab");
  });
});

describe("comparison and boolean", () => {
  test("comparisons follow MongoDB's cross-type order", () => {
    expect(evaluate({ $eq: [1, 1.0] })).toBe(true);
    expect(evaluate({ $gt: ["a", 5] })).toBe(true);
    expect(evaluate({ $lt: [null, 0] })).toBe(true);
    expect(evaluate({ $ne: ["$missing", null] })).toBe(true);
    expectBson(evaluate({ $cmp: [2, 1] }), int(1));
    expectBson(evaluate({ $cmp: ["a", "a"] }), int(0));
    expectCode(() => compileExpression({ $eq: [1] }), 16020);
  });

  test("collation applies to string comparison", () => {
    expect(evaluate({ $eq: ["a", "A"] }, {}, { collation: { locale: "en", strength: 2 } })).toBe(true);
    expect(evaluate({ $eq: ["a", "A"] })).toBe(false);
  });

  test("$and/$or/$not use MongoDB truthiness and short-circuit", () => {
    expect(evaluate({ $and: [1, "x", []] })).toBe(true);
    expect(evaluate({ $and: [1, 0] })).toBe(false);
    expect(evaluate({ $or: [null, "$missing", { $literal: 0 }] })).toBe(false);
    expect(evaluate({ $or: [false, 1] })).toBe(true);
    expect(evaluate({ $not: [0] })).toBe(true);
    expect(evaluate({ $and: [] })).toBe(true);
    expect(evaluate({ $and: [false, { $divide: [1, 0] }] })).toBe(false);
  });
});

describe("conditionals", () => {
  test("$cond array and object forms", () => {
    expectBson(evaluate({ $cond: [{ $gt: ["$a", 1] }, "big", "small"] }, { a: 5 }), "big");
    expectBson(evaluate({ $cond: { if: "$missing", then: 1, else: 2 } }), int(2));
    expectCode(() => compileExpression({ $cond: [1, 2] }), 16020);
  });

  test("$ifNull takes any number of fallbacks", () => {
    expectBson(evaluate({ $ifNull: ["$a", "$b", "dflt"] }, { b: null }), "dflt");
    expectBson(evaluate({ $ifNull: ["$a", "$b", "dflt"] }, { b: 0 }), int(0));
    expectCode(() => compileExpression({ $ifNull: ["$a"] }), 1257300);
  });

  test("$switch picks the first true branch, else default, else fails", () => {
    const expr = {
      $switch: {
        branches: [
          { case: { $lt: ["$x", 0] }, then: "neg" },
          { case: { $eq: ["$x", 0] }, then: "zero" },
        ],
        default: "pos",
      },
    };
    expectBson(evaluate(expr, { x: -3 }), "neg");
    expectBson(evaluate(expr, { x: 0 }), "zero");
    expectBson(evaluate(expr, { x: 3 }), "pos");
    const noDefault = { $switch: { branches: [{ case: false, then: 1 }] } };
    expectCode(() => evaluate(noDefault), 40066);
    expectCode(() => compileExpression({ $switch: { branches: [] } }), 40068);
    expectCode(() => compileExpression({ $switch: { branches: [{ then: 1 }] } }), 40064);
  });
});
