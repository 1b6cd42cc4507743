import type { Document } from "bson";
import { fail } from "../errors.ts";
import { isNumber, toDouble } from "../query/numbers.ts";
import type { KeyPattern } from "./index-keys.ts";

/** A validated index definition, as listIndexes reports it. */
export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  collation?: Document;
  hidden?: boolean;
  [option: string]: unknown;
}

const KNOWN_OPTIONS = new Set([
  "key",
  "name",
  "unique",
  "sparse",
  "partialFilterExpression",
  "expireAfterSeconds",
  "background",
  "hidden",
  "collation",
  "v",
  "ns",
  "weights",
  "default_language",
  "language_override",
  "textIndexVersion",
  "2dsphereIndexVersion",
  "bits",
  "min",
  "max",
  "wildcardProjection",
  "storageEngine",
  "bucketSize",
]);

export function numberValue(v: unknown): number {
  return isNumber(v) ? toDouble(v) : Number.NaN;
}

export function keyPatternOf(key: Document): KeyPattern {
  return Object.entries(key).map(
    ([field, dir]) => [field, typeof dir === "string" ? dir : numberValue(dir)] as const,
  );
}

/** The default index name mongod derives from a key pattern: `a_1_b_-1`. */
export function defaultIndexName(key: Document): string {
  return keyPatternOf(key)
    .map(([field, dir]) => `${field}_${dir}`)
    .join("_");
}

/** Checks a createIndexes entry the way mongod does and returns it normalised. */
export function parseIndexSpec(raw: Document): IndexSpec {
  const key = raw.key;
  if (!key || typeof key !== "object" || Array.isArray(key))
    fail("TypeMismatch", "The 'key' field must be an object");
  const entries = Object.entries(key as Document);
  if (entries.length === 0) fail("CannotCreateIndex", "Index keys cannot be empty.");
  for (const [field, dir] of entries) {
    if (field === "") fail("CannotCreateIndex", "Index key field names cannot be empty");
    if (typeof dir === "string") {
      if (!["text", "2d", "2dsphere", "hashed", "geoHaystack"].includes(dir)) {
        fail("CannotCreateIndex", `Unknown index plugin '${dir}'`);
      }
      continue;
    }
    const n = numberValue(dir);
    if (!Number.isFinite(n) || n === 0) {
      fail("CannotCreateIndex", `Values in the index key pattern can't be 0 or non-numbers: ${field}`);
    }
  }
  for (const option of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(option)) {
      fail(
        "InvalidIndexSpecificationOption",
        `The field '${option}' is not valid for an index specification.`,
      );
    }
  }
  if (raw.name !== undefined && typeof raw.name !== "string")
    fail("TypeMismatch", "The 'name' field must be a string");
  const name = (raw.name as string | undefined) ?? defaultIndexName(key as Document);
  if (name === "") fail("CannotCreateIndex", "The index name cannot be empty");
  const spec: IndexSpec = { v: 2, key: key as Document, name };
  for (const [option, value] of Object.entries(raw)) {
    if (option === "key" || option === "name" || option === "v" || option === "ns" || option === "background")
      continue;
    spec[option] = value;
  }
  if (spec.unique !== undefined) spec.unique = Boolean(spec.unique);
  if (spec.sparse !== undefined) spec.sparse = Boolean(spec.sparse);
  if (spec.partialFilterExpression !== undefined) {
    if (typeof spec.partialFilterExpression !== "object" || Array.isArray(spec.partialFilterExpression)) {
      fail("TypeMismatch", "partialFilterExpression must be an object");
    }
    if (spec.sparse) fail("CannotCreateIndex", 'cannot mix "partialFilterExpression" and "sparse" options');
  }
  if (name === "_id_" && entries.length === 1 && entries[0]![0] === "_id") return spec;
  if (entries.length === 1 && entries[0]![0] === "_id" && spec.unique === false) {
    fail(
      "InvalidIndexSpecificationOption",
      "The field 'unique' is not valid for an _id index specification.",
    );
  }
  return spec;
}

/** Whether two specs describe the same index (key and the options that change behaviour). */
export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  const opts = (s: IndexSpec) =>
    JSON.stringify([
      s.unique ?? false,
      s.sparse ?? false,
      s.partialFilterExpression ?? null,
      s.expireAfterSeconds ?? null,
    ]);
  return opts(a) === opts(b);
}
