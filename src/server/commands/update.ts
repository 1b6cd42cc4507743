import type { Document } from "bson";
import { fail } from "../errors.ts";
import { runUpdate } from "../exec/update.ts";
import { collectionName, optionalBool, optionalDocument } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex, letVariables } from "./query-options.ts";
import { register } from "./registry.ts";
import { WriteErrors, writeStatements } from "./write-result.ts";

register("update", ({ server, storage, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "update");
  const statements = writeStatements(cmd, "update", "updates");
  // `sort` in update statements arrived in 8.0; as a 7.0 server we reject it as mongod 7.0 does, before any write.
  if (statements.some((s) => s && typeof s === "object" && (s as Document).sort !== undefined)) {
    fail(40415, "BSON field 'update.updates.sort' is an unknown field.");
  }
  const ordered = optionalBool(cmd, "ordered", true);
  const bypass = optionalBool(cmd, "bypassDocumentValidation");
  const variables = letVariables(cmd);
  const errors = new WriteErrors();
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  storage.write(() => {
    for (let i = 0; i < statements.length; i++) {
      try {
        const statement = statements[i] as Document;
        if (!statement || typeof statement !== "object")
          fail("TypeMismatch", "update statements must be objects");
        const update = statement.u;
        if (update === undefined || update === null || typeof update !== "object") {
          fail("FailedToParse", "BSON field 'update.updates.u' is missing but a required field");
        }
        const store = storage.get(db, name);
        const outcome = runUpdate(() => storage.getOrCreate(db, name), store, {
          filter: optionalDocument(statement, "q") ?? {},
          update: update as Document,
          upsert: optionalBool(statement, "upsert"),
          multi: optionalBool(statement, "multi"),
          arrayFilters: statement.arrayFilters as Document[] | undefined,
          collation: collationOf(statement),
          hint: hintedIndex(store, statement.hint),
          variables: { ...variables, ...(optionalDocument(statement, "c") ?? {}) },
          bypassValidation: bypass,
        });
        if (outcome.upsertedId !== undefined) {
          upserted.push({ index: i, _id: outcome.upsertedId });
          n++;
        } else {
          n += outcome.matched;
          nModified += outcome.modified;
        }
      } catch (error) {
        errors.add(i, error);
        if (ordered) break;
      }
    }
  });
  server.counters.update += n;
  const reply: Document = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  errors.applyTo(reply);
  reply.ok = 1;
  return reply;
});
