import { afterAll, beforeAll } from "bun:test";
import { MongoClient, type Db } from "mongodb";
import { type EmbeddedServer, startServer } from "../../src/server/index.ts";

/** A document type that lets tests use any `_id` and any field (the driver's default types `_id` as ObjectId). */
export type Loose = any;

/** Starts one embedded server (in memory) and a driver client for the current test file. */
export function useServer(options: { dbPath?: string } = {}) {
  const ctx = {} as { server: EmbeddedServer; client: MongoClient; db: Db };
  beforeAll(async () => {
    ctx.server = await startServer({ port: 0, ...options });
    ctx.client = new MongoClient(ctx.server.uri, { serverSelectionTimeoutMS: 5000 });
    await ctx.client.connect();
    ctx.db = ctx.client.db(`test_${Math.random().toString(36).slice(2, 8)}`);
  });
  afterAll(async () => {
    await ctx.client?.close();
    await ctx.server?.close();
  });
  return ctx;
}
