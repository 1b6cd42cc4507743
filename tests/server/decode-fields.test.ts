import { describe, expect, test } from "bun:test";
import {
  BSONRegExp,
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
} from "bson";
import fc from "fast-check";
import { decodeFields, FieldSet } from "../../src/server/wire/decode-fields.ts";
import { decodeBson } from "../../src/server/wire/message.ts";

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  scalar: fc.oneof(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
    fc.double().map((n) => new Double(n)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
    fc.string({ unit: "binary" }),
    fc.boolean(),
    fc.constant(null),
    fc.integer({ min: -1e12, max: 1e12 }).map((ms) => new Date(ms)),
    fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
    fc.uint8Array({ maxLength: 8 }).map((b) => new Binary(b)),
    fc.constant(Decimal128.fromString("1.10")),
    fc.constant(new Timestamp({ t: 1, i: 2 })),
    fc.constant(new BSONRegExp("a+", "i")),
    fc.constant(new MinKey()),
    fc.constant(new MaxKey()),
  ),
  value: fc.oneof(
    { depthSize: "small" },
    tie("scalar"),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !k.includes("\0") && !k.startsWith("$")),
      tie("value"),
      { maxKeys: 3 },
    ),
  ),
})).value;

describe("decodeFields (the partial decoder) agrees with decoding the whole document", () => {
  test("for any document and any choice of fields", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc
            .string({ minLength: 1, maxLength: 6 })
            .filter((k) => !k.includes("\0") && !k.startsWith("$") && !/^\d+$/.test(k)),
          value,
          { maxKeys: 8 },
        ),
        fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 4 }),
        (doc, extra) => {
          const bytes = serialize(doc);
          const full = decodeBson(bytes);
          const names = new Set([...Object.keys(doc).filter((_, i) => i % 2 === 0), ...extra]);
          const partial = decodeFields(bytes, new FieldSet(names));
          const expected: Record<string, unknown> = {};
          for (const key of Object.keys(full)) if (names.has(key)) expected[key] = full[key];
          expect(serialize(partial)).toEqual(serialize(expected));
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

test("with a duplicated field name, the last value wins, as in a full decode", () => {
  // { a: 1, b: 2, a: 3 } written by hand: serialize() cannot produce duplicate names.
  const element = (name: string, value: number) => [0x10, ...Buffer.from(`${name}\0`), value, 0, 0, 0];
  const body = [...element("a", 1), ...element("b", 2), ...element("a", 3)];
  const bytes = new Uint8Array([body.length + 5, 0, 0, 0, ...body, 0]);
  expect(serialize(decodeFields(bytes, new FieldSet(["a", "b"])))).toEqual(serialize(decodeBson(bytes)));
});
