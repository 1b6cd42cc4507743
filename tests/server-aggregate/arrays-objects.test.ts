import { describe, expect, test } from "bun:test";
import { compileExpression } from "../../src/server/aggregate/expression.ts";
import { double, evaluate, expectBson, expectCode, int, long } from "./helpers.ts";

describe("array operators", () => {
  test("$size / $isArray", () => {
    expectBson(evaluate({ $size: "$a" }, { a: [1, 2, 3] }), int(3));
    expectCode(() => evaluate({ $size: "$missing" }), 17124, "Type of argument: missing");
    expect(evaluate({ $isArray: ["$a"] }, { a: [] })).toBe(true);
    expect(evaluate({ $isArray: "$a" }, { a: "x" })).toBe(false);
  });

  test("$filter with as, cond and limit", () => {
    expectBson(evaluate({ $filter: { input: [1, 5, 2, 8], cond: { $gt: ["$$this", 1] } } }), [
      int(5),
      int(2),
      int(8),
    ]);
    expectBson(evaluate({ $filter: { input: [1, 5, 2, 8], as: "n", cond: { $gt: ["$$n", 1] }, limit: 2 } }), [
      int(5),
      int(2),
    ]);
    expect(evaluate({ $filter: { input: null, cond: true } })).toBeNull();
    expectCode(() => evaluate({ $filter: { input: 1, cond: true } }), 28651);
    expectCode(() => compileExpression({ $filter: { input: [], cond: true, foo: 1 } }), 28647);
  });

  test("$map and $reduce, with outer variables visible inside", () => {
    expectBson(
      evaluate({ $map: { input: "$a", as: "x", in: { $add: ["$$x", "$k"] } } }, { a: [1, 2], k: 10 }),
      [int(11), int(12)],
    );
    expectBson(evaluate({ $map: { input: [1], in: "$$REMOVE" } }), [null]);
    expectBson(
      evaluate({ $reduce: { input: [1, 2, 3], initialValue: 0, in: { $add: ["$$value", "$$this"] } } }),
      int(6),
    );
    expectBson(
      evaluate({
        $reduce: { input: [[1], [2, 3]], initialValue: [], in: { $concatArrays: ["$$value", "$$this"] } },
      }),
      [int(1), int(2), int(3)],
    );
    expectBson(
      evaluate({
        $map: {
          input: [1, 2],
          as: "o",
          in: { $map: { input: [10], as: "i", in: { $add: ["$$o", "$$i"] } } },
        },
      }),
      [[int(11)], [int(12)]],
    );
  });

  test("$in / $indexOfArray", () => {
    expect(evaluate({ $in: [2, [1, 2.0]] })).toBe(true);
    expectCode(() => evaluate({ $in: [1, "$missing"] }), 40081);
    expectBson(evaluate({ $indexOfArray: [["a", "b", "a"], "a", 1] }), int(2));
    expectBson(evaluate({ $indexOfArray: [["a"], "z"] }), int(-1));
    expect(evaluate({ $indexOfArray: [null, "z"] })).toBeNull();
  });

  test("$arrayElemAt / $first / $last / $slice", () => {
    expectBson(evaluate({ $arrayElemAt: [[1, 2, 3], -1] }), int(3));
    expect(evaluate({ $arrayElemAt: [[1], 5] })).toBeUndefined();
    expectCode(() => evaluate({ $arrayElemAt: [[1], 0.5] }), 28691);
    expectBson(evaluate({ $first: [[7, 8]] }), int(7));
    expectBson(evaluate({ $last: "$a" }, { a: [7, 8] }), int(8));
    expect(evaluate({ $first: "$missing" })).toBeNull();
    expectBson(evaluate({ $slice: [[1, 2, 3, 4], 2] }), [int(1), int(2)]);
    expectBson(evaluate({ $slice: [[1, 2, 3, 4], -2] }), [int(3), int(4)]);
    expectBson(evaluate({ $slice: [[1, 2, 3, 4], 1, 2] }), [int(2), int(3)]);
    expectBson(evaluate({ $slice: [[1, 2, 3, 4], -3, 2] }), [int(2), int(3)]);
    expectCode(() => evaluate({ $slice: [[1], 0, 0] }), 28729);
  });

  test("$concatArrays / $reverseArray / $range", () => {
    expectBson(evaluate({ $concatArrays: [[1], [2, [3]]] }), [int(1), int(2), [int(3)]]);
    expect(evaluate({ $concatArrays: [[1], null] })).toBeNull();
    expectBson(evaluate({ $reverseArray: [[1, 2]] }), [int(2), int(1)]);
    expectBson(evaluate({ $range: [0, 10, 4] }), [int(0), int(4), int(8)]);
    expectBson(evaluate({ $range: [5, 0, -2] }), [int(5), int(3), int(1)]);
    expectBson(evaluate({ $range: [0, -1] }), []);
    expectCode(() => evaluate({ $range: [0, 5, 0] }), 34449);
    expectCode(() => evaluate({ $range: [0.5, 5] }), 34444);
  });

  test("$arrayToObject / $objectToArray / $zip", () => {
    expectBson(
      evaluate({
        $arrayToObject: [
          [
            ["a", 1],
            ["b", 2],
          ],
        ],
      }),
      { a: int(1), b: int(2) },
    );
    expectBson(
      evaluate({
        $arrayToObject: [
          [
            { k: "a", v: 1 },
            { k: "a", v: 3 },
          ],
        ],
      }),
      { a: int(3) },
    );
    expectCode(() => evaluate({ $arrayToObject: [[["a", 1], { k: "b", v: 2 }]] }), 40391);
    expectCode(() => evaluate({ $arrayToObject: [[[1, 2]]] }), 40395);
    expectBson(evaluate({ $objectToArray: "$o" }, { o: { x: 1, y: "z" } }), [
      { k: "x", v: int(1) },
      { k: "y", v: "z" },
    ]);
    expectBson(evaluate({ $zip: { inputs: [[1, 2], ["a"]] } }), [[int(1), "a"]]);
    expectBson(evaluate({ $zip: { inputs: [[1, 2], ["a"]], useLongestLength: true, defaults: [0, "-"] } }), [
      [int(1), "a"],
      [int(2), "-"],
    ]);
  });

  test("accumulators as expressions", () => {
    expectBson(evaluate({ $sum: "$a" }, { a: [1, 2, "x", 3.5] }), double(6.5));
    expectBson(evaluate({ $sum: [1, 2] }), int(3));
    expectBson(evaluate({ $sum: "$missing" }), int(0));
    expectBson(evaluate({ $avg: [[1, 2]] }), double(1.5));
    expect(evaluate({ $avg: [[]] })).toBeNull();
    expectBson(evaluate({ $max: [[1, 5, null, 3]] }), int(5));
    expectBson(evaluate({ $min: [4, "a", 2] }), int(2));
    expectBson(evaluate({ $stdDevPop: [[1, 3]] }), double(1));
    expectBson(evaluate({ $firstN: { n: 2, input: [5, 6, 7] } }), [int(5), int(6)]);
    expectBson(evaluate({ $maxN: { n: 2, input: [5, null, 9, 7] } }), [int(9), int(7)]);
    expectBson(evaluate({ $sum: [{ $literal: 2147483647 }, 1] }), long(2147483648));
  });
});

