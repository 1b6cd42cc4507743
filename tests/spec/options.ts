import { type ClientSession, ReadPreference, type TagSet } from "mongodb";
import { bsonTag, isDocument, toNative } from "./bson-values.ts";
import type { Document } from "./types.ts";

/**
 * Conversion of unified-format option documents into what the Node driver accepts:
 * wrapped numbers become JS numbers (the driver tests `w === 0`, `typeof limit === "number"`),
 * `readPreference.tagSets` becomes a ReadPreference, `returnDocument` is validated.
 */

/**
 * Converts a `readPreference` object of the test format into a driver ReadPreference.
 *
 * @example
 * toReadPreference({ mode: "secondaryPreferred", tagSets: [{ dc: "ny" }] });
 */
export function toReadPreference(value: unknown): ReadPreference {
  if (!isDocument(value) || typeof value.mode !== "string") {
    throw new Error(`readPreference must be { mode, ... }, got ${JSON.stringify(value)}`);
  }
  const native = toNative(value) as Document;
  return new ReadPreference(value.mode as "primary", native.tagSets as TagSet[] | undefined, {
    maxStalenessSeconds: native.maxStalenessSeconds as number | undefined,
    hedge: native.hedge as Document | undefined,
  });
}

/** Converts collection/database/session/transaction options (readConcern, writeConcern, readPreference, ...). */
export function toDriverOptions(options: Document | undefined): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === "readPreference") out[key] = toReadPreference(value);
    else if (key === "defaultTransactionOptions") out[key] = toDriverOptions(value as Document);
    else out[key] = toNative(value);
  }
  return out;
}

/**
 * Prepares an operation's arguments: resolves `session`, converts the common option documents
 * and unwraps top-level scalar numbers. Document-valued arguments (filters, updates, pipelines,
 * documents) keep their wrappers so their BSON types reach the server unchanged.
 */
export function prepareArguments(
  args: Document | undefined,
  resolveSession: (name: string) => ClientSession,
): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(args ?? {})) {
    switch (key) {
      case "session":
        out.session = resolveSession(String(value));
        break;
      case "readPreference":
        out.readPreference = toReadPreference(value);
        break;
      case "readConcern":
      case "writeConcern":
        out[key] = toNative(value);
        break;
      case "returnDocument":
        out.returnDocument = returnDocument(value);
        break;
      default:
        out[key] = isWrappedNumber(value) ? toNative(value) : value;
    }
  }
  return out;
}

function isWrappedNumber(value: unknown): boolean {
  const tag = bsonTag(value);
  return tag === "Int32" || tag === "Double" || tag === "Long";
}

function returnDocument(value: unknown): "before" | "after" {
  const text = String(value).toLowerCase();
  if (text !== "before" && text !== "after")
    throw new Error(`returnDocument must be Before or After, got ${value}`);
  return text;
}
