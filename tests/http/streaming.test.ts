import { describe, expect, test } from "bun:test";
import { HttpClient } from "../../src/http/index.ts";
import { serve } from "./servers.ts";

const SIZE = 20 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** Chunk `i` of a deterministic 20 MB payload (bytes differ per chunk so reordering shows in the hash). */
function chunk(i: number): Uint8Array {
  const bytes = new Uint8Array(CHUNK);
  bytes.fill(i % 251);
  bytes[0] = i & 0xff;
  bytes[1] = (i >> 8) & 0xff;
  return bytes;
}

function expectedHash(): string {
  const hasher = new Bun.CryptoHasher("sha256");
  for (let i = 0; i < SIZE / CHUNK; i++) hasher.update(chunk(i));
  return hasher.digest("hex");
}

/** A pull stream of the payload that records when its last chunk was produced. */
function payload(marks: { lastProduced?: number }): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i === SIZE / CHUNK) {
          marks.lastProduced = performance.now();
          controller.close();
          return;
        }
        controller.enqueue(chunk(i++));
      },
    },
    { highWaterMark: 0 },
  );
}

async function hashStream(stream: ReadableStream<Uint8Array>, marks: { firstReceived?: number }) {
  const hasher = new Bun.CryptoHasher("sha256");
  let bytes = 0;
  for await (const part of stream) {
    marks.firstReceived ??= performance.now();
    hasher.update(part);
    bytes += part.byteLength;
  }
  return { bytes, hash: hasher.digest("hex") };
}

describe("large bodies", () => {
  const hash = expectedHash();

  test("a 20 MB ReadableStream uploads while it is being produced", async () => {
    const server: { firstReceived?: number } = {};
    using s = serve(async (req) => Response.json(await hashStream(req.body!, server)));
    const client: { lastProduced?: number } = {};
    const res = await new HttpClient({ baseUrl: s.url }).put("/upload", { body: payload(client) });
    expect(await res.json()).toEqual({ bytes: SIZE, hash });
    expect(server.firstReceived!).toBeLessThan(client.lastProduced!);
  });

  test("a 20 MB download streams through response.body before the server is done", async () => {
    const server: { lastProduced?: number } = {};
    using s = serve(
      () => new Response(payload(server), { headers: { "content-type": "application/octet-stream" } }),
    );
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    const res = await client.get("/download");
    const marks: { firstReceived?: number } = {};
    expect(await hashStream(res.body!, marks)).toEqual({ bytes: SIZE, hash });
    expect(marks.firstReceived!).toBeLessThan(server.lastProduced!);
    expect(res.totalMs!).toBeGreaterThan(res.latencyMs);
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });

  test("a 20 MB byte body goes up and comes back with bytes()", async () => {
    using s = serve((req) => new Response(req.body));
    const body = new Uint8Array(SIZE);
    for (let i = 0; i < SIZE; i += 4096) body[i] = i % 255;
    const res = await new HttpClient({ baseUrl: s.url }).post("/echo", { body });
    const back = await res.bytes();
    expect(back.byteLength).toBe(SIZE);
    expect(Bun.hash(back)).toBe(Bun.hash(body));
  });

  test("cancelling a large download frees the slot", async () => {
    using s = serve(() => new Response(payload({})));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    const res = await client.get("/");
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
    const next = await client.get("/", { timeout: 5_000 });
    await next.discard();
  });
});