describe("object operators", () => {
  test("$mergeObjects", () => {
    expectBson(evaluate({ $mergeObjects: [{ a: 1, b: 1 }, null, "$o"] }, { o: { b: 2, c: 3 } }), {
      a: int(1),
      b: int(2),
      c: int(3),
    });
    expectCode(() => evaluate({ $mergeObjects: [{ a: 1 }, 5] }), 40400);
  });

  test("$getField / $setField / $unsetField", () => {
    expectBson(evaluate({ $getField: "a.b" }, { "a.b": 1, a: { b: 2 } }), int(1));
    expectBson(
      evaluate({ $getField: { field: { $literal: "$x" }, input: { $literal: { $x: 5 } } } }),
      int(5),
    );
    expect(evaluate({ $getField: { field: "a", input: null } })).toBeNull();
    expectBson(evaluate({ $setField: { field: "n", input: "$$ROOT", value: 1 } }, { a: 1 }), {
      a: int(1),
      n: int(1),
    });
    expectBson(evaluate({ $setField: { field: "a", input: "$$ROOT", value: "$$REMOVE" } }, { a: 1, b: 2 }), {
      b: int(2),
    });
    expectBson(evaluate({ $unsetField: { field: "a", input: "$$ROOT" } }, { a: 1, b: 2 }), { b: int(2) });
    expectCode(() => compileExpression({ $getField: { field: "$x" } }), 4161106);
  });
});

describe("set operators", () => {
  test("union, intersection, difference, equality, subset", () => {
    expectBson(
      evaluate({
        $setUnion: [
          [3, 1],
          [1, 2],
        ],
      }),
      [int(1), int(2), int(3)],
    );
    expectBson(
      evaluate({
        $setIntersection: [
          [1, 2, 3],
          [3, 2.0, 9],
        ],
      }),
      [int(2), int(3)],
    );
    expectBson(evaluate({ $setDifference: [[1, 2, 3, 2], [2]] }), [int(1), int(3)]);
    expect(
      evaluate({
        $setEquals: [
          [1, 2],
          [2, 1, 1],
        ],
      }),
    ).toBe(true);
    expect(evaluate({ $setIsSubset: [[1], [1, 2]] })).toBe(true);
    expect(evaluate({ $setUnion: [[1], null] })).toBeNull();
    expectCode(() => evaluate({ $setIsSubset: [[1], null] }), 17042);
    expectCode(() => evaluate({ $setEquals: [[1], "x"] }), 17044);
  });

  test("$anyElementTrue / $allElementsTrue", () => {
    expect(evaluate({ $anyElementTrue: [[0, null, 1]] })).toBe(true);
    expect(evaluate({ $allElementsTrue: [[1, 0]] })).toBe(false);
    expect(evaluate({ $allElementsTrue: [[]] })).toBe(true);
  });
});

describe("$sortArray", () => {
  test("by whole value or by document fields", () => {
    expectBson(evaluate({ $sortArray: { input: [3, "a", 1, null], sortBy: 1 } }), [
      null,
      int(1),
      int(3),
      "a",
    ]);
    expectBson(evaluate({ $sortArray: { input: [3, 1, 2], sortBy: -1 } }), [int(3), int(2), int(1)]);
    expectBson(
      evaluate(
        { $sortArray: { input: "$a", sortBy: { k: 1, n: -1 } } },
        {
          a: [
            { k: 2, n: 1 },
            { k: 1, n: 1 },
            { k: 1, n: 5 },
          ],
        },
      ),
      [
        { k: int(1), n: int(5) },
        { k: int(1), n: int(1) },
        { k: int(2), n: int(1) },
      ],
    );
    expect(evaluate({ $sortArray: { input: null, sortBy: 1 } })).toBeNull();
    expectCode(() => evaluate({ $sortArray: { input: 1, sortBy: 1 } }), 2942504);
    expectCode(() => compileExpression({ $sortArray: { input: [], sortBy: 2 } }), 2942505);
  });
});
