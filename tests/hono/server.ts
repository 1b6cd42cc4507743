/**
 * Test fixture: a Hono app served by a real Bun.serve on 127.0.0.1 (port 0), the database on the
 * embedded server reached over TCP by the official driver, and the project's HttpClient.
 */
import { afterAll, beforeAll, beforeEach } from "bun:test";
import type { Hono } from "hono";
import type { CommandStartedEvent } from "mongodb";
import { HttpClient, type HttpResponse } from "../../src/http/index.ts";
import { ensureDatabase } from "../../src/http/hono/index.ts";
import { type Connection, disconnect } from "../../src/index.ts";

export interface Served {
  readonly client: () => HttpClient;
  readonly url: () => string;
  readonly connection: () => Connection;
  /** Names of the database commands sent since the last reset (`commands.length = 0`). */
  readonly commands: string[];
}

/**
 * Serves `makeApp()` for one test file. The database `dbName` is connected before the server
 * starts (through `ensureDatabase`, as the app's middleware would) and emptied before each test;
 * `indexes` runs after each emptying to recreate unique indexes.
 */
export function serveApp(dbName: string, makeApp: () => Hono<any>, indexes?: () => Promise<unknown>): Served {
  let server: ReturnType<typeof Bun.serve> | undefined;
  let connection: Connection | undefined;
  let base = "";
  let client: HttpClient | undefined;
  const commands: string[] = [];
  beforeAll(async () => {
    connection = await ensureDatabase({ dbName, monitorCommands: true });
    connection.client.on("commandStarted", (event: CommandStartedEvent) => commands.push(event.commandName));
    const app = makeApp();
    server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
    base = `http://127.0.0.1:${server.port}`;
    client = new HttpClient({ baseUrl: base, retries: false });
  });
  beforeEach(async () => {
    await connection!.db.dropDatabase();
    await indexes?.();
    commands.length = 0;
  });
  afterAll(async () => {
    await server?.stop(true);
    await disconnect();
  });
  return { client: () => client!, url: () => base, connection: () => connection!, commands };
}

/** The parsed JSON body of a response (any shape; tests check it). */
export const json = (res: HttpResponse): Promise<any> => res.json();

/** The sorted issue paths of an error body's `error` member. */
export const issuePaths = (error: { issues: { path: string }[] }): string[] =>
  error.issues.map((issue) => issue.path).sort();
