import { describe, expect, test } from "bun:test";
import { BSONRegExp } from "bson";
import { evaluate, expectBson, expectCode, int } from "./helpers.ts";

describe("string operators", () => {
  test("$concat", () => {
    expect(evaluate({ $concat: ["a", "-", "$b"] }, { b: "c" })).toBe("a-c");
    expect(evaluate({ $concat: ["a", "$missing"] })).toBeNull();
    expectCode(() => evaluate({ $concat: ["a", 1] }), 16702);
  });

  test("$substrBytes / $substr / $substrCP", () => {
    expect(evaluate({ $substrBytes: ["abcdef", 1, 3] })).toBe("bcd");
    expect(evaluate({ $substr: ["abcdef", 2, -1] })).toBe("cdef");
    expect(evaluate({ $substrBytes: ["héllo", 0, 3] })).toBe("hé");
    expectCode(() => evaluate({ $substrBytes: ["héllo", 2, 1] }), 28656);
    expectCode(() => evaluate({ $substrBytes: ["héllo", 0, 2] }), 28657);
    expect(evaluate({ $substrCP: ["héllo😀x", 4, 2] })).toBe("o😀");
    expect(evaluate({ $substrBytes: [null, 0, 1] })).toBe("");
    expect(evaluate({ $substrBytes: [123, 0, 2] })).toBe("12");
    expectCode(() => evaluate({ $substrCP: ["abc", -1, 1] }), 34455);
    expectCode(() => evaluate({ $substrCP: ["abc", 0, 1.5] }), 34453);
  });

  test("$toLower / $toUpper / $strcasecmp (ASCII case folding)", () => {
    expect(evaluate({ $toLower: "AbC" })).toBe("abc");
    expect(evaluate({ $toUpper: "straße" })).toBe("STRAßE");
    expect(evaluate({ $toUpper: "$missing" })).toBe("");
    expectBson(evaluate({ $strcasecmp: ["ABC", "abc"] }), int(0));
    expectBson(evaluate({ $strcasecmp: ["a", "B"] }), int(-1));
  });

  test("$strLenBytes / $strLenCP", () => {
    expectBson(evaluate({ $strLenBytes: "héllo" }), int(6));
    expectBson(evaluate({ $strLenCP: "héllo😀" }), int(6));
    expectCode(() => evaluate({ $strLenCP: 5 }), 34471);
  });

  test("$split", () => {
    expectBson(evaluate({ $split: ["a,b,,c", ","] }), ["a", "b", "", "c"]);
    expect(evaluate({ $split: [null, ","] })).toBeNull();
    expectCode(() => evaluate({ $split: ["a", ""] }), 40087);
  });

  test("$trim / $ltrim / $rtrim", () => {
    expect(evaluate({ $trim: { input: "  \u00a0 x y \n" } })).toBe("x y");
    expect(evaluate({ $ltrim: { input: "xxaxx", chars: "x" } })).toBe("axx");
    expect(evaluate({ $rtrim: { input: "xxaxx", chars: "x" } })).toBe("xxa");
    expect(evaluate({ $trim: { input: null } })).toBeNull();
    expectCode(() => evaluate({ $trim: { input: 1 } }), 50699);
    expectCode(() => evaluate({ $trim: { chars: "a" } }), 50695);
  });

  test("$indexOfBytes / $indexOfCP", () => {
    expectBson(evaluate({ $indexOfBytes: ["héllo", "l"] }), int(3));
    expectBson(evaluate({ $indexOfCP: ["héllo", "l"] }), int(2));
    expectBson(evaluate({ $indexOfCP: ["abcabc", "b", 2] }), int(4));
    expectBson(evaluate({ $indexOfCP: ["abcabc", "c", 0, 2] }), int(-1));
    expectBson(evaluate({ $indexOfCP: ["😀a😀b", "b"] }), int(3));
    expect(evaluate({ $indexOfCP: [null, "b"] })).toBeNull();
    expectCode(() => evaluate({ $indexOfBytes: ["abc", "b", -1] }), 40097);
  });

  test("$regexMatch / $regexFind / $regexFindAll", () => {
    expect(evaluate({ $regexMatch: { input: "Hello", regex: "^h", options: "i" } })).toBe(true);
    expect(evaluate({ $regexMatch: { input: "$missing", regex: "x" } })).toBe(false);
    expect(evaluate({ $regexMatch: { input: "abc", regex: new BSONRegExp("B", "i") } })).toBe(true);
    expectBson(evaluate({ $regexFind: { input: "é1 x22", regex: "(\\d)(\\d)?" } }), {
      match: "1",
      idx: int(1),
      captures: ["1", null],
    });
    expect(evaluate({ $regexFind: { input: "abc", regex: "z" } })).toBeNull();
    expectBson(evaluate({ $regexFindAll: { input: "a1b22", regex: "\\d+" } }), [
      { match: "1", idx: int(1), captures: [] },
      { match: "22", idx: int(3), captures: [] },
    ]);
    expect((evaluate({ $regexFindAll: { input: "ab", regex: "x*" } }) as unknown[]).length).toBe(3);
    expectCode(() => evaluate({ $regexMatch: { input: 1, regex: "a" } }), 51104);
    expectCode(
      () => evaluate({ $regexMatch: { input: "a", regex: new BSONRegExp("a", "i"), options: "m" } }),
      51107,
    );
    expectCode(() => evaluate({ $regexMatch: { input: "a", regex: "a", options: "g" } }), 51108);
  });

  test("$replaceOne / $replaceAll replace literal text", () => {
    expect(evaluate({ $replaceOne: { input: "a.b.c", find: ".", replacement: { $literal: "$&" } } })).toBe(
      "a$&b.c",
    );
    expect(evaluate({ $replaceAll: { input: "a.b.c", find: ".", replacement: "-" } })).toBe("a-b-c");
    expect(evaluate({ $replaceAll: { input: null, find: ".", replacement: "-" } })).toBeNull();
    expectCode(() => evaluate({ $replaceAll: { input: 1, find: ".", replacement: "-" } }), 51746);
  });
});
