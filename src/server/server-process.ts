import { join } from "node:path";
import type { Subprocess } from "bun";

export interface ServerProcessOptions {
  /** Folder for the database file; omitted = in memory. */
  dbPath?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
}

export interface ServerProcess {
  /** `mongodb://host:port/` */
  readonly uri: string;
  readonly process: Subprocess<"ignore", "pipe", "inherit">;
  /** Sends SIGTERM (a clean close) or the given signal, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the embedded server in a child process (`data-bridge serve`) and resolves once it accepts
 * connections: for benchmarks whose client must not share the server's event loop, and for tests
 * that kill the server.
 *
 * @example
 * const srv = await spawnServer({ dbPath: "./data" });
 * const client = await MongoClient.connect(srv.uri);
 * await srv.stop();
 */
export async function spawnServer(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const args = ["serve", "--port", String(options.port ?? 0)];
  if (options.host) args.push("--host", options.host);
  args.push(...(options.dbPath ? ["--dbpath", options.dbPath] : ["--memory"]));
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "../cli.ts"), ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`data-bridge serve exited before printing its URI: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    uri: text.split("\n")[0]!.trim(),
    process: child,
    async stop(signal = "SIGTERM") {
      child.kill(signal);
      return child.exited;
    },
  };
}
