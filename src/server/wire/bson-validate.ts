/**
 * Structural BSON validation without decoding: lengths, terminators, element types, UTF-8 of keys
 * and strings, booleans, nesting depth (100). About 15 times cheaper than a full decode, so
 * inserted documents are checked whole but decoded only in the fields the store reads.
 */
import { readInt32 } from "./bson-elements.ts";

const MAX_DEPTH = 100;

/** Shortest-form UTF-8 without surrogates, at most U+10FFFF. */
function validUtf8(p: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = p[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let cp: number;
    if ((c & 0xe0) === 0xc0) {
      len = 2;
      cp = c & 0x1f;
      if (cp < 2) return false;
    } else if ((c & 0xf0) === 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) === 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else return false;
    if (i + len > end) return false;
    for (let k = 1; k < len; k++) {
      const b = p[i + k]!;
      if ((b & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return false;
    if (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) return false;
    i += len;
  }
  return true;
}

function cstring(p: Uint8Array, pos: number, limit: number): number {
  const start = pos;
  while (pos < limit && p[pos] !== 0) pos++;
  if (pos >= limit || !validUtf8(p, start, pos)) return -1;
  return pos + 1;
}

function stringValue(p: Uint8Array, pos: number, limit: number): number {
  if (pos + 4 > limit) return -1;
  const len = readInt32(p, pos);
  if (len < 1 || len > limit - pos - 4) return -1;
  if (p[pos + 4 + len - 1] !== 0 || !validUtf8(p, pos + 4, pos + 4 + len - 1)) return -1;
  return pos + 4 + len;
}

function value(p: Uint8Array, type: number, pos: number, limit: number, depth: number): number {
  switch (type) {
    case 0x01:
    case 0x09:
    case 0x11:
    case 0x12:
      return pos + 8 <= limit ? pos + 8 : -1;
    case 0x02:
    case 0x0d:
    case 0x0e:
      return stringValue(p, pos, limit);
    case 0x03:
    case 0x04:
      return document(p, pos, limit, depth + 1);
    case 0x05: {
      if (pos + 5 > limit) return -1;
      const len = readInt32(p, pos);
      if (len < 0 || len > limit - pos - 5) return -1;
      if (p[pos + 4] === 0x02 && (len < 4 || readInt32(p, pos + 5) !== len - 4)) return -1;
      return pos + 5 + len;
    }
    case 0x06:
    case 0x0a:
    case 0x7f:
    case 0xff:
      return pos;
    case 0x07:
      return pos + 12 <= limit ? pos + 12 : -1;
    case 0x08:
      return pos + 1 <= limit && p[pos]! <= 1 ? pos + 1 : -1;
    case 0x0b: {
      const next = cstring(p, pos, limit);
      return next < 0 ? -1 : cstring(p, next, limit);
    }
    case 0x0c: {
      const next = stringValue(p, pos, limit);
      return next < 0 || next + 12 > limit ? -1 : next + 12;
    }
    case 0x0f: {
      if (pos + 4 > limit) return -1;
      const total = readInt32(p, pos);
      if (total < 14 || total > limit - pos) return -1;
      const end = pos + total;
      let next = stringValue(p, pos + 4, end);
      if (next < 0) return -1;
      next = document(p, next, end, depth + 1);
      return next === end ? end : -1;
    }
    case 0x10:
      return pos + 4 <= limit ? pos + 4 : -1;
    case 0x13:
      return pos + 16 <= limit ? pos + 16 : -1;
    default:
      return -1;
  }
}

function document(p: Uint8Array, pos: number, limit: number, depth: number): number {
  if (depth > MAX_DEPTH || pos + 5 > limit) return -1;
  const size = readInt32(p, pos);
  if (size < 5 || size > limit - pos) return -1;
  const end = pos + size - 1;
  if (p[end] !== 0) return -1;
  let at = pos + 4;
  while (at < end) {
    const type = p[at++]!;
    at = cstring(p, at, end);
    if (at < 0) return -1;
    at = value(p, type, at, end, depth);
    if (at < 0 || at > end) return -1;
  }
  return at === end ? end + 1 : -1;
}

/** Whether `bytes` is exactly one well-formed BSON document. */
export function validateBson(bytes: Uint8Array): boolean {
  return document(bytes, 0, bytes.length, 0) === bytes.length;
}
