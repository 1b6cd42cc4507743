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
import fc from "fast-check";
import { compareValues } from "../../src/server/query/compare.ts";
import { encodeKey, typeBracket } from "../../src/server/query/key-string.ts";

function memcmp(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const interestingDoubles = [
  0,
  -0,
  1,
  -1,
  0.1,
  0.5,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  1e308,
  5e-324,
  -5e-324,
];
const double = fc.oneof(
  fc.double(),
  fc.constantFrom(...interestingDoubles, Number.NaN, Infinity, -Infinity),
  fc.integer({ min: -1000, max: 1000 }),
);
const decimalString = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: -(10n ** 34n) + 1n, max: 10n ** 34n - 1n }), fc.integer({ min: -40, max: 40 }))
    .map(([c, e]) => `${c}E${e}`),
  fc
    .tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -6000, max: 6000 }))
    .map(([c, e]) => `${c}E${e}`),
  fc.constantFrom(
    "NaN",
    "Infinity",
    "-Infinity",
    "0",
    "-0",
    "0E-6176",
    "0.1",
    "1.000",
    "9223372036854775807",
  ),
);
const numeric = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
  double.map((n) => new Double(n)),
  fc
    .oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -5000n, max: 5000n }))
    .map((n) => Long.fromBigInt(n)),
  decimalString.map((s) => Decimal128.fromString(s)),
);
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom("", "a", "a\u0000", "a\u0000b", "a\u0001", "\uffff", "\u{1f600}", "\uff61"),
);
const scalar = fc.oneof(
  numeric,
  text,
  text.map((s) => new BSONSymbol(s)),
  fc.boolean(),
  fc.constantFrom(null, undefined, new MinKey(), new MaxKey()),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((ms) => new Date(ms)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
  fc.tuple(fc.uint8Array({ maxLength: 4 }), fc.constantFrom(0, 4, 128)).map(([b, t]) => new Binary(b, t)),
  fc.tuple(fc.nat(), fc.nat()).map(([t, i]) => new Timestamp({ t: t >>> 0, i: i >>> 0 })),
  fc.tuple(text, fc.constantFrom("", "i", "im")).map(([p, o]) => new BSONRegExp(p.replace(/\u0000/g, ""), o)),
  text.map((s) => new Code(s)),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 3 }),
  object: fc
    .array(fc.tuple(fc.constantFrom("a", "b", "", "a\u00e9", "c.d"), tie("value")), { maxLength: 3 })
    .map((entries) => Object.fromEntries(entries)),
}));

describe("encodeKey", () => {
  test("memcmp order equals compareValues (single values)", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(memcmp(encodeKey([a]), encodeKey([b]))).toBe(compareValues(a, b));
      }),
      { numRuns: 5000 },
    );
  });
  test("numbers of mixed types", () => {
    fc.assert(
      fc.property(numeric, numeric, (a, b) => {
        expect(memcmp(encodeKey([a]), encodeKey([b]))).toBe(compareValues(a, b));
      }),
      { numRuns: 5000 },
    );
  });
  test("tuples with directions compare element-wise", () => {
    const tuple = fc.array(fc.tuple(value, fc.constantFrom<1 | -1>(1, -1)), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(tuple, fc.array(value, { minLength: 3, maxLength: 3 }), (left, rightValues) => {
        const dirs = left.map(([, d]) => d);
        const a = left.map(([v]) => v);
        const b = rightValues.slice(0, a.length);
        let expected = 0;
        for (let i = 0; i < a.length && expected === 0; i++)
          expected = compareValues(a[i], b[i]) * dirs[i]! || 0;
        expect(memcmp(encodeKey(a, dirs), encodeKey(b, dirs))).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
  test("equal numbers encode equal across types", () => {
    const one = [new Int32(1), new Double(1), Long.fromNumber(1), Decimal128.fromString("1.000")];
    for (const x of one) expect(encodeKey([x])).toEqual(encodeKey([one[0]]));
    expect(encodeKey([new Double(-0)])).toEqual(encodeKey([Decimal128.fromString("0E+10")]));
    expect(memcmp(encodeKey([Decimal128.fromString("0.1")]), encodeKey([new Double(0.1)]))).toBe(-1);
  });
  test("strings with embedded NULs", () => {
    const ordered = [
      "",
      "\u0000",
      "\u0000\u0000",
      "\u0000\u0001",
      "a",
      "a\u0000",
      "a\u0000\u0000",
      "a\u0001",
      "b",
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(memcmp(encodeKey([ordered[i - 1]]), encodeKey([ordered[i]]))).toBe(-1);
      expect(memcmp(encodeKey([ordered[i - 1]], [-1]), encodeKey([ordered[i]], [-1]))).toBe(1);
    }
  });
  test("typeBracket encloses every value of the type", () => {
    const { min, max } = typeBracket(new Int32(5));
    for (const v of [
      new Double(Number.NaN),
      new Double(-Infinity),
      Decimal128.fromString("1E+6144"),
      new Int32(0),
    ]) {
      const k = encodeKey([v]);
      expect(memcmp(min, k)).toBe(-1);
      expect(memcmp(k, max)).toBe(-1);
    }
    expect(memcmp(encodeKey(["a"]), max)).toBe(1);
  });
});
