import type { Document } from "bson";
import { fail } from "../errors.ts";
import { prepareInsert, validateForCollection } from "../exec/prepare.ts";
import { collectionName, optionalBool } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { register } from "./registry.ts";
import { WriteErrors, writeStatements } from "./write-result.ts";

register("insert", ({ server, storage, db, cmd, request }: CommandContext) => {
  const name = collectionName(cmd, "insert");
  const sequence = request.sequences.get("documents");
  const docs = writeStatements(cmd, "insert", "documents");
  const ordered = optionalBool(cmd, "ordered", true);
  const bypass = optionalBool(cmd, "bypassDocumentValidation");
  const errors = new WriteErrors();
  let n = 0;
  storage.write(() => {
    const store = storage.getOrCreate(db, name);
    for (let i = 0; i < docs.length; i++) {
      try {
        const raw = docs[i];
        if (raw === null || typeof raw !== "object" || Array.isArray(raw))
          fail("TypeMismatch", "documents must be objects");
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
