import { describe, expect, test } from "bun:test";
import { Decimal128, Double, Int32, Long } from "bson";
import {
  addNumbers,
  divideNumbers,
  isNumber,
  isZero,
  modNumbers,
  multiplyNumbers,
  numberKind,
  numericCompare,
  subtractNumbers,
  toDouble,
  toInt64,
  toSafeInteger,
} from "../../src/server/query/numbers.ts";

const dec = (s: string) => Decimal128.fromString(s);
const show = (v: unknown) => `${(v as { _bsontype: string })._bsontype}(${String(v)})`;

describe("numericCompare", () => {
  test("equal values of different types compare equal", () => {
    expect(numericCompare(new Int32(1), new Double(1))).toBe(0);
    expect(numericCompare(new Long(1), dec("1.000"))).toBe(0);
    expect(numericCompare(new Double(-0), new Int32(0))).toBe(0);
    expect(numericCompare(dec("-0"), new Long(0))).toBe(0);
  });
  test("Long vs Double is exact beyond 2^53", () => {
    const big = Long.fromString("9007199254740993");
    expect(numericCompare(big, new Double(9007199254740992))).toBe(1);
    expect(numericCompare(new Double(9007199254740992), big)).toBe(-1);
    expect(numericCompare(Long.MAX_VALUE, new Double(2 ** 63))).toBe(-1);
    expect(numericCompare(Long.MIN_VALUE, new Double(-(2 ** 63)))).toBe(0);
    expect(numericCompare(new Long(3), new Double(3.5))).toBe(-1);
    expect(numericCompare(new Long(-3), new Double(-3.5))).toBe(1);
  });
  test("Decimal vs Double is exact (0.1 double is not decimal 0.1)", () => {
    expect(numericCompare(dec("0.1"), new Double(0.1))).toBe(-1);
    expect(numericCompare(dec("0.5"), new Double(0.5))).toBe(0);
    expect(numericCompare(dec("1E+400"), new Double(Number.MAX_VALUE))).toBe(1);
    expect(numericCompare(dec("Infinity"), new Double(Infinity))).toBe(0);
    expect(numericCompare(dec("-Infinity"), new Long(-5))).toBe(-1);
  });
  test("NaN sorts below all numbers and equals NaN", () => {
    expect(numericCompare(new Double(Number.NaN), new Double(-Infinity))).toBe(-1);
    expect(numericCompare(dec("NaN"), new Double(Number.NaN))).toBe(0);
    expect(numericCompare(new Int32(0), dec("NaN"))).toBe(1);
  });
});

describe("arithmetic promotion", () => {
  test("int32 overflow promotes to Long", () => {
    expect(show(addNumbers(new Int32(2147483647), new Int32(1)))).toBe("Long(2147483648)");
    expect(show(multiplyNumbers(new Int32(65536), new Int32(65536)))).toBe("Long(4294967296)");
    expect(show(addNumbers(new Int32(1), new Int32(2)))).toBe("Int32(3)");
  });
  test("Long overflow becomes Double, or undefined in fail mode", () => {
    expect(numberKind(addNumbers(Long.MAX_VALUE, new Int32(1)))).toBe("double");
    expect(addNumbers(Long.MAX_VALUE, new Int32(1), "fail")).toBeUndefined();
    expect(show(subtractNumbers(new Long(5), new Int32(7)))).toBe("Long(-2)");
  });
  test("Double and Decimal dominate", () => {
    expect(show(addNumbers(new Long(1), new Double(0.5)))).toBe("Double(1.5)");
    expect(show(addNumbers(dec("0.1"), dec("0.2")))).toBe("Decimal128(0.3)");
    expect(show(addNumbers(dec("1"), new Double(0.1)))).toBe("Decimal128(1.100000000000000)");
    expect(show(addNumbers(dec("1.5"), new Int32(2)))).toBe("Decimal128(3.5)");
    expect(show(multiplyNumbers(dec("1.10"), dec("2.0")))).toBe("Decimal128(2.200)");
  });
  test("decimal rounding to 34 digits, half even", () => {
    expect(show(divideNumbers(dec("1"), dec("3")))).toBe("Decimal128(0.3333333333333333333333333333333333)");
    expect(show(divideNumbers(dec("2"), dec("3")))).toBe("Decimal128(0.6666666666666666666666666666666667)");
    expect(show(divideNumbers(dec("10"), dec("4")))).toBe("Decimal128(2.5)");
    expect(show(divideNumbers(dec("10"), dec("2")))).toBe("Decimal128(5)");
    expect(show(addNumbers(dec("9999999999999999999999999999999999"), dec("1")))).toBe(
      "Decimal128(1.000000000000000000000000000000000E+34)",
    );
    expect(show(addNumbers(dec("1E+6144"), dec("9.999999999999999999999999999999999E+6144")))).toBe(
      "Decimal128(Infinity)",
    );
  });
  test("divide and mod", () => {
    expect(show(divideNumbers(new Int32(1), new Int32(4)))).toBe("Double(0.25)");
    expect(show(modNumbers(new Int32(-7), new Int32(3)))).toBe("Int32(-1)");
    expect(show(modNumbers(new Long(7), new Int32(4)))).toBe("Long(3)");
    expect(show(modNumbers(new Double(7.5), new Int32(2)))).toBe("Double(1.5)");
    expect(show(modNumbers(dec("7.5"), new Int32(2)))).toBe("Decimal128(1.5)");
  });
});

describe("conversions", () => {
  test("kinds and conversions", () => {
    expect(isNumber("1")).toBe(false);
    expect(isNumber(3)).toBe(true);
    expect(numberKind(3)).toBe("int");
    expect(numberKind(3.5)).toBe("double");
    expect(toDouble(dec("2.5"))).toBe(2.5);
    expect(toSafeInteger(new Double(2))).toBe(2);
    expect(toSafeInteger(new Double(2.5))).toBeUndefined();
    expect(toInt64(dec("12.0"))).toBe(12n);
    expect(toInt64(dec("12.5"))).toBeUndefined();
    expect(isZero(dec("0E-10"))).toBe(true);
    expect(isZero(new Double(-0))).toBe(true);
  });
});
