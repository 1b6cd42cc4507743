import { describe, expect, test } from "bun:test";
import { compileExpression } from "../../src/server/aggregate/expression.ts";
import { decimal, double, evaluate, expectBson, expectCode, int, long } from "./helpers.ts";

describe("$add / $subtract / $multiply type promotion", () => {
  test("int32 stays Int32 and overflows to Long", () => {
    expectBson(evaluate({ $add: [1, 2] }), int(3));
    expectBson(evaluate({ $add: [2147483647, 1] }), long(2147483648));
    expectBson(evaluate({ $multiply: [65536, 65536] }), long(4294967296));
    expectBson(evaluate({ $subtract: [-2147483648, 1] }), long(-2147483649));
  });

  test("Long stays Long and overflows to Double", () => {
    expectBson(evaluate({ $add: ["$a", 1] }, { a: long(5) }), long(6));
    expectBson(evaluate({ $add: ["$a", 1] }, { a: long(9223372036854775807n) }), double(2 ** 63));
  });

  test("Double and Decimal128 win", () => {
    expectBson(evaluate({ $add: [1, 0.5] }), double(1.5));
    expectBson(evaluate({ $add: ["$d", 1] }, { d: decimal("1.10") }), decimal("2.10"));
    expectBson(evaluate({ $multiply: ["$d", 2] }, { d: decimal("0.1") }), decimal("0.2"));
    expectBson(evaluate({ $add: ["$d", 0.1] }, { d: decimal("0.2") }), decimal("0.300000000000000"));
  });

  test("null or missing operands give null; other types are errors", () => {
    expect(evaluate({ $add: [1, "$missing"] })).toBeNull();
    expect(evaluate({ $multiply: [null, 2] })).toBeNull();
    expectCode(
      () => evaluate({ $add: [1, "x"] }),
      16554,
      "$add only supports numeric or date types, not string",
    );
    expectCode(() => evaluate({ $multiply: [1, true] }), 16555);
    expectCode(() => evaluate({ $subtract: ["a", 1] }), 16556);
  });

  test("date arithmetic", () => {
    const date = new Date("2020-01-01T00:00:00Z");
    expect(evaluate({ $add: ["$d", 1000] }, { d: date })).toEqual(new Date("2020-01-01T00:00:01Z"));
    expect(evaluate({ $add: [1000, "$d", 0.6] }, { d: date })).toEqual(new Date("2020-01-01T00:00:01.001Z"));
    expect(evaluate({ $subtract: ["$d", 1000] }, { d: date })).toEqual(new Date("2019-12-31T23:59:59Z"));
    expectBson(
      evaluate({ $subtract: ["$d", "$e"] }, { d: date, e: new Date("2019-12-31T00:00:00Z") }),
      long(86400000),
    );
    expectCode(() => evaluate({ $add: ["$d", "$d"] }, { d: date }), 16612);
    expectCode(() => evaluate({ $subtract: [1, "$d"] }, { d: date }), 16556);
  });
});

describe("$divide / $mod", () => {
  test("$divide returns Double (or Decimal128) and rejects zero", () => {
    expectBson(evaluate({ $divide: [1, 4] }), double(0.25));
    expectBson(evaluate({ $divide: [6, 3] }), double(2));
    expectBson(evaluate({ $divide: ["$d", 4] }, { d: decimal("1") }), decimal("0.25"));
    expectCode(() => evaluate({ $divide: [1, 0] }), 16608);
    expectCode(() => evaluate({ $divide: [1, "a"] }), 16609);
  });

  test("$mod keeps the dividend's sign and the widest type", () => {
    expectBson(evaluate({ $mod: [-7, 3] }), int(-1));
    expectBson(evaluate({ $mod: [7.5, 2] }), double(1.5));
    expectBson(evaluate({ $mod: ["$a", 3] }, { a: long(10) }), long(1));
    expectCode(() => evaluate({ $mod: [1, 0] }), 16610);
  });
});

