import { serialize } from "bson";
import { RawDocument } from "./raw-document.ts";

const encoder = new TextEncoder();

/**
 * Encodes a reply document. Values may be `RawDocument`s, which are copied in as they are;
 * common scalar types are written directly, anything else goes through the `bson` serializer.
 * `headerSize` bytes are left free in front, for the message header the caller writes there.
 */
export function encodeDocument(doc: Record<string, unknown>, headerSize = 0): Uint8Array {
  shared.reset(headerSize);
  shared.document(doc);
  return shared.finish();
}

/** Encoded field names, kept because replies repeat the same few ("cursor", "firstBatch", "0", ...). */
const names = new Map<string, Uint8Array>();
const MAX_CACHED_NAMES = 4096;

function cstring(s: string): Uint8Array {
  let bytes = names.get(s);
  if (!bytes) {
    const text = encoder.encode(s);
    bytes = new Uint8Array(text.length + 1);
    bytes.set(text);
    if (names.size < MAX_CACHED_NAMES) names.set(s, bytes);
  }
  return bytes;
}

class Writer {
  #buf: Uint8Array;
  #view: DataView;
  #pos = 0;

  constructor(size: number) {
    this.#buf = new Uint8Array(size);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** A copy of what was written (the buffer itself is reused by the next reply). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }

  reset(start: number): void {
    this.#reserve(start);
    this.#pos = start;
  }

  #reserve(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  #byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#pos++] = b;
  }

  #int32(n: number): void {
    this.#reserve(4);
    this.#view.setInt32(this.#pos, n, true);
    this.#pos += 4;
  }

  #bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#pos);
    this.#pos += b.length;
  }

  #cstring(s: string): void {
    this.#bytes(cstring(s));
  }

  document(doc: Record<string, unknown>): void {
    const start = this.#pos;
    this.#int32(0);
    for (const key in doc) {
      const value = doc[key];
      if (value !== undefined) this.#element(key, value);
    }
    this.#byte(0);
    this.#view.setInt32(start, this.#pos - start, true);
  }

  #array(values: readonly unknown[]): void {
    const start = this.#pos;
    this.#int32(0);
    for (let i = 0; i < values.length; i++)
      this.#element(String(i), values[i] === undefined ? null : values[i]);
    this.#byte(0);
    this.#view.setInt32(start, this.#pos - start, true);
  }

  #element(key: string, value: unknown): void {
    if (value instanceof RawDocument) {
      this.#byte(0x03);
      this.#cstring(key);
      this.#bytes(value.bytes);
      return;
    }
    switch (typeof value) {
      case "string": {
        const b = encoder.encode(value);
        this.#byte(0x02);
        this.#cstring(key);
        this.#int32(b.length + 1);
        this.#bytes(b);
        this.#byte(0);
        return;
      }
      case "boolean":
        this.#byte(0x08);
        this.#cstring(key);
        this.#byte(value ? 1 : 0);
        return;
      case "number":
        if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0)) {
          this.#byte(0x10);
          this.#cstring(key);
          this.#int32(value);
        } else {
          this.#byte(0x01);
          this.#cstring(key);
          this.#reserve(8);
          this.#view.setFloat64(this.#pos, value, true);
          this.#pos += 8;
        }
        return;
      case "object":
        if (value === null) {
          this.#byte(0x0a);
          this.#cstring(key);
          return;
        }
        if (Array.isArray(value)) {
          this.#byte(0x04);
          this.#cstring(key);
          this.#array(value);
          return;
        }
        if ("_bsontype" in value) {
          const type = (value as { _bsontype: string })._bsontype;
          if (type === "Long") {
            const long = value as unknown as { low: number; high: number };
            this.#byte(0x12);
            this.#cstring(key);
            this.#int32(long.low);
            this.#int32(long.high);
            return;
          }
          if (type === "Int32") {
            this.#byte(0x10);
            this.#cstring(key);
            this.#int32((value as unknown as { value: number }).value);
            return;
          }
          if (type === "ObjectId") {
            this.#byte(0x07);
            this.#cstring(key);
            this.#bytes((value as unknown as { id: Uint8Array }).id);
            return;
          }
        }
        if (isPlainObject(value)) {
          this.#byte(0x03);
          this.#cstring(key);
          this.document(value as Record<string, unknown>);
          return;
        }
    }
    this.#viaBson(key, value);
  }

  #viaBson(key: string, value: unknown): void {
    const doc = serialize({ [key]: value } as Record<string, unknown>, { ignoreUndefined: false });
    this.#bytes(doc.subarray(4, doc.length - 1));
  }
}

const shared = new Writer(64 * 1024);

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !("_bsontype" in value);
}
