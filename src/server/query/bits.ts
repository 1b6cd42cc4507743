import { fail } from "../errors.ts";
import { formatValue } from "./format.ts";
import { isNumber, numberKind, type NumericValue, toInt64 } from "./numbers.ts";

/** `$bitsAllSet`, `$bitsAnySet`, `$bitsAllClear`, `$bitsAnyClear`. */
export type BitOperator = "$bitsAllSet" | "$bitsAnySet" | "$bitsAllClear" | "$bitsAnyClear";

interface BinaryLike {
  _bsontype: "Binary";
  value(): Uint8Array;
}

function isBinary(v: unknown): v is BinaryLike {
  return typeof v === "object" && v !== null && (v as { _bsontype?: unknown })._bsontype === "Binary";
}

function positionsOfBytes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    for (let b = 0; b < 8; b++) if ((bytes[i]! >> b) & 1) out.push(i * 8 + b);
  }
  return out;
}

function parsePositions(list: unknown[]): number[] {
  return list.map((p) => {
    if (!isNumber(p)) fail("BadValue", `bit positions must be an integer but got: ${formatValue(p)}`);
    const n = toInt64(p);
    if (n === undefined) fail("BadValue", `bit positions must be an integer but got: ${formatValue(p)}`);
    if (n > 2147483647n || n < -2147483648n) {
      fail("BadValue", `bit positions cannot be represented as a 32-bit signed integer: ${formatValue(p)}`);
    }
    if (n < 0n) fail("BadValue", `bit positions must be >= 0 but got: ${formatValue(p)}`);
    return Number(n);
  });
}

function parseMask(operator: BitOperator, arg: unknown): number[] {
  if (Array.isArray(arg)) return parsePositions(arg);
  if (isBinary(arg)) return positionsOfBytes(arg.value());
  if (isNumber(arg)) {
    const n = toInt64(arg);
    if (n === undefined) fail("FailedToParse", `Expected an integer: ${operator}: ${formatValue(arg)}`);
    if (n < 0n) fail("FailedToParse", `Expected a positive number in: ${operator}: ${formatValue(arg)}`);
    const out: number[] = [];
    for (let b = 0; b < 63; b++) if ((n >> BigInt(b)) & 1n) out.push(b);
    return out;
  }
  fail(
    "BadValue",
    `${operator} takes an Array, a number, or a BinData but received: ${operator}: ${formatValue(arg)}`,
  );
}

/** Reads bit `p` of a value: two's complement for integers (sign-extended past bit 63), little-endian bytes for BinData. */
function bitReader(v: unknown): ((p: number) => boolean) | undefined {
  if (isBinary(v)) {
    const bytes = v.value();
    return (p) => {
      const byte = p >> 3;
      return byte < bytes.length && ((bytes[byte]! >> (p & 7)) & 1) === 1;
    };
  }
  if (!isNumber(v) || numberKind(v) === undefined) return undefined;
  const n = toInt64(v as NumericValue);
  if (n === undefined) return undefined;
  return (p) => (p >= 64 ? n < 0n : ((n >> BigInt(p)) & 1n) === 1n);
}

/**
 * Compiles a bit-test operator's argument (positions array, non-negative integer mask or BinData mask)
 * into a test of one value. Non-integral numbers and non-numeric values never match.
 *
 * @example compileBitTest("$bitsAllSet", [0, 2])(new Int32(5)) // true
 */
export function compileBitTest(operator: BitOperator, arg: unknown): (v: unknown) => boolean {
  const positions = parseMask(operator, arg);
  return (v) => {
    const bit = bitReader(v);
    if (bit === undefined) return false;
    switch (operator) {
      case "$bitsAllSet":
        return positions.every(bit);
      case "$bitsAnySet":
        return positions.some(bit);
      case "$bitsAllClear":
        return positions.every((p) => !bit(p));
      case "$bitsAnyClear":
        return positions.some((p) => !bit(p));
    }
  };
}