describe("unary math", () => {
  test("$abs", () => {
    expectBson(evaluate({ $abs: -5 }), int(5));
    expectBson(evaluate({ $abs: -2147483648 }), long(2147483648));
    expectBson(evaluate({ $abs: ["$d"] }, { d: decimal("-1.5") }), decimal("1.5"));
    expect(evaluate({ $abs: null })).toBeNull();
    expectCode(() => evaluate({ $abs: "x" }), 28765, "$abs only supports numeric types, not string");
  });

  test("$ceil / $floor keep integers and round doubles and decimals", () => {
    expectBson(evaluate({ $ceil: 1.2 }), double(2));
    expectBson(evaluate({ $floor: -1.2 }), double(-2));
    expectBson(evaluate({ $floor: 7 }), int(7));
    expectBson(evaluate({ $ceil: "$d" }, { d: decimal("1.01") }), decimal("2"));
  });

  test("$round rounds half to even; $trunc truncates; negative places work on integers", () => {
    expectBson(evaluate({ $round: [2.5, 0] }), double(2));
    expectBson(evaluate({ $round: [3.5] }), double(4));
    expectBson(evaluate({ $round: [1.2345, 2] }), double(1.23));
    expectBson(evaluate({ $round: [1234, -2] }), int(1200));
    expectBson(evaluate({ $trunc: [-1.99, 1] }), double(-1.9));
    expectBson(evaluate({ $round: ["$d", 1] }, { d: decimal("1.25") }), decimal("1.2"));
    expectBson(evaluate({ $round: [2147483647, -1] }), long(2147483650));
    expectCode(() => evaluate({ $round: [1, 1.5] }), 51082);
    expectCode(() => evaluate({ $round: [1, 101] }), 51083);
  });

  test("$sqrt, $pow, $exp, $ln, $log, $log10", () => {
    expectBson(evaluate({ $sqrt: 16 }), double(4));
    expectCode(() => evaluate({ $sqrt: -1 }), 28714);
    expectBson(evaluate({ $pow: [2, 10] }), int(1024));
    expectBson(evaluate({ $pow: [2, 40] }), long(1099511627776));
    expectBson(evaluate({ $pow: [2, -1] }), double(0.5));
    expectBson(evaluate({ $pow: [2.0, 2] }), int(4));
    expectBson(evaluate({ $pow: [1.5, 2] }), double(2.25));
    expectCode(() => evaluate({ $pow: [0, -1] }), 28764);
    expectBson(evaluate({ $exp: 0 }), double(1));
    expectBson(evaluate({ $ln: 1 }), double(0));
    expectBson(evaluate({ $log: [8, 2] }), double(3));
    expectBson(evaluate({ $log10: 1000 }), double(3));
    expectCode(() => evaluate({ $ln: 0 }), 28766);
    expectCode(() => evaluate({ $log: [8, 1] }), 28759);
    expectBson(evaluate({ $sqrt: "$d" }, { d: decimal("4") }), decimal("2"));
  });

  test("trigonometry", () => {
    expectBson(evaluate({ $sin: 0 }), double(0));
    expectBson(evaluate({ $radiansToDegrees: Math.PI }), double(180));
    expectCode(() => evaluate({ $acos: 2 }), 50989);
  });

  test("$rand gives a Double in [0, 1) and takes no arguments", () => {
    const v = evaluate({ $rand: {} }) as { _bsontype: string; value: number };
    expect(v._bsontype).toBe("Double");
    expect(v.value >= 0 && v.value < 1).toBe(true);
    expectCode(() => compileExpression({ $rand: { seed: 1 } }), 3040501);
  });

  test("arity is checked at compile time", () => {
    expectCode(
      () => compileExpression({ $subtract: [1] }),
      16020,
      "Expression $subtract takes exactly 2 arguments. 1 were passed in.",
    );
    expectCode(() => compileExpression({ $round: [1, 2, 3] }), 28667);
  });
});
