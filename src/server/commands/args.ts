import type { Document } from "bson";
import { fail } from "../errors.ts";
import { bsonTypeOf } from "../query/bson-type.ts";
import { isNumber, toDouble } from "../query/numbers.ts";

/** Fields any command may carry (sessions, write concern, API version...): never command options. */
export const GENERIC_FIELDS: ReadonlySet<string> = new Set([
  "comment",
  "writeConcern",
  "readConcern",
  "lsid",
  "txnNumber",
  "autocommit",
  "startTransaction",
  "apiVersion",
  "apiStrict",
  "apiDeprecationErrors",
  "maxTimeMS",
]);

/** Reads command arguments, with mongod's type errors. */
export function optionalNumber(cmd: Document, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isNumber(v))
    fail(
      "TypeMismatch",
      `BSON field '${field}' is the wrong type '${typeName(v)}', expected types '[long, int, decimal, double]'`,
    );
  return toDouble(v);
}

export function optionalNonNegativeInt(cmd: Document, field: string): number | undefined {
  const n = optionalNumber(cmd, field);
  if (n === undefined) return undefined;
  if (n < 0) fail("BadValue", `${field} value must be non-negative, but received: ${n}`);
  return Math.trunc(n);
}

export function optionalBool(cmd: Document, field: string, fallback = false): boolean {
  const v = cmd[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v === "boolean") return v;
  if (isNumber(v)) return toDouble(v) !== 0;
  fail("TypeMismatch", `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'bool'`);
}

export function optionalDocument(cmd: Document, field: string): Document | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v) || "_bsontype" in v || v instanceof Date) {
    fail("TypeMismatch", `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'object'`);
  }
  return v as Document;
}

export function requiredString(cmd: Document, field: string): string {
  const v = cmd[field];
  if (typeof v !== "string") {
    fail(
      v === undefined ? "BadValue" : "TypeMismatch",
      v === undefined
        ? `BSON field '${field}' is missing but a required field`
        : `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'string'`,
    );
  }
  return v;
}

/** The collection a command names in its first field, checked to be a string. */
export function collectionName(cmd: Document, commandName: string): string {
  const v = cmd[commandName];
  if (typeof v !== "string") fail("InvalidNamespace", `collection name has invalid type ${typeName(v)}`);
  if (v === "") fail("InvalidNamespace", `Invalid namespace specified '${v}'`);
  return v;
}

export function optionalArray(cmd: Document, field: string): unknown[] | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    fail("TypeMismatch", `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'array'`);
  return v;
}

/** The type name mongod uses in its error messages ("missing" for an absent field). */
export function typeName(v: unknown): string {
  return v === undefined ? "missing" : bsonTypeOf(v);
}
