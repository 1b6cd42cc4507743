import { Binary, type Document, Long, serialize } from "bson";
import { fail } from "../errors.ts";
import { compileFilter } from "../query/match.ts";
import { checkCollectionName, checkDatabaseName } from "../storage/engine.ts";
import type { CollectionStore } from "../storage/collection-store.ts";
import { RawDocument } from "../wire/raw-document.ts";
import {
  GENERIC_FIELDS,
  collectionName,
  optionalBool,
  optionalDocument,
  optionalNumber,
  requiredString,
} from "./args.ts";
import type { CommandContext } from "./context.ts";
import { cursorReply } from "./find.ts";
import { register } from "./registry.ts";

/** Collection options `create` stores (and listCollections reports). */
const CREATE_OPTIONS = new Set([
  "capped",
  "size",
  "max",
  "validator",
  "validationLevel",
  "validationAction",
  "collation",
  "viewOn",
  "pipeline",
  "timeseries",
  "expireAfterSeconds",
  "clusteredIndex",
  "changeStreamPreAndPostImages",
  "storageEngine",
  "indexOptionDefaults",
  "idIndex",
  "encryptedFields",
]);

register("create", ({ server, db, cmd, session, inTransaction }: CommandContext) => {
  const name = collectionName(cmd, "create");
  const options: Document = {};
  for (const [key, value] of Object.entries(cmd)) {
    if (key === "create" || key.startsWith("$") || GENERIC_FIELDS.has(key)) continue;
    if (!CREATE_OPTIONS.has(key)) fail("InvalidOptions", `BSON field 'create.${key}' is an unknown field.`);
    options[key] = value;
  }
  if (options.viewOn !== undefined && typeof options.viewOn !== "string")
    fail("TypeMismatch", "'viewOn' option must be a string");
  if (options.pipeline !== undefined && !options.viewOn)
    fail("BadValue", "'pipeline' requires 'viewOn' to also be specified");
  if (options.capped && optionalNumber(options, "size") === undefined)
    fail("InvalidOptions", "the 'size' field is required when 'capped' is true");
  if (options.timeseries) {
    const ts = options.timeseries as Document;
    if (typeof ts.timeField !== "string") fail("BadValue", "'timeseries' option must contain 'timeField'");
  }
  if (options.validator) compileFilter(options.validator as Document);
  if (options.clusteredIndex !== undefined)
    options.clusteredIndex = clusteredIndexOption(options.clusteredIndex);
  const existing = server.storage.get(db, name);
  if (existing) {
    if (sameOptions(existing.options, options)) return { ok: 1 };
    fail("NamespaceExists", `Collection ${db}.${name} already exists.`);
  }
  const created = server.storage.create(db, name, options);
  if (inTransaction) session!.txn!.adopt(created);
  return { ok: 1 };
});

/** Checks a clusteredIndex option ({ key: { _id: 1 }, unique: true, name? }) and adds its version, as mongod does. */
function clusteredIndexOption(value: unknown): Document {
  if (!value || typeof value !== "object") fail("TypeMismatch", "'clusteredIndex' must be an object");
  const spec = value as Document;
  const keys = spec.key && typeof spec.key === "object" ? Object.keys(spec.key as Document) : [];
  if (keys.length !== 1 || keys[0] !== "_id")
    fail("InvalidIndexSpecificationOption", "The clusteredIndex option is only supported for key: {_id: 1}");
  if (spec.unique !== true)
    fail("InvalidIndexSpecificationOption", "The clusteredIndex option requires unique: true");
  return { ...spec, v: 2 };
}

function sameOptions(a: Document, b: Document): boolean {
  return Buffer.compare(Buffer.from(serialize(a)), Buffer.from(serialize(b))) === 0;
}

register("drop", ({ server, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "drop");
  checkDatabaseName(db);
  const store = server.storage.get(db, name);
  if (!store) return { ok: 1 };
  const nIndexesWas = store.indexes.length + 1;
  server.storage.drop(store);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
});

register("dropDatabase", ({ server, db }: CommandContext) => {
  server.storage.dropDatabase(db);
  return { dropped: db, ok: 1 };
});

register("listDatabases", ({ server, cmd }: CommandContext) => {
  const nameOnly = optionalBool(cmd, "nameOnly");
  const filter = optionalDocument(cmd, "filter");
  const matcher = filter ? compileFilter(filter) : undefined;
  let totalSize = 0;
  const databases: Document[] = [];
  for (const name of server.storage.databases()) {
    let size = 0;
    for (const store of server.storage.collections(name)) size += sizeOnDisk(server.storage.sizeOf(store));
    const entry: Document = nameOnly
      ? { name }
      : { name, sizeOnDisk: Long.fromNumber(size), empty: size === 0 };
    if (matcher && !matcher.matches(entry)) continue;
    totalSize += size;
    databases.push(entry);
  }
  return nameOnly
    ? { databases, ok: 1 }
    : {
        databases,
        totalSize: Long.fromNumber(totalSize),
        totalSizeMb: Long.fromNumber(Math.round(totalSize / 2 ** 20)),
        ok: 1,
      };
});

