import { type Document, ObjectId, serialize } from "bson";
import { fail } from "../errors.ts";
import { compileFilter } from "../query/match.ts";
import type { CollectionView } from "../storage/collection-view.ts";
import { findElement, moveElementToFront } from "../wire/bson-elements.ts";
import { FieldSet } from "../wire/decode-fields.ts";
import { MAX_BSON_OBJECT_SIZE } from "../wire/limits.ts";
import { topLevelFields } from "./find.ts";

/** A document ready to store: its decoded value (with `_id`) and its BSON bytes. */
export interface PreparedDocument {
  doc: Document;
  bytes: Uint8Array;
}

const ID_ELEMENT_HEADER = new Uint8Array([0x07, 0x5f, 0x69, 0x64, 0x00]); // ObjectId "_id"

/**
 * Checks an incoming document and gives it an `_id` (first, as mongod does) when it has none.
 * Bytes that arrived with the request are kept exactly; only a missing `_id` is spliced in.
 */
export function prepareInsert(doc: Document, bytes?: Uint8Array): PreparedDocument {
  checkId(doc._id);
  if (doc._id === undefined) {
    const id = new ObjectId();
    const withId = { _id: id, ...doc };
    if (!bytes) return checked(withId, serialize(withId));
    const out = new Uint8Array(bytes.length + ID_ELEMENT_HEADER.length + 12);
    new DataView(out.buffer).setInt32(0, out.length, true);
    out.set(ID_ELEMENT_HEADER, 4);
    out.set(id.id, 4 + ID_ELEMENT_HEADER.length);
    out.set(bytes.subarray(4), 4 + ID_ELEMENT_HEADER.length + 12);
    return checked(withId, out);
  }
  if (firstKey(doc) !== "_id") {
    // mongod stores `_id` as the first field whatever order it arrived in.
    const { _id, ...rest } = doc;
    const reordered = { _id, ...rest };
    const element = bytes && findElement(bytes, "_id");
    return checked(reordered, element ? moveElementToFront(bytes, element) : serialize(reordered));
  }
  return checked(doc, bytes ?? serialize(doc));
}

function firstKey(doc: Document): string | undefined {
  for (const key in doc) return key;
  return undefined;
}

function checked(doc: Document, bytes: Uint8Array): PreparedDocument {
  if (bytes.length > MAX_BSON_OBJECT_SIZE) {
    fail(
      "BSONObjectTooLarge",
      `object to insert too large. size in bytes: ${bytes.length}, max size: ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
  return { doc, bytes };
}

/** `_id` may be any type but an array, a regex or undefined. */
export function checkId(id: unknown): void {
  if (id === undefined) return;
  if (
    id !== null &&
    typeof id === "object" &&
    !Array.isArray(id) &&
    !("_bsontype" in id) &&
    !(id instanceof Date)
  ) {
    for (const key of Object.keys(id)) {
      if (key.startsWith("$"))
        fail(
          "DollarPrefixedFieldName",
          `_id fields may not contain '$'-prefixed fields: ${key} is not valid for storage.`,
        );
    }
  }
  if (Array.isArray(id)) fail("BadValue", "The '_id' value cannot be of type array");
  if (id !== null && typeof id === "object" && (id as { _bsontype?: string })._bsontype === "BSONRegExp") {
    fail("BadValue", "The '_id' value cannot be of type regex");
  }
}

/** Serialises an updated document, enforcing the size limit. */
export function encodeStored(doc: Document): Uint8Array {
  const bytes = serialize(doc);
  if (bytes.length > MAX_BSON_OBJECT_SIZE) {
    fail("BSONObjectTooLarge", `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
  }
  return bytes;
}

const validators = new WeakMap<Document, (doc: Document) => boolean>();

/** Applies the collection's `validator` (validationAction "error"; "warn" only logs in mongod, so passes). */
export function validateForCollection(store: CollectionView, doc: Document, bypass: boolean): void {
  const validator = store.options.validator as Document | undefined;
  if (!validator || bypass) return;
  if (store.options.validationAction === "warn") return;
  let check = validators.get(validator);
  if (!check) {
    const matcher = compileFilter(validator);
    check = (d) => matcher.matches(d);
    validators.set(validator, check);
  }
  if (!check(doc)) {
    fail("DocumentValidationFailure", "Document failed validation", {
      errInfo: {
        failingDocumentId: doc._id,
        details: { operatorName: "$jsonSchema" in validator ? "$jsonSchema" : "$and" },
      },
    });
  }
}

/**
 * The top-level fields a store reads from an inserted document (`_id`, index keys, partial-index
 * filters), or undefined when it needs the whole document: a validator to run, change streams
 * to feed, or an index filter that may read anything.
 */
export function fieldsStoreReads(
  store: CollectionView,
  bypassValidation: boolean,
  changesWatched: boolean,
): FieldSet | undefined {
  if (
    changesWatched ||
    (store.options.validator && !bypassValidation && store.options.validationAction !== "warn")
  )
    return undefined;
  const fields = new Set(["_id"]);
  for (const index of store.indexes) {
    for (const [path] of index.pattern) fields.add(path.split(".", 1)[0]!);
    const filter = index.spec.partialFilterExpression as Document | undefined;
    if (filter && !topLevelFields(filter, fields)) return undefined;
  }
  return new FieldSet(fields);
}
