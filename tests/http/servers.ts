/**
 * Real loopback servers for the HTTP client tests: Bun.serve with per-connection bookkeeping, and a
 * raw TCP server (Bun.listen) that speaks just enough HTTP/1.1 to misbehave on purpose.
 */
import type { Server, Socket, TCPSocketListener } from "bun";

export interface Recorder {
  /** Distinct client ports seen (one per TCP connection). */
  readonly ports: Set<number>;
  /** Requests being handled right now, and the most at once. */
  concurrent: number;
  maxConcurrent: number;
  requests: number;
  reset(): void;
}

export function recorder(): Recorder {
  return {
    ports: new Set(),
    concurrent: 0,
    maxConcurrent: 0,
    requests: 0,
    reset() {
      this.ports.clear();
      this.concurrent = 0;
      this.maxConcurrent = 0;
      this.requests = 0;
    },
  };
}

/**
 * Starts Bun.serve on 127.0.0.1, port 0. Every request is counted in `record` (client port, requests
 * in progress) before `handler` runs.
 */
export function serve(
  handler: (req: Request, server: Server<undefined>) => Response | Promise<Response>,
  record: Recorder = recorder(),
): { server: Server<undefined>; url: string; record: Recorder; [Symbol.dispose](): void } {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 30,
    async fetch(req, srv) {
      const ip = srv.requestIP(req);
      if (ip !== null) record.ports.add(ip.port);
      record.requests++;
      record.concurrent++;
      record.maxConcurrent = Math.max(record.maxConcurrent, record.concurrent);
      try {
        return await handler(req, srv);
      } finally {
        record.concurrent--;
      }
    },
  });
  return {
    server,
    url: `http://127.0.0.1:${server.port}`,
    record,
    [Symbol.dispose]: () => server.stop(true),
  };
}

interface RawState {
  buffer: string;
}

/**
 * A raw TCP server. `onRequest` gets the socket once a full request head has arrived (bodies are
 * not expected) and writes whatever bytes it likes. Counts connections opened and open at once.
 */
export function rawServer(onRequest: (socket: Socket<RawState>, head: string) => void): {
  url: string;
  connections: { opened: number; open: number; maxOpen: number };
  [Symbol.dispose](): void;
} {
  const connections = { opened: 0, open: 0, maxOpen: 0 };
  const listener: TCPSocketListener<RawState> = Bun.listen<RawState>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        socket.data = { buffer: "" };
        connections.opened++;
        connections.open++;
        connections.maxOpen = Math.max(connections.maxOpen, connections.open);
      },
      data(socket, chunk) {
        socket.data.buffer += chunk.toString("latin1");
        let end = socket.data.buffer.indexOf("\r\n\r\n");
        while (end >= 0) {
          const head = socket.data.buffer.slice(0, end);
          socket.data.buffer = socket.data.buffer.slice(end + 4);
          onRequest(socket, head);
          end = socket.data.buffer.indexOf("\r\n\r\n");
        }
      },
      close() {
        connections.open--;
      },
    },
  });
  return {
    url: `http://127.0.0.1:${listener.port}`,
    connections,
    [Symbol.dispose]: () => listener.stop(true),
  };
}

/** A port that nothing listens on (bound, then released). */
export function closedPort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}
