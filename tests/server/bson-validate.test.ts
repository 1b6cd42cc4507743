import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { deserialize, serialize } from "bson";
import fc from "fast-check";
import { validateBson } from "../../src/server/wire/bson-validate.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/specs/bson-corpus/tests");
const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

/** What the full decoder says: the validator's twin. */
function decodes(bytes: Uint8Array): boolean {
  try {
    deserialize(bytes);
    return true;
  } catch {
    return false;
  }
}

describe("structural BSON validation (no decoding)", () => {
  if (!existsSync(CORPUS)) {
    test.skip(`BSON corpus: ${CORPUS} is absent (MongoDB specification data lives in ../shared/specs)`, () => {});
  } else {
    test("accepts every valid corpus document and rejects every decode error", () => {
      let cases = 0;
      for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".json"))) {
        const spec = JSON.parse(readFileSync(join(CORPUS, file), "utf8"));
        for (const c of spec.valid ?? []) {
          expect([file, c.description, validateBson(hex(c.canonical_bson))]).toEqual([
            file,
            c.description,
            true,
          ]);
          cases++;
        }
        for (const c of spec.decodeErrors ?? []) {
          expect([file, c.description, validateBson(hex(c.bson))]).toEqual([file, c.description, false]);
          cases++;
        }
      }
      expect(cases).toBeGreaterThan(400);
    });
  }

  test("whatever it accepts, the full decoder decodes (mutated and truncated documents)", () => {
    const base = serialize({
      s: "text é",
      n: 1,
      d: 2.5,
      a: [1, "x", { y: null }],
      o: { t: true, b: new Uint8Array([1, 2]) },
    });
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.oneof(fc.constant(base.length), fc.nat(base.length)),
        (edits, cut) => {
          const bytes = base.slice(0, Math.max(cut, 1));
          for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
          if (validateBson(bytes)) {
            accepted++;
            expect(decodes(bytes)).toBe(true);
          }
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
