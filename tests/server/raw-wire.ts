import { deserialize, serialize } from "bson";

/** An OP_MSG frame: a kind-0 body and optional kind-1 document sequences given as raw bytes. */
export function opMsg(
  body: Record<string, unknown>,
  sequences: Record<string, Uint8Array[]> = {},
  requestId = 1,
): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0]), serialize(body)];
  for (const [id, docs] of Object.entries(sequences)) {
    const name = new TextEncoder().encode(`${id}\0`);
    const size = 4 + name.length + docs.reduce((n, d) => n + d.length, 0);
    const header = new Uint8Array(5);
    header[0] = 1;
    new DataView(header.buffer).setInt32(1, size, true);
    parts.push(header, name, ...docs);
  }
  const length = 20 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setInt32(0, length, true);
  view.setInt32(4, requestId, true);
  view.setInt32(12, 2013, true);
  let at = 20;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A raw connection that sends frames and reads whole replies. */
export class RawConnection {
  #buffer = new Uint8Array(0);
  #waiters: (() => void)[] = [];
  closed = false;
  private constructor(private socket: Awaited<ReturnType<typeof Bun.connect>>) {}

  static async open(uri: string): Promise<RawConnection> {
    const { hostname, port } = new URL(uri);
    let conn!: RawConnection;
    const socket = await Bun.connect({
      hostname,
      port: Number(port),
      socket: {
        data(_s, data) {
          const next = new Uint8Array(conn.#buffer.length + data.length);
          next.set(conn.#buffer);
          next.set(data, conn.#buffer.length);
          conn.#buffer = next;
          for (const w of conn.#waiters.splice(0)) w();
        },
        close() {
          conn.closed = true;
          for (const w of conn.#waiters.splice(0)) w();
        },
      },
    });
    conn = new RawConnection(socket);
    return conn;
  }

  send(frame: Uint8Array): void {
    this.socket.write(frame);
  }

  /** The body bytes of the next OP_MSG reply, or undefined if the connection closed or `timeoutMs` passed. */
  async reply(timeoutMs = 2000): Promise<Uint8Array | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#buffer.length >= 4) {
        const length = new DataView(this.#buffer.buffer, this.#buffer.byteOffset).getInt32(0, true);
        if (this.#buffer.length >= length) {
          const message = this.#buffer.subarray(0, length);
          this.#buffer = this.#buffer.slice(length);
          return message.subarray(21);
        }
      }
      if (this.closed || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async command(body: Record<string, unknown>, sequences?: Record<string, Uint8Array[]>) {
    this.send(opMsg(body, sequences));
    const bytes = await this.reply();
    return bytes ? { bytes, doc: deserialize(bytes) } : undefined;
  }

  close(): void {
    this.socket.end();
  }
}
