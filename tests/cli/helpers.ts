import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { startServer } from "../../src/server/index.ts";

export const ROOT = join(import.meta.dir, "../..");
export const MODELS = join(import.meta.dir, "fixtures/models.ts");
/** The package entry, for files written into temporary folders. */
export const ENTRY = join(ROOT, "src/index.ts");

/** Runs `data-bridge ...args` in a child process, without the URI variables of this environment. */
export async function cli(args: string[], env: Record<string, string> = {}) {
  const { DATA_BRIDGE_URI: _a, MONGODB_URI: _b, ...inherited } = process.env;
  const child = Bun.spawn([process.execPath, join(ROOT, "src/cli.ts"), ...args], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...inherited, NO_COLOR: "1", ...env },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, code };
}

/** A new temporary folder holding `files`. */
export async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "data-bridge-cli-"));
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return dir;
}

/** An embedded server for one test file, and a driver client on it. */
export function useServer(): { uri: () => string; client: () => MongoClient } {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let client: MongoClient | undefined;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
    client = await new MongoClient(server.uri).connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });
  return { uri: () => server!.uri, client: () => client! };
}
