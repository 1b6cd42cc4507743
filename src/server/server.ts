import type { Socket, TCPSocketListener } from "bun";
import { runCommand } from "./commands/dispatch.ts";
import type { ConnectionInfo } from "./commands/context.ts";
import { CommandError } from "./errors.ts";
import { ServerState } from "./state.ts";
import { expireDocuments } from "./storage/ttl.ts";
import { FrameError, FrameReader } from "./wire/frame-reader.ts";
import { encodeReply, parseRequest, type Request } from "./wire/message.ts";

export interface ServerOptions {
  /** Folder for the SQLite database file; omitted = in memory. */
  dbPath?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Replica set name reported by `hello` (default "rs0"). */
  replicaSetName?: string;
  /** Idle cursors are closed after this long (default 10 minutes). */
  cursorTimeoutMs?: number;
  /** How often expired documents of TTL indexes are deleted (default 60 s, as mongod's TTL monitor). */
  ttlIntervalMs?: number;
}

export interface EmbeddedServer {
  /** `mongodb://host:port/` */
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  readonly state: ServerState;
  /** Stops accepting, ends connections and closes the database. */
  close(): Promise<void>;
}

interface ConnectionData {
  info: ConnectionInfo;
  reader: FrameReader;
  queue: Promise<void>;
  outbox: Uint8Array[];
  closed: boolean;
}

/**
 * Starts the embedded MongoDB-compatible server.
 *
 * @example
 * const srv = await startServer({ port: 0 });
 * const client = new MongoClient(srv.uri);
 */
export async function startServer(options: ServerOptions = {}): Promise<EmbeddedServer> {
  const host = options.host ?? "127.0.0.1";
  const state = new ServerState({
    dbPath: options.dbPath,
    address: "",
    setName: options.replicaSetName ?? "rs0",
    cursorTimeoutMs: options.cursorTimeoutMs,
  });
  const sockets = new Set<Socket<ConnectionData>>();

  let listener: TCPSocketListener<ConnectionData>;
  try {
    listener = Bun.listen<ConnectionData>({
      hostname: host,
      port: options.port ?? 0,
      socket: {
        open(socket) {
          state.openConnections++;
          state.totalConnections++;
          sockets.add(socket);
          socket.data = {
            info: {
              id: state.nextConnectionId(),
              remote: `${socket.remoteAddress}:0`,
              close: () => {
                socket.data.closed = true;
                socket.end();
              },
            },
            reader: new FrameReader(),
            queue: Promise.resolve(),
            outbox: [],
            closed: false,
          };
        },
        data(socket, chunk) {
          const conn = socket.data;
          let messages: Uint8Array[];
          try {
            messages = conn.reader.push(new Uint8Array(chunk));
          } catch (error) {
            if (error instanceof FrameError) socket.end();
            return;
          }
          for (const message of messages) {
            conn.queue = conn.queue.then(() => handleMessage(state, socket, message));
          }
        },
        drain(socket) {
          flush(socket);
        },
        close(socket) {
          socket.data.closed = true;
          state.openConnections--;
          sockets.delete(socket);
        },
        error(socket) {
          socket.data.closed = true;
        },
      },
    });
  } catch (error) {
    state.storage.close();
    throw error;
  }

  const port = listener.port;
  const advertisedHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  state.address = `${advertisedHost.includes(":") ? `[${advertisedHost}]` : advertisedHost}:${port}`;
  const sweeper = setInterval(
    () => {
      state.cursors.sweep();
      state.sessions.sweep();
    },
    Math.min(5_000, state.cursors.timeoutMs),
  );
  sweeper.unref?.();
  const ttlMonitor = setInterval(() => expireDocuments(state.storage), options.ttlIntervalMs ?? 60_000);
  ttlMonitor.unref?.();

  let closing: Promise<void> | undefined;
  return {
    uri: `mongodb://${state.address}/`,
    host: advertisedHost,
    port,
    state,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        clearInterval(ttlMonitor);
        state.shutdown();
        listener.stop(true);
        await Promise.allSettled([...sockets].map((s) => s.data.queue));
        for (const socket of sockets) socket.end();
        state.cursors.closeAll();
        state.storage.close();
      })();
      return closing;
    },
  };
}

async function handleMessage(
  state: ServerState,
  socket: Socket<ConnectionData>,
  message: Uint8Array,
): Promise<void> {
  const conn = socket.data;
  if (conn.closed) return;
  let request: Request;
  try {
    request = parseRequest(message);
  } catch (error) {
    const requestId =
      message.length >= 8 ? new DataView(message.buffer, message.byteOffset).getInt32(4, true) : 0;
    const opCode =
      message.length >= 16 ? new DataView(message.buffer, message.byteOffset).getInt32(12, true) : 0;
    if (error instanceof CommandError && (opCode === 2013 || opCode === 2004)) {
      send(socket, encodeReply({ requestId, opCode }, error.toReply()));
    } else {
      socket.end();
    }
    return;
  }
  const reply = await runCommand(state, request, conn.info);
  if (request.moreToCome) return;
  send(socket, encodeReply(request, reply));
}

function send(socket: Socket<ConnectionData>, bytes: Uint8Array): void {
  const conn = socket.data;
  if (conn.closed) return;
  if (conn.outbox.length > 0) {
    conn.outbox.push(bytes);
    return;
  }
  const written = socket.write(bytes);
  if (written < bytes.length) conn.outbox.push(bytes.subarray(Math.max(0, written)));
}

function flush(socket: Socket<ConnectionData>): void {
  const conn = socket.data;
  while (conn.outbox.length > 0) {
    const next = conn.outbox[0]!;
    const written = socket.write(next);
    if (written < next.length) {
      conn.outbox[0] = next.subarray(Math.max(0, written));
      return;
    }
    conn.outbox.shift();
  }
}
