import { type Document, deserialize, Double, Int32, Long, ObjectId } from "bson";
import { valueSize } from "./bson-elements.ts";
import { DECODE_OPTIONS } from "./message.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes only the named top-level fields of a stored document (values as `decodeBson` gives them).
 * A filter that reads two fields of a twenty-field document then pays for two.
 */
export function decodeFields(bytes: Uint8Array, names: ReadonlySet<string>): Document {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = view.getInt32(0, true) - 1;
  const out: Document = {};
  let found = 0;
  let pos = 4;
  while (pos < end && found < names.size) {
    const start = pos;
    const type = bytes[pos++]!;
    const keyStart = pos;
    while (bytes[pos] !== 0) pos++;
    const key = latin1OrUtf8(bytes, keyStart, pos);
    pos++;
    const size = valueSize(bytes, view, type, pos);
    if (names.has(key)) {
      out[key] = decodeValue(bytes, view, type, pos, size, start);
      found++;
    }
    pos += size;
  }
  return out;
}

function latin1OrUtf8(bytes: Uint8Array, start: number, end: number): string {
  let ascii = "";
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b > 0x7f) return utf8.decode(bytes.subarray(start, end));
    ascii += String.fromCharCode(b);
  }
  return ascii;
}

function decodeValue(
  bytes: Uint8Array,
  view: DataView,
  type: number,
  pos: number,
  size: number,
  elementStart: number,
): unknown {
  switch (type) {
    case 0x01:
      return new Double(view.getFloat64(pos, true));
    case 0x02:
      return utf8.decode(bytes.subarray(pos + 4, pos + size - 1));
    case 0x08:
      return bytes[pos] === 1;
    case 0x09:
      return new Date(Number(view.getBigInt64(pos, true)));
    case 0x0a:
      return null;
    case 0x10:
      return new Int32(view.getInt32(pos, true));
    case 0x12:
      return new Long(view.getInt32(pos, true), view.getInt32(pos + 4, true));
    case 0x07:
      return new ObjectId(bytes.slice(pos, pos + 12));
    default: {
      // Documents, arrays and the rarer types: decode a one-element document holding this element.
      const element = bytes.subarray(elementStart, pos + size);
      const doc = new Uint8Array(element.length + 5);
      new DataView(doc.buffer).setInt32(0, doc.length, true);
      doc.set(element, 4);
      const decoded = deserialize(doc, DECODE_OPTIONS);
      for (const key in decoded) return decoded[key];
      return undefined;
    }
  }
}
