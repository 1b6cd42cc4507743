import { type Document, deserialize } from "bson";
import { CommandError, ErrorCode } from "../errors.ts";
import { encodeDocument } from "./bson-writer.ts";
import { validateBson } from "./bson-validate.ts";
import { MAX_BSON_OBJECT_SIZE } from "./limits.ts";
import {
  MSG_CHECKSUM_PRESENT,
  MSG_EXHAUST_ALLOWED,
  MSG_MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
} from "./opcodes.ts";

/** How every server-side decode reads BSON: numeric types stay wrapped so they round-trip exactly. */
export const DECODE_OPTIONS = { promoteValues: false, bsonRegExp: true } as const;

/**
 * A document of a kind-1 section: its bytes as sent (already checked to be well-formed BSON) and
 * its value, decoded on first use. An insert often needs only a few of its fields.
 */
export class SequenceDocument {
  readonly bytes: Uint8Array;
  #doc: Document | undefined;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get doc(): Document {
    this.#doc ??= decodeBson(this.bytes);
    return this.#doc;
  }
}

/** A client request, whichever opcode carried it. */
export interface Request {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command document (for OP_QUERY: the query, unwrapped from `$query`). */
  command: Document;
  /** Document sequences of an OP_MSG, by identifier. */
  sequences: Map<string, SequenceDocument[]>;
  moreToCome: boolean;
  /** For OP_QUERY: the namespace's database. */
  database?: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function protocolError(message: string): never {
  throw new CommandError(ErrorCode.ProtocolError, message);
}

function readCString(buf: Uint8Array, pos: number, end: number): [string, number] {
  let zero = pos;
  while (zero < end && buf[zero] !== 0) zero++;
  if (zero >= end) protocolError("unterminated C string in message");
  return [decoder.decode(buf.subarray(pos, zero)), zero + 1];
}

/** Reads one BSON document that starts at `pos`; returns its bytes and where the next thing starts. */
function readDocument(buf: Uint8Array, view: DataView, pos: number, end: number): [Uint8Array, number] {
  if (pos + 5 > end) protocolError("truncated BSON document in message");
  const size = view.getInt32(pos, true);
  if (size < 5 || pos + size > end) protocolError(`invalid BSON document length ${size}`);
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) {
    throw new CommandError(
      ErrorCode.BSONObjectTooLarge,
      `BSON object size ${size} is larger than the maximum`,
    );
  }
  return [buf.subarray(pos, pos + size), pos + size];
}

export function decodeBson(bytes: Uint8Array): Document {
  try {
    return deserialize(bytes, DECODE_OPTIONS);
  } catch (error) {
    throw new CommandError(ErrorCode.InvalidBSON, `invalid BSON: ${(error as Error).message}`);
  }
}

/** Parses a whole message (header included). Throws CommandError for malformed input. */
export function parseRequest(message: Uint8Array): Request {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const requestId = view.getInt32(4, true);
  const opCode = view.getInt32(12, true);
  if (opCode === OP_MSG) return parseOpMsg(message, view, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(message, view, requestId);
  protocolError(`unsupported opcode ${opCode}`);
}

function parseOpMsg(buf: Uint8Array, view: DataView, requestId: number): Request {
  const flags = view.getUint32(16, true);
  const known = MSG_CHECKSUM_PRESENT | MSG_MORE_TO_COME | MSG_EXHAUST_ALLOWED;
  if (flags & 0xffff & ~known) protocolError(`unrecognized required flag bits in OP_MSG: ${flags}`);
  let end = buf.length;
  if (flags & MSG_CHECKSUM_PRESENT) end -= 4;
  let pos = 20;
  let command: Document | undefined;
  const sequences = new Map<string, SequenceDocument[]>();
  while (pos < end) {
    const kind = buf[pos++];
    if (kind === 0) {
      if (command) protocolError("OP_MSG has more than one kind-0 section");
      const [bytes, next] = readDocument(buf, view, pos, end);
      command = decodeBson(bytes);
      pos = next;
    } else if (kind === 1) {
      if (pos + 4 > end) protocolError("truncated OP_MSG document sequence");
      const size = view.getInt32(pos, true);
      const sectionEnd = pos + size;
      if (size < 5 || sectionEnd > end) protocolError(`invalid OP_MSG document sequence length ${size}`);
      const [identifier, docsStart] = readCString(buf, pos + 4, sectionEnd);
      const docs: SequenceDocument[] = [];
      let at = docsStart;
      while (at < sectionEnd) {
        const [bytes, next] = readDocument(buf, view, at, sectionEnd);
        if (!validateBson(bytes)) {
          throw new CommandError(
            ErrorCode.InvalidBSON,
            `invalid BSON in document ${docs.length} of sequence '${identifier}'`,
          );
        }
        docs.push(new SequenceDocument(bytes));
        at = next;
      }
      if (sequences.has(identifier)) protocolError(`duplicate document sequence '${identifier}'`);
      sequences.set(identifier, docs);
      pos = sectionEnd;
    } else {
      protocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) protocolError("OP_MSG has no kind-0 section");
  for (const [identifier, docs] of sequences) {
    if (identifier in command)
      protocolError(`duplicate field '${identifier}' in OP_MSG body and document sequence`);
    let decoded: Document[] | undefined;
    Object.defineProperty(command, identifier, {
      enumerable: true,
      configurable: true,
      get: () => {
        decoded ??= docs.map((d) => d.doc);
        return decoded;
      },
    });
  }
  return { requestId, opCode: OP_MSG, command, sequences, moreToCome: (flags & MSG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(buf: Uint8Array, view: DataView, requestId: number): Request {
  const [fullCollectionName, afterName] = readCString(buf, 20, buf.length);
  const [queryBytes] = readDocument(buf, view, afterName + 8, buf.length);
  let command = decodeBson(queryBytes);
  if (command.$query && typeof command.$query === "object") command = command.$query as Document;
  const dot = fullCollectionName.indexOf(".");
  const database = dot === -1 ? fullCollectionName : fullCollectionName.slice(0, dot);
  if (fullCollectionName.slice(dot + 1) !== "$cmd") {
    protocolError("OP_QUERY is only supported for commands ($cmd) and the handshake");
  }
  return { requestId, opCode: OP_QUERY, command, sequences: new Map(), moreToCome: false, database };
}

let nextRequestId = 1;

function writeHeader(out: Uint8Array, responseTo: number, opCode: number): DataView {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setInt32(0, out.length, true);
  view.setInt32(4, nextRequestId++ & 0x7fffffff, true);
  view.setInt32(8, responseTo, true);
  view.setInt32(12, opCode, true);
  return view;
}

/** Encodes the reply to a request in the opcode the request used. */
export function encodeReply(request: Pick<Request, "requestId" | "opCode">, reply: Document): Uint8Array {
  if (request.opCode === OP_MSG) {
    const out = encodeDocument(reply, 21);
    writeHeader(out, request.requestId, OP_MSG).setUint32(16, 0, true);
    out[20] = 0;
    return out;
  }
  const out = encodeDocument(reply, 36);
  const view = writeHeader(out, request.requestId, OP_REPLY);
  view.setInt32(16, 8, true); // AwaitCapable
  view.setBigInt64(20, 0n, true); // cursorID
  view.setInt32(28, 0, true); // startingFrom
  view.setInt32(32, 1, true); // numberReturned
  return out;
}
