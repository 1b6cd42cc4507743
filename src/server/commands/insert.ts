import type { Document } from "bson";
import { fail } from "../errors.ts";
import { prepareInsert, validateForCollection } from "../exec/prepare.ts";
import { MAX_WRITE_BATCH_SIZE } from "../wire/limits.ts";
import { collectionName, optionalBool } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { register } from "./registry.ts";
import { WriteErrors } from "./write-result.ts";

register("insert", ({ server, storage, db, cmd, request }: CommandContext) => {
  const name = collectionName(cmd, "insert");
  const sequence = request.sequences.get("documents");
  const docs = cmd.documents;
  if (!Array.isArray(docs)) fail("TypeMismatch", "BSON field 'insert.documents' is the wrong type, expected type 'array'");
  if (docs.length === 0) fail("InvalidLength", "Write batch sizes must be between 1 and 100000. Got 0 operations.");
  if (docs.length > MAX_WRITE_BATCH_SIZE) {
    fail("InvalidLength", `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${docs.length} operations.`);
  }
  const ordered = optionalBool(cmd, "ordered", true);
  const bypass = optionalBool(cmd, "bypassDocumentValidation");
  const errors = new WriteErrors();
  let n = 0;
  storage.write(() => {
    const store = storage.getOrCreate(db, name);
    for (let i = 0; i < docs.length; i++) {
      try {
        const raw = docs[i];
        if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail("TypeMismatch", "documents must be objects");
        const { doc, bytes } = prepareInsert(raw as Document, sequence?.[i]?.bytes);
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
