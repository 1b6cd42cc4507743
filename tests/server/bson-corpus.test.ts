import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { findElement } from "../../src/server/wire/bson-elements.ts";
import { useServer } from "./harness.ts";
import { RawConnection } from "./raw-wire.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/specs/bson-corpus/tests");
const ctx = useServer();

interface CorpusFile {
  description: string;
  bson_type: string;
  test_key?: string;
  valid?: { description: string; canonical_bson: string }[];
  decodeErrors?: { description: string; bson: string }[];
}

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

/** The returned document without the `_id` element the server added in front. */
function withoutId(bytes: Uint8Array): Uint8Array {
  const element = findElement(bytes, "_id");
  if (!element) return bytes;
  const [start, end] = element;
  const out = new Uint8Array(bytes.length - (end - start));
  out.set(bytes.subarray(0, start));
  out.set(bytes.subarray(end), start);
  new DataView(out.buffer).setInt32(0, out.length, true);
  return out;
}

if (!existsSync(CORPUS)) {
  test.skip(`BSON corpus: ${CORPUS} is absent (MongoDB specification data lives in ../shared/specs)`, () => {});
} else {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith(".json"));
  for (const file of files) {
    const spec = JSON.parse(readFileSync(join(CORPUS, file), "utf8")) as CorpusFile;
    describe(`BSON corpus ${file}`, () => {
      for (const [i, valid] of (spec.valid ?? []).entries()) {
        test(`valid: ${valid.description} round-trips byte for byte`, async () => {
          const conn = await RawConnection.open(ctx.server.uri);
          const coll = `corpus_${file.replace(/\W/g, "_")}_${i}`;
          const original = hex(valid.canonical_bson);
          const inserted = await conn.command(
            { insert: coll, $db: ctx.db.databaseName },
            { documents: [original] },
          );
          expect(inserted?.doc.ok).toBe(1);
          expect(inserted?.doc.n).toBe(1);
          const found = await conn.command({ find: coll, $db: ctx.db.databaseName });
          conn.close();
          const batch = found!.doc.cursor.firstBatch as unknown[];
          expect(batch.length).toBe(1);
          // Locate the document's raw bytes inside the reply: firstBatch's element "0".
          const reply = found!.bytes;
          const cursor = findElement(reply, "cursor")!;
          const cursorDoc = reply.subarray(cursor[0] + 8, cursor[1]);
          const first = findElement(cursorDoc, "firstBatch")!;
          const array = cursorDoc.subarray(first[0] + 12, first[1]);
          const element = findElement(array, "0")!;
          const stored = array.subarray(element[0] + 3, element[1]);
          const comparable = findElement(original, "_id") ? stored : withoutId(stored);
          expect(Buffer.from(comparable).toString("hex")).toBe(Buffer.from(original).toString("hex"));
        });
      }
      for (const bad of spec.decodeErrors ?? []) {
        test(`decodeError: ${bad.description} is rejected and the server keeps serving`, async () => {
          const conn = await RawConnection.open(ctx.server.uri);
          const coll = `corpus_bad_${file.replace(/\W/g, "_")}`;
          const reply = await conn.command(
            { insert: coll, $db: ctx.db.databaseName },
            { documents: [hex(bad.bson)] },
          );
          conn.close();
          if (reply) expect(reply.doc.ok).toBe(0);
          expect(await ctx.db.collection(coll).countDocuments({})).toBe(0);
          expect((await ctx.db.admin().command({ ping: 1 })).ok).toBe(1);
        });
      }
    });
  }
}
