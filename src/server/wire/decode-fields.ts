import { type Document, deserialize, Double, Int32, Long, ObjectId } from "bson";
import { readInt32, valueSize } from "./bson-elements.ts";
import { DECODE_OPTIONS } from "./message.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Field names to decode, prepared once per query: each name with its UTF-8 bytes. */
export class FieldSet {
  readonly names: readonly string[];
  readonly #bytes: readonly Uint8Array[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)];
    this.#bytes = this.names.map((n) => new TextEncoder().encode(n));
  }

  get size(): number {
    return this.names.length;
  }

  /** The index of the name stored at bytes[start, end), or -1. */
  indexAt(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    next: for (let i = 0; i < this.#bytes.length; i++) {
      const name = this.#bytes[i]!;
      if (name.length !== length) continue;
      for (let j = 0; j < length; j++) if (name[j] !== bytes[start + j]) continue next;
      return i;
    }
    return -1;
  }
}

/**
 * Decodes only the named top-level fields of a stored document (values as `decodeBson` gives them).
 * A filter that reads two fields of a twenty-field document then pays for two.
 */
export function decodeFields(bytes: Uint8Array, fields: FieldSet): Document {
  const end = readInt32(bytes, 0) - 1;
  const out: Document = {};
  let pos = 4;
  // The whole document is walked: with duplicate names, the last value wins, as in a full decode.
  while (pos < end) {
    const start = pos;
    const type = bytes[pos++]!;
    const keyStart = pos;
    while (bytes[pos] !== 0) pos++;
    const which = fields.indexAt(bytes, keyStart, pos);
    pos++;
    const size = valueSize(bytes, type, pos);
    if (which !== -1) {
      out[fields.names[which]!] = decodeValue(bytes, type, pos, size, start);
    }
    pos += size;
  }
  return out;
}

const scratch = new DataView(new ArrayBuffer(8));

/** Reads 8 little-endian bytes into the scratch view (no `bytes.buffer` access). */
function eightBytes(bytes: Uint8Array, at: number): DataView {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, bytes[at + i]!);
  return scratch;
}

function decodeValue(
  bytes: Uint8Array,
  type: number,
  pos: number,
  size: number,
  elementStart: number,
): unknown {
  switch (type) {
    case 0x01:
      return new Double(eightBytes(bytes, pos).getFloat64(0, true));
    case 0x02:
      return utf8.decode(bytes.subarray(pos + 4, pos + size - 1));
    case 0x08:
      return bytes[pos] === 1;
    case 0x09:
      return new Date(Number(eightBytes(bytes, pos).getBigInt64(0, true)));
    case 0x0a:
      return null;
    case 0x10:
      return new Int32(readInt32(bytes, pos));
    case 0x12:
      return new Long(readInt32(bytes, pos), readInt32(bytes, pos + 4));
    case 0x07:
      return new ObjectId(bytes.slice(pos, pos + 12));
    default: {
      // Documents, arrays and the rarer types: decode a one-element document holding this element.
      const element = bytes.subarray(elementStart, pos + size);
      const doc = new Uint8Array(element.length + 5);
      doc[0] = doc.length & 0xff;
      doc[1] = (doc.length >> 8) & 0xff;
      doc[2] = (doc.length >> 16) & 0xff;
      doc[3] = (doc.length >> 24) & 0xff;
      doc.set(element, 4);
      const decoded = deserialize(doc, DECODE_OPTIONS);
      for (const key in decoded) return decoded[key];
      return undefined;
    }
  }
}
