import type { Document } from "bson";
import { fail } from "../errors.ts";
import { compileFind } from "../exec/find.ts";
import { runUpdate } from "../exec/update.ts";
import { compileProjection } from "../query/projection.ts";
import { collectionName, optionalBool, optionalDocument } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { collationOf, hintedIndex, letVariables } from "./query-options.ts";
import { register } from "./registry.ts";

register(["findAndModify", "findandmodify"], ({ server, storage, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]!);
  const filter = optionalDocument(cmd, "query") ?? {};
  const sort = optionalDocument(cmd, "sort");
  const fields = optionalDocument(cmd, "fields");
  const remove = optionalBool(cmd, "remove");
  const update = cmd.update as Document | Document[] | undefined;
  const returnNew = optionalBool(cmd, "new");
  const upsert = optionalBool(cmd, "upsert");
  if (remove && update !== undefined) fail("FailedToParse", "Cannot specify both an update and remove=true");
  if (!remove && update === undefined)
    fail("FailedToParse", "Either an update or remove=true must be specified");
  if (remove && (upsert || returnNew))
    fail("FailedToParse", "Cannot specify both upsert=true and remove=true");
  if (update !== undefined && (update === null || typeof update !== "object"))
    fail("FailedToParse", "Update argument must be either an object or an array");
  const project = fields && Object.keys(fields).length > 0 ? compileProjection(fields) : (d: Document) => d;
  const collation = collationOf(cmd);
  const variables = letVariables(cmd);

  return storage.write(() => {
    const store = storage.get(db, name);
    const hint = hintedIndex(store, cmd.hint);
    if (remove) {
      const { matches } = compileFind(store, { filter, sort, limit: 1, collation, hint, variables });
      const [match] = matches();
      if (!match) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      store!.delete(match.rid, match.doc);
      server.counters.delete++;
      return { lastErrorObject: { n: 1 }, value: project(match.doc, match.arrayIndex), ok: 1 };
    }
    const outcome = runUpdate(() => storage.getOrCreate(db, name), store, {
      filter,
      update: update!,
      upsert,
      multi: false,
      arrayFilters: cmd.arrayFilters as Document[] | undefined,
      collation,
      hint,
      sort,
      variables,
      bypassValidation: optionalBool(cmd, "bypassDocumentValidation"),
    });
    server.counters.update++;
    const lastErrorObject: Document = {
      n: outcome.matched || (outcome.upsertedId !== undefined ? 1 : 0),
      updatedExisting: outcome.matched > 0,
    };
    if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId;
    const value = returnNew ? outcome.after : outcome.upsertedId !== undefined ? undefined : outcome.before;
    return { lastErrorObject, value: value ? project(value) : null, ok: 1 };
  });
});