function sizeOnDisk(size: { data: number; indexes: Record<string, number> }): number {
  return size.data + Object.values(size.indexes).reduce((a, b) => a + b, 0);
}

export function collectionInfo(store: CollectionStore): Document {
  const isView = typeof store.options.viewOn === "string";
  const info: Document = {
    name: store.name,
    type: isView ? "view" : store.options.timeseries ? "timeseries" : "collection",
    options: store.options,
    info: isView
      ? { readOnly: true }
      : { readOnly: false, uuid: new Binary(store.uuid, Binary.SUBTYPE_UUID) },
  };
  if (!isView && !store.options.clusteredIndex) info.idIndex = { v: 2, key: { _id: 1 }, name: "_id_" };
  return info;
}

register("listCollections", async ({ server, db, cmd, session }: CommandContext) => {
  const filter = optionalDocument(cmd, "filter");
  const nameOnly = optionalBool(cmd, "nameOnly");
  const matcher = filter ? compileFilter(filter) : undefined;
  const docs: RawDocument[] = [];
  for (const store of server.storage.collections(db)) {
    if (store.pendingOwner && store.pendingOwner !== session?.txn) continue;
    const info = collectionInfo(store);
    if (matcher && !matcher.matches(info)) continue;
    docs.push(new RawDocument(serialize(nameOnly ? { name: info.name, type: info.type } : info)));
  }
  const batchSize = optionalNumber((cmd.cursor as Document | undefined) ?? {}, "batchSize");
  const batch = await server.cursors.open(`${db}.$cmd.listCollections`, docs[Symbol.iterator](), batchSize);
  return cursorReply(`${db}.$cmd.listCollections`, batch, true);
});

register("renameCollection", ({ server, cmd }: CommandContext) => {
  const from = requiredString(cmd, "renameCollection");
  const to = requiredString(cmd, "to");
  const [fromDb, fromName] = splitNamespace(from);
  const [toDb, toName] = splitNamespace(to);
  checkCollectionName(toDb, toName);
  const store = server.storage.get(fromDb, fromName);
  if (!store) fail("NamespaceNotFound", "Source collection " + from + " does not exist");
  const target = server.storage.get(toDb, toName);
  if (target) {
    if (!optionalBool(cmd, "dropTarget")) fail("NamespaceExists", "target namespace exists");
    server.storage.drop(target);
  }
  server.storage.rename(store, toDb, toName);
  return { ok: 1 };
});

function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf(".");
  if (dot <= 0 || dot === ns.length - 1) fail("InvalidNamespace", `Invalid namespace specified '${ns}'`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

register(["collStats"], ({ server, db, cmd }: CommandContext) => {
  const name = collectionName(cmd, "collStats");
  const store = server.storage.get(db, name);
  if (!store) fail("NamespaceNotFound", `Collection [${db}.${name}] not found.`);
  const scale = optionalNumber(cmd, "scale") ?? 1;
  const size = server.storage.sizeOf(store);
  const count = store.count();
  const data = size.data;
  const indexSizes: Document = {};
  for (const [k, v] of Object.entries(size.indexes)) indexSizes[k] = Math.floor(v / scale);
  const totalIndexSize = Object.values(size.indexes).reduce((a, b) => a + b, 0);
  return {
    ns: `${db}.${name}`,
    size: Math.floor(data / scale),
    count,
    avgObjSize: count ? Math.floor(data / count) : 0,
    storageSize: Math.floor(data / scale),
    capped: store.isCapped,
    nindexes: store.indexes.length + 1,
    totalIndexSize: Math.floor(totalIndexSize / scale),
    totalSize: Math.floor((data + totalIndexSize) / scale),
    indexSizes,
    scaleFactor: scale,
    ok: 1,
  };
});

register("dbStats", ({ server, db, cmd }: CommandContext) => {
  const scale = optionalNumber(cmd, "scale") ?? 1;
  let objects = 0;
  let dataSize = 0;
  let indexSize = 0;
  let indexes = 0;
  const stores = server.storage.collections(db);
  for (const store of stores) {
    const size = server.storage.sizeOf(store);
    objects += store.count();
    dataSize += size.data;
    indexSize += Object.values(size.indexes).reduce((a, b) => a + b, 0);
    indexes += store.indexes.length + 1;
  }
  return {
    db,
    collections: stores.filter((s) => !s.options.viewOn).length,
    views: stores.filter((s) => s.options.viewOn).length,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize: dataSize / scale,
    storageSize: dataSize / scale,
    indexes,
    indexSize: indexSize / scale,
    totalSize: (dataSize + indexSize) / scale,
    scaleFactor: scale,
    ok: 1,
  };
});
