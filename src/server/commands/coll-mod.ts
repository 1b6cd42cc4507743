import type { Document } from "bson";
import { CommandError, ErrorCode, fail } from "../errors.ts";
import { compileFilter } from "../query/match.ts";
import type { IndexStore } from "../storage/index-store.ts";
import { decodeBson } from "../wire/message.ts";
import { GENERIC_FIELDS, collectionName, optionalDocument } from "./args.ts";
import type { CommandContext } from "./context.ts";
import { keyEquals } from "./indexes.ts";
import { register } from "./registry.ts";

const COLLECTION_OPTIONS = [
  "validator",
  "validationLevel",
  "validationAction",
  "viewOn",
  "pipeline",
  "changeStreamPreAndPostImages",
  "expireAfterSeconds",
];

/** `collMod`: changes validation, view definition, pre/post images and index options (hidden, TTL, prepareUnique, unique). */
register("collMod", ({ server, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "collMod");
  const store = server.storage.get(db, name);
  if (!store) fail("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
  for (const key of Object.keys(cmd)) {
    if (
      key !== "collMod" &&
      key !== "index" &&
      !key.startsWith("$") &&
      !GENERIC_FIELDS.has(key) &&
      !COLLECTION_OPTIONS.includes(key)
    )
      fail("InvalidOptions", `unknown option to collMod: ${key}`);
  }
  if (cmd.validator !== undefined) compileFilter(cmd.validator as Document);
  const reply: Document = {};
  const indexChange = optionalDocument(cmd, "index");
  if (indexChange)
    Object.assign(
      reply,
      modifyIndex(server, store.indexes, indexChange, (rid) => store.getByRid(rid)?.doc),
    );
  const options = { ...store.options };
  let changed = false;
  for (const key of COLLECTION_OPTIONS) {
    if (cmd[key] === undefined) continue;
    options[key] = cmd[key];
    changed = true;
  }
  if (changed) server.storage.setOptions(store, options);
  return { ...reply, ok: 1 };
});

function modifyIndex(
  server: CommandContext["server"],
  indexes: readonly IndexStore[],
  change: Document,
  bytesOf: (rid: number) => Uint8Array | undefined,
): Document {
  const index =
    change.name !== undefined
      ? indexes.find((i) => i.name === change.name)
      : change.keyPattern !== undefined
        ? indexes.find((i) => keyEquals(i.spec.key, change.keyPattern as Document))
        : fail("InvalidOptions", "collMod index requires 'name' or 'keyPattern'");
  if (!index) fail("IndexNotFound", `cannot find index ${JSON.stringify(change.name ?? change.keyPattern)}`);
  const spec = { ...index.spec };
  const reply: Document = {};
  if (change.hidden !== undefined) {
    reply.hidden_old = Boolean(spec.hidden);
    reply.hidden_new = Boolean(change.hidden);
    spec.hidden = Boolean(change.hidden);
  }
  if (change.expireAfterSeconds !== undefined) {
    reply.expireAfterSeconds_old = spec.expireAfterSeconds;
    reply.expireAfterSeconds_new = change.expireAfterSeconds;
    spec.expireAfterSeconds = change.expireAfterSeconds as number;
  }
  if (change.prepareUnique !== undefined) {
    reply.prepareUnique_old = Boolean(spec.prepareUnique);
    reply.prepareUnique_new = Boolean(change.prepareUnique);
    spec.prepareUnique = Boolean(change.prepareUnique);
  }
  if (change.unique === true && !spec.unique) {
    if (!spec.prepareUnique) fail("InvalidOptions", "Cannot make index unique with 'prepareUnique: false'");
    const groups = index.duplicateGroups(server.storage.sql);
    if (groups.length > 0) {
      const violations = groups.map((rids) => ({ ids: rids.map((rid) => decodeBson(bytesOf(rid)!)._id) }));
      throw new CommandError(
        ErrorCode.CannotConvertIndexToUnique,
        "Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.",
        { violations },
      );
    }
    reply.unique_new = true;
    spec.unique = true;
  }
  server.storage.setIndexSpec(index, spec);
  return reply;
}
