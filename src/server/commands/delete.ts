import type { Document } from "bson";
import { fail } from "../errors.ts";
import { compileFind } from "../exec/find.ts";
import { collectionName, optionalBool, optionalDocument, optionalNumber } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex, letVariables } from "./query-options.ts";
import { register } from "./registry.ts";
import { WriteErrors, writeStatements } from "./write-result.ts";

register("delete", ({ server, storage, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "delete");
  const statements = writeStatements(cmd, "delete", "deletes");
  const ordered = optionalBool(cmd, "ordered", true);
  const variables = letVariables(cmd);
  const errors = new WriteErrors();
  let n = 0;
  storage.write(() => {
    for (let i = 0; i < statements.length; i++) {
      try {
        const statement = statements[i] as Document;
        const limit = optionalNumber(statement, "limit");
        if (limit === undefined)
          fail("FailedToParse", "BSON field 'delete.deletes.limit' is missing but a required field");
        if (limit !== 0 && limit !== 1)
          fail("FailedToParse", `The limit field in delete objects must be 0 or 1. Got ${limit}`);
        const filter = optionalDocument(statement, "q");
        if (!filter) fail("FailedToParse", "BSON field 'delete.deletes.q' is missing but a required field");
        const store = storage.get(db, name);
        if (!store) continue;
        const { matches } = compileFind(store, {
          filter,
          limit,
          collation: collationOf(statement),
          hint: hintedIndex(store, statement.hint),
          variables,
        });
        for (const match of [...matches()]) {
          store.delete(match.rid, match.doc);
          n++;
        }
      } catch (error) {
        errors.add(i, error);
        if (ordered) break;
      }
    }
  });
  server.counters.delete += n;
  return errors.applyTo({ n, ok: 1 });
});
