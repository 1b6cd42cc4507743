/**
 * Finds a top-level element in raw BSON without decoding it: returns [start, end) of the whole
 * element (type byte through value), or undefined. Assumes the document was already validated.
 */
export function findElement(bytes: Uint8Array, name: string): [number, number] | undefined {
  const end = readInt32(bytes, 0) - 1;
  let pos = 4;
  while (pos < end) {
    const start = pos;
    const type = bytes[pos++]!;
    const keyStart = pos;
    while (bytes[pos] !== 0) pos++;
    const matches = pos - keyStart === name.length && keyEquals(bytes, keyStart, name);
    pos++;
    pos += valueSize(bytes, type, pos);
    if (matches) return [start, pos];
  }
  return undefined;
}

function keyEquals(bytes: Uint8Array, at: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (bytes[at + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * A little-endian int32 read straight from the bytes. (A DataView would need `bytes.buffer`, which
 * is slow to get for the arrays bun:sqlite returns.)
 */
export function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** The size in bytes of a BSON value of `type` starting at `pos`. */
export function valueSize(bytes: Uint8Array, type: number, pos: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return 4 + readInt32(bytes, pos);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return readInt32(bytes, pos);
    case 0x05: // binary
      return 5 + readInt32(bytes, pos);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: two C strings
      let p = pos;
      while (bytes[p] !== 0) p++;
      p++;
      while (bytes[p] !== 0) p++;
      return p + 1 - pos;
    }
    case 0x0c: // DBPointer: string + 12 bytes
      return 4 + readInt32(bytes, pos) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      throw new Error(`unknown BSON type 0x${type.toString(16)}`);
  }
}

/** The same document with the element at [start, end) moved to the front. */
export function moveElementToFront(bytes: Uint8Array, [start, end]: [number, number]): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes.subarray(0, 4), 0);
  out.set(bytes.subarray(start, end), 4);
  out.set(bytes.subarray(4, start), 4 + end - start);
  out.set(bytes.subarray(end), end);
  return out;
}
