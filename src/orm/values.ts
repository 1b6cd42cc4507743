import { Binary } from "bson";
import { bsonTypeOf } from "./bson-types.ts";

/** True for `{...}` objects and class instances that are not arrays, dates or BSON values. */
export function isDocumentLike(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof RegExp) &&
    bsonTypeOf(value) === undefined
  );
}

/** Copies an object's own enumerable string keys onto a new object with the same prototype. */
export function copyObject<T extends object>(value: T): T {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype ? { ...value } : Object.assign(Object.create(proto), value);
}

/** Deep copy that keeps BSON values (immutable ones shared), dates and class prototypes. */
export function cloneValue<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Uint8Array) return value.slice() as T;
  const tag = bsonTypeOf(value);
  if (tag === "Binary") {
    const binary = value as unknown as Binary;
    return new Binary(binary.buffer.slice(0, binary.position), binary.sub_type) as T;
  }
  if (tag !== undefined || value instanceof RegExp) return value;
  const out = Object.create(Object.getPrototypeOf(value));
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key]);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameBson(tag: string, a: object, b: unknown): boolean {
  if (bsonTypeOf(b) !== tag) return tag === "Long" && typeof b === "number" && Number(a) === b;
  switch (tag) {
    case "ObjectId":
    case "Long":
      return (a as { equals(other: unknown): boolean }).equals(b);
    case "Binary": {
      const x = a as Binary;
      const y = b as Binary;
      return (
        x.sub_type === y.sub_type &&
        sameBytes(x.buffer.subarray(0, x.position), y.buffer.subarray(0, y.position))
      );
    }
    default:
      return String(a) === String(b);
  }
}

/** Deep equality as MongoDB stores values: BSON values by content, dates by time, objects by keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    if (typeof a === "number" && bsonTypeOf(b) === "Long") return Number(b) === a;
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && sameBytes(a, b);
  if (a instanceof RegExp) return b instanceof RegExp && String(a) === String(b);
  const tag = bsonTypeOf(a);
  if (tag !== undefined) return sameBson(tag, a, b);
  if (Array.isArray(b) || b instanceof Date || bsonTypeOf(b) !== undefined) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
