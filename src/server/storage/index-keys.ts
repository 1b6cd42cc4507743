import type { Document } from "bson";
import { fail } from "../errors.ts";

/** An index's key pattern as ordered [field, direction] pairs; direction 1, -1 or a string type ("text", "2dsphere", "hashed"). */
export type KeyPattern = ReadonlyArray<readonly [string, number | string]>;

/**
 * The values an index holds for a document: one tuple per key. A field that is an array
 * makes the index multikey: one key per element (MongoDB indexes array elements, and an empty
 * array as `undefined`). Missing fields index as null.
 */
export function indexKeys(doc: Document, pattern: KeyPattern): { keys: unknown[][]; multikey: boolean } {
  const perField: unknown[][] = [];
  let arrayField = -1;
  let multikey = false;
  for (let i = 0; i < pattern.length; i++) {
    const values: unknown[] = [];
    const expanded = collect(doc, pattern[i]![0].split("."), 0, values);
    if (expanded) {
      multikey = true;
      if (arrayField !== -1) {
        fail(171, `cannot index parallel arrays [${pattern[i]![0]}] [${pattern[arrayField]![0]}]`);
      }
      arrayField = i;
    }
    perField.push(values.length === 0 ? [null] : values);
  }
  if (perField.length === 1) return { keys: perField[0]!.map((v) => [v]), multikey };
  let keys: unknown[][] = [[]];
  for (const values of perField) {
    const next: unknown[][] = [];
    for (const prefix of keys) for (const v of values) next.push([...prefix, v]);
    keys = next;
  }
  return { keys, multikey };
}

/** Pushes the values at `path` into `out`; returns whether an array was expanded on the way. */
function collect(value: unknown, path: string[], depth: number, out: unknown[]): boolean {
  if (depth === path.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const element of value) out.push(element);
      return true;
    }
    out.push(value === undefined ? null : value);
    return false;
  }
  if (Array.isArray(value)) {
    const segment = path[depth]!;
    if (/^\d+$/.test(segment) && Number(segment) < value.length) {
      return collect(value[Number(segment)], path, depth + 1, out);
    }
    let expanded = false;
    for (const element of value) {
      if (
        element !== null &&
        typeof element === "object" &&
        !Array.isArray(element) &&
        !("_bsontype" in element)
      ) {
        collect((element as Document)[segment], path, depth + 1, out);
      }
      expanded = true;
    }
    if (value.length === 0) out.push(undefined);
    return expanded;
  }
  if (value === null || typeof value !== "object" || "_bsontype" in value || value instanceof Date) {
    if (depth > 0 || value === undefined) out.push(null);
    return false;
  }
  const child = (value as Document)[path[depth]!];
  if (child === undefined) {
    out.push(null);
    return false;
  }
  return collect(child, path, depth + 1, out);
}
