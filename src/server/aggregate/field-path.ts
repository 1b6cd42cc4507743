import type { Document } from "bson";
import { fail } from "../errors.ts";
import { isDocument } from "./values.ts";

/** Splits and validates a field path ("a.b.c", without the leading "$"). */
export function parseFieldPath(path: string): string[] {
  if (path === "") fail(16872, "'$' by itself is not a valid FieldPath");
  const parts = path.split(".");
  for (const part of parts) {
    if (part === "") fail(15998, "FieldPath field names may not be empty strings.");
    if (part.startsWith("$")) {
      fail(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
    }
  }
  return parts;
}

/** Field names of expression objects and computed fields: not empty, no leading "$", no ".". */
export function validateFieldName(name: string): void {
  if (name === "") fail(16412, "FieldPath field names may not be empty strings.");
  if (name.startsWith("$")) {
    fail(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
  }
  if (name.includes(".")) fail(16412, `FieldPath field names may not contain '.'. Got: '${name}'`);
}

/**
 * Validates a variable name. User variables (`mode: "write"`) start with a lowercase letter or a
 * non-ASCII character; names read with `$$` may also start uppercase (system variables). The rest
 * holds letters, digits, "_" or non-ASCII characters. `CURRENT` may be rebound.
 */
export function validateVariableName(name: string, mode: "read" | "write"): void {
  if (mode === "write" && name === "CURRENT") return;
  const codes = mode === "write" ? [16866, 16867, 16868] : [16869, 16870, 16871];
  if (name === "") fail(codes[0]!, "empty variable names are not allowed");
  const first = name.charCodeAt(0);
  const firstOk =
    (first >= 97 && first <= 122) || first > 127 || (mode === "read" && first >= 65 && first <= 90);
  if (!firstOk) fail(codes[1]!, `'${name}' starts with an invalid character for a user variable name`);
  for (const ch of name.slice(1)) {
    const code = ch.charCodeAt(0);
    const ok =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      ch === "_" ||
      code > 127;
    if (!ok) fail(codes[2]!, `'${name}' contains an invalid character for a variable name: '${ch}'`);
  }
}

/**
 * Reads one field of a document. Inherited properties (`constructor`, `toString`, `__proto__`) are
 * not fields, so they read as missing.
 */
export function getField(doc: Document, key: string): unknown {
  const v = doc[key];
  if (typeof v === "function" || (key === "__proto__" && !Object.hasOwn(doc, key))) return undefined;
  return v;
}

/**
 * Follows an aggregation field path from `value` at `path[i]`. Arrays are traversed: "$a.b" over
 * `a: [{b: 1}, {b: 2}, {}]` yields `[1, 2]` (nested arrays stay nested, non-documents drop out).
 */
export function walkPath(value: unknown, path: readonly string[], i: number): unknown {
  for (; i < path.length; i++) {
    if (Array.isArray(value)) return walkArray(value, path, i);
    if (!isDocument(value)) return undefined;
    value = getField(value, path[i]!);
  }
  return value;
}

function walkArray(values: readonly unknown[], path: readonly string[], i: number): unknown[] {
  const out: unknown[] = [];
  for (const element of values) {
    if (Array.isArray(element)) out.push(walkArray(element, path, i));
    else if (isDocument(element)) {
      const v = walkPath(getField(element, path[i]!), path, i + 1);
      if (v !== undefined) out.push(v);
    }
  }
  return out;
}

/** The value at a dotted path through subdocuments only (no array traversal), as `$unwind` reads. */
export function getNestedField(doc: Document, parts: readonly string[]): unknown {
  let value: unknown = doc;
  for (const part of parts) {
    if (!isDocument(value)) return undefined;
    value = getField(value, part);
  }
  return value;
}

/**
 * A copy of `doc` with the dotted path set to `value` (removed when `value` is undefined); the
 * subdocuments along the path are copied, non-documents on the way are replaced by documents.
 */
export function setNestedField(doc: Document, parts: readonly string[], value: unknown, depth = 0): Document {
  const out = { ...doc };
  const key = parts[depth]!;
  if (depth === parts.length - 1) {
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const current = getField(doc, key);
  out[key] = setNestedField(isDocument(current) ? current : {}, parts, value, depth + 1);
  return out;
}
