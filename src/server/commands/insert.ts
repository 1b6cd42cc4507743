import type { Document } from "bson";
import { fail } from "../errors.ts";
import { fieldsStoreReads, prepareInsert, validateForCollection } from "../exec/prepare.ts";
import { decodeFields } from "../wire/decode-fields.ts";
import { collectionName, optionalBool } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { register } from "./registry.ts";
import { checkBatchSize, WriteErrors, writeStatements } from "./write-result.ts";

register("insert", ({ server, storage, db, cmd, request, inTransaction }: CommandContext) => {
  const name = collectionName(cmd, "insert");
  // Documents sent as a sequence arrive checked but undecoded: decode only what the store reads.
  const sequence = request.sequences.get("documents");
  if (sequence) checkBatchSize(sequence.length);
  const docs = sequence ?? writeStatements(cmd, "insert", "documents");
  const ordered = optionalBool(cmd, "ordered", true);
  const bypass = optionalBool(cmd, "bypassDocumentValidation");
  const errors = new WriteErrors();
  let n = 0;
  storage.write(() => {
    const store = storage.getOrCreate(db, name);
    const fields =
      sequence && !inTransaction
        ? fieldsStoreReads(store, bypass, server.storage.changes.enabled)
        : undefined;
    for (let i = 0; i < docs.length; i++) {
      try {
        const item = sequence?.[i];
        const raw = item ? (fields ? decodeFields(item.bytes, fields) : item.doc) : docs[i];
        if (raw === null || typeof raw !== "object" || Array.isArray(raw))
          fail("TypeMismatch", "documents must be objects");
        const { doc, bytes } = prepareInsert(raw as Document, item?.bytes);
        validateForCollection(store, doc, bypass);
        store.insert(doc, bytes);
        n++;
      } catch (error) {
        errors.add(i, error);
        if (ordered) break;
      }
    }
  });
  server.counters.insert += n;
  return errors.applyTo({ n, ok: 1 });
});
