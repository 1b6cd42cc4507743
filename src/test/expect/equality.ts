import { bsonKey, isBson } from "./bson-value.ts";

/** `strict` also compares constructors, sparse holes and `undefined` properties (toStrictEqual). */
export interface EqualityOptions {
  strict?: boolean;
}

/**
 * Deep equality by value. BSON values (ObjectId, Decimal128, Long, Binary, …) compare by their
 * value, dates by time, typed arrays by bytes; Maps and Sets by content; object keys whose
 * value is `undefined` are ignored unless `strict`.
 *
 * @example
 * equals({ _id: new ObjectId(hex) }, { _id: new ObjectId(hex) }) // true
 */
export function equals(a: unknown, b: unknown, options: EqualityOptions = {}): boolean {
  return eq(a, b, options.strict === true, []);
}

function eq(a: unknown, b: unknown, strict: boolean, stack: [unknown, unknown][]): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (isBson(a) || isBson(b)) {
    return isBson(a) && isBson(b) && a._bsontype === b._bsontype && bsonKey(a) === bsonKey(b);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (a instanceof RegExp || b instanceof RegExp) {
    return a instanceof RegExp && b instanceof RegExp && String(a) === String(b);
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) return bytesEqual(a, b, strict);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  for (const [x, y] of stack) if (x === a && y === b) return true;
  stack.push([a, b]);
  try {
    if (a instanceof Map || b instanceof Map) return mapsEqual(a, b, strict, stack);
    if (a instanceof Set || b instanceof Set) return setsEqual(a, b, strict, stack);
    if (a instanceof Error && b instanceof Error && (a.message !== b.message || a.name !== b.name))
      return false;
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return false;
    return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, strict, stack);
  } finally {
    stack.pop();
  }
}

function objectsEqual(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  strict: boolean,
  stack: [unknown, unknown][],
): boolean {
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => strict || o[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!eq(a[k], b[k], strict, stack)) return false;
  }
  return true;
}

function mapsEqual(a: object, b: object, strict: boolean, stack: [unknown, unknown][]): boolean {
  if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k) || !eq(v, b.get(k), strict, stack)) return false;
  }
  return true;
}

function setsEqual(a: object, b: object, strict: boolean, stack: [unknown, unknown][]): boolean {
  if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
  outer: for (const v of a) {
    if (b.has(v)) continue;
    for (const w of b) if (eq(v, w, strict, stack)) continue outer;
    return false;
  }
  return true;
}

function bytesEqual(a: object, b: object, strict: boolean): boolean {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
  if (strict && a.constructor !== b.constructor) return false;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * True when every property of `pattern` is in `value` with an equal value (recursively for plain
 * objects; arrays must match element by element). Used by toMatchObject.
 */
export function matchesObject(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return (
      Array.isArray(value) &&
      value.length === pattern.length &&
      pattern.every((p, i) => matchesObject(value[i], p))
    );
  }
  if (!isPlainObject(pattern)) return equals(value, pattern);
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.keys(pattern).every((k) => k in record && matchesObject(record[k], pattern[k]));
}

/** An object literal or null-prototype object (not a class instance, BSON value or array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || isBson(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
