import { describe, expect as bunExpect, test } from "bun:test";
import { Binary, Decimal128, Long, ObjectId, Timestamp } from "bson";
import { AssertionError, diffLines, equals, expect, format } from "../../src/test/index.ts";

function failure(fn: () => unknown): AssertionError {
  try {
    fn();
  } catch (error) {
    bunExpect(error).toBeInstanceOf(AssertionError);
    return error as AssertionError;
  }
  throw new Error("expected the assertion to fail");
}

async function asyncFailure(fn: () => Promise<unknown>): Promise<AssertionError> {
  try {
    await fn();
  } catch (error) {
    bunExpect(error).toBeInstanceOf(AssertionError);
    return error as AssertionError;
  }
  throw new Error("expected the assertion to fail");
}

describe("BSON-aware equality", () => {
  const hex = "65a1b2c3d4e5f60718293a4b";

  test("compares BSON values by value, not identity", () => {
    bunExpect(equals(new ObjectId(hex), new ObjectId(hex))).toBe(true);
    bunExpect(equals(new ObjectId(hex), new ObjectId())).toBe(false);
    bunExpect(equals(Decimal128.fromString("1.50"), Decimal128.fromString("1.50"))).toBe(true);
    bunExpect(equals(Decimal128.fromString("1.5"), Decimal128.fromString("1.6"))).toBe(false);
    bunExpect(equals(Long.fromString("9007199254740993"), Long.fromString("9007199254740993"))).toBe(true);
    bunExpect(equals(Long.fromNumber(1), Long.fromNumber(2))).toBe(false);
    bunExpect(equals(new Binary(new Uint8Array([1, 2])), new Binary(new Uint8Array([1, 2])))).toBe(true);
    bunExpect(equals(new Binary(new Uint8Array([1, 2]), 4), new Binary(new Uint8Array([1, 2]), 0))).toBe(
      false,
    );
    bunExpect(equals(new Timestamp({ t: 1, i: 2 }), new Timestamp({ t: 1, i: 2 }))).toBe(true);
    bunExpect(equals(new Date(5), new Date(5))).toBe(true);
    bunExpect(equals(new Date(5), new Date(6))).toBe(false);
  });

  test("does not equate different BSON types or a BSON value with its string", () => {
    bunExpect(equals(new ObjectId(hex), hex)).toBe(false);
    bunExpect(equals(Long.fromNumber(1), 1)).toBe(false);
    bunExpect(equals(Decimal128.fromString("1"), Long.fromNumber(1))).toBe(false);
  });

  test("nested documents with BSON values", () => {
    const doc = () => ({
      _id: new ObjectId(hex),
      price: Decimal128.fromString("9.99"),
      at: new Date(0),
      tags: ["a"],
    });
    expect(doc()).toEqual(doc());
    expect({ ...doc(), extra: undefined }).toEqual(doc());
    failure(() => expect({ ...doc(), extra: undefined }).toStrictEqual(doc()));
  });

  test("maps, sets, typed arrays, cycles", () => {
    expect(new Map([["a", { x: 1 }]])).toEqual(new Map([["a", { x: 1 }]]));
    expect(new Set([{ a: 1 }])).toEqual(new Set([{ a: 1 }]));
    expect(new Uint8Array([1, 2, 3])).toEqual(new Uint8Array([1, 2, 3]));
    failure(() => expect(new Uint8Array([1, 2])).toEqual(new Uint8Array([1, 3])));
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 1 };
    b.self = b;
    expect(a).toEqual(b);
  });
});

describe("matchers", () => {
  test("each matcher passes and fails", () => {
    expect(1).toBe(1);
    failure(() => expect({}).toBe({}));
    expect(1).toBeTruthy();
    expect(0).toBeFalsy();
    expect(null).toBeNull();
    expect(undefined).toBeUndefined();
    expect(0).toBeDefined();
    expect(3).toBeGreaterThan(2);
    expect(3).toBeGreaterThanOrEqual(3);
    expect(2).toBeLessThan(3);
    expect(3).toBeLessThanOrEqual(3);
    expect(10n).toBeGreaterThan(9n);
    expect(0.1 + 0.2).toBeCloseTo(0.3, 5);
    failure(() => expect(0.3).toBeCloseTo(0.31, 3));
    expect([1, 2, 3]).toContain(2);
    expect("hello").toContain("ell");
    failure(() => expect([{ a: 1 }]).toContain({ a: 1 }));
    expect([{ a: 1 }]).toContainEqual({ a: 1 });
    expect([1, 2]).toHaveLength(2);
    expect("abc").toHaveLength(3);
    expect({ a: { b: [{ c: 5 }] } }).toHaveProperty("a.b[0].c", 5);
    expect({ a: { b: 1 } }).toHaveProperty(["a", "b"]);
    failure(() => expect({ a: 1 }).toHaveProperty("a.b"));
    expect("data-bridge").toMatch(/bridge$/);
    expect("data-bridge").toMatch("a-b");
    expect({ a: 1, b: { c: 2, d: 3 } }).toMatchObject({ b: { c: 2 } });
    failure(() => expect({ a: 1 }).toMatchObject({ a: 2 }));
    expect(new TypeError("x")).toBeInstanceOf(Error);
    expect(() => {
      throw new RangeError("out of range: 7");
    }).toThrow(RangeError);
    expect(() => {
      throw new Error("out of range: 7");
    }).toThrow(/range: \d/);
    expect(() => {
      throw new Error("boom");
    }).toThrow("boo");
    failure(() => expect(() => {}).toThrow());
  });

  test(".not inverts and says so", () => {
    expect(1).not.toBe(2);
    expect([1]).not.toContain(2);
    const error = failure(() => expect(3).not.toBe(3));
    bunExpect(error.message).toBe("toBe: expected 3 not to be 3");
  });

  test(".resolves and .rejects", async () => {
    await expect(Promise.resolve({ a: 1 })).resolves.toEqual({ a: 1 });
    await expect(Promise.reject(new Error("nope"))).rejects.toThrow("nope");
    await expect(async () => {
      throw new TypeError("bad");
    }).rejects.toThrow(TypeError);
    await expect(Promise.resolve(1)).resolves.not.toBe(2);
    const resolved = await asyncFailure(() => expect(Promise.resolve(1)).rejects.toThrow());
    bunExpect(resolved.message).toContain("expected promise to reject, it resolved");
    const rejected = await asyncFailure(() => expect(Promise.reject(new Error("x"))).resolves.toBe(1));
    bunExpect(rejected.message).toContain("expected promise to resolve, it rejected: x");
    await asyncFailure(() => expect(Promise.resolve(1)).resolves.toBe(2));
  });

  test("a failed deep comparison carries a readable line diff", () => {
    const id = new ObjectId("65a1b2c3d4e5f60718293a4b");
    const error = failure(() =>
      expect({ _id: id, name: "Ada", tags: ["a", "b"] }).toEqual({
        _id: id,
        name: "Grace",
        tags: ["a", "b"],
      }),
    );
    bunExpect(error.diff?.unified).toBe(
      [
        "  {",
        '    _id: ObjectId("65a1b2c3d4e5f60718293a4b"),',
        '-   name: "Grace",',
        '+   name: "Ada",',
        "    tags: [",
        '      "a",',
        '      "b",',
        "    ],",
        "  }",
      ].join("\n"),
    );
    bunExpect(error.message).toContain("- Expected");
  });
});

describe("format and diff", () => {
  test("prints BSON values and special values readably", () => {
    bunExpect(format(Decimal128.fromString("1.5"))).toBe('Decimal128("1.5")');
    bunExpect(format(Long.fromNumber(7))).toBe('Long("7")');
    bunExpect(format(new Binary(new Uint8Array([1, 2])))).toBe('Binary(0, "AQI=")');
    bunExpect(format(new Date(0))).toBe("Date(1970-01-01T00:00:00.000Z)");
    bunExpect(format(-0)).toBe("-0");
    bunExpect(format(10n)).toBe("10n");
  });

  test("diffLines keeps common lines and marks changes", () => {
    bunExpect(diffLines("a\nb\nc", "a\nx\nc")).toBe("  a\n- b\n+ x\n  c");
  });
});
