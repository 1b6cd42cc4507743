import { describe, expect, test } from "bun:test";
import { HttpClient, isHttpError } from "../../src/http/index.ts";
import { rawServer, serve } from "./servers.ts";

const OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok";

describe("connection reuse", () => {
  test("sequential requests share one keep-alive connection (client ports seen by Bun.serve)", async () => {
    using s = serve(() => new Response("ok"));
    const client = new HttpClient({ baseUrl: s.url });
    for (let i = 0; i < 50; i++) expect(await (await client.get("/")).text()).toBe("ok");
    expect(s.record.requests).toBe(50);
    expect(s.record.ports.size).toBe(1);
  });

  test("a raw TCP server sees one connection for many requests", async () => {
    using s = rawServer((socket) => socket.write(OK));
    const client = new HttpClient({ baseUrl: s.url });
    for (let i = 0; i < 30; i++) await (await client.get("/")).text();
    expect(s.connections.opened).toBe(1);
  });

  test("concurrent requests open at most maxConnectionsPerOrigin connections", async () => {
    using s = rawServer((socket) => setTimeout(() => socket.write(OK), 5));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 4 });
    const bodies = await Promise.all(Array.from({ length: 40 }, async () => (await client.get("/")).text()));
    expect(bodies.every((b) => b === "ok")).toBe(true);
    expect(s.connections.maxOpen).toBeLessThanOrEqual(4);
    expect(s.connections.opened).toBeLessThanOrEqual(4);
    expect(s.connections.opened).toBeGreaterThan(1);
  });
});

describe("concurrency cap and queue", () => {
  test("the server never sees more than the cap at once", async () => {
    using s = serve(async () => {
      await Bun.sleep(10);
      return new Response("ok");
    });
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 3 });
    const seenByClient: number[] = [];
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        const res = await client.get("/");
        seenByClient.push(client.metrics()[s.url]!.inFlight);
        await res.text();
      }),
    );
    expect(s.record.requests).toBe(24);
    expect(s.record.maxConcurrent).toBe(3);
    expect(Math.max(...seenByClient)).toBeLessThanOrEqual(3);
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });

  test("each origin has its own cap", async () => {
    using a = serve(async () => {
      await Bun.sleep(10);
      return new Response("a");
    });
    using b = serve(async () => {
      await Bun.sleep(10);
      return new Response("b");
    });
    const client = new HttpClient({ maxConnectionsPerOrigin: 2 });
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await client.get(`${i % 2 ? a.url : b.url}/`)).text()),
    );
    expect(a.record.maxConcurrent).toBe(2);
    expect(b.record.maxConcurrent).toBe(2);
    expect(Object.keys(client.metrics()).sort()).toEqual([a.url, b.url].sort());
  });

  test("waiters are served first in, first out", async () => {
    const order: string[] = [];
    using s = serve(async (req) => {
      order.push(new URL(req.url).pathname);
      await Bun.sleep(5);
      return new Response("ok");
    });
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    await Promise.all(["/1", "/2", "/3", "/4", "/5"].map(async (p) => (await client.get(p)).text()));
    expect(order).toEqual(["/1", "/2", "/3", "/4", "/5"]);
  });

  test("a full queue throws PoolQueueFullError at once", async () => {
    using s = serve(async () => {
      await Bun.sleep(30);
      return new Response("ok");
    });
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1, maxQueue: 2 });
    const accepted = [client.get("/"), client.get("/"), client.get("/")];
    const error = await client.get("/x").catch((e: unknown) => e);
    expect(isHttpError(error, "queue-full")).toBe(true);
    if (!isHttpError(error, "queue-full")) return;
    expect(error.origin).toBe(s.url);
    expect(error.maxQueue).toBe(2);
    expect(error.url).toBe(`${s.url}/x`);
    const metrics = client.metrics()[s.url]!;
    expect(metrics.inFlight).toBe(1);
    expect(metrics.queued).toBe(2);
    expect(metrics.rejected).toBe(1);
    for (const res of await Promise.all(accepted)) expect(await res.text()).toBe("ok");
    expect(client.metrics()[s.url]!.queued).toBe(0);
  });

  test("an aborted waiter leaves the queue and the others still run", async () => {
    using s = serve(async () => {
      await Bun.sleep(20);
      return new Response("ok");
    });
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1, maxQueue: 1 });
    const first = client.get("/");
    const controller = new AbortController();
    const waiting = client.get("/", { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: "abort", name: "AbortError" });
    expect(client.metrics()[s.url]!.queued).toBe(0);
    const next = client.get("/");
    expect(await (await first).text()).toBe("ok");
    expect(await (await next).text()).toBe("ok");
    expect(s.record.requests).toBe(2);
  });

  test("a slot is held until the body is read, then handed on", async () => {
    using s = serve(() => new Response("body"));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    const first = await client.get("/");
    const second = client.get("/");
    expect(client.metrics()[s.url]!.queued).toBe(1);
    await first.text();
    expect(await (await second).text()).toBe("body");
  });

  test("a body nobody reads does not block the pool", async () => {
    using s = serve(() => new Response("ignored"));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1, timeout: 2_000 });
    for (let i = 0; i < 5; i++) {
      const res = await client.post("/fire-and-forget", { json: { i } });
      expect(res.status).toBe(200);
    }
    expect(s.record.requests).toBe(5);
  });

  test("discard() frees the slot and keeps a small body's connection", async () => {
    using s = serve(() => new Response("x".repeat(100)));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    for (let i = 0; i < 5; i++) await (await client.get("/")).discard();
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
    expect(s.record.ports.size).toBe(1);
  });
});

describe("metrics", () => {
  test("counts requests, errors and latency percentiles per origin", async () => {
    using s = serve(async (req) => {
      if (req.url.endsWith("/slow")) await Bun.sleep(40);
      return new Response("ok");
    });
    const client = new HttpClient({ baseUrl: s.url });
    for (let i = 0; i < 98; i++) await (await client.get("/fast")).text();
    await (await client.get("/slow")).text();
    await (await client.get("/slow")).text();
    await client.get("http://127.0.0.1:1/", { retries: false }).catch(() => {});
    const m = client.metrics()[s.url]!;
    expect(m.origin).toBe(s.url);
    expect(m.requests).toBe(100);
    expect(m.errors).toBe(0);
    expect(m.inFlight).toBe(0);
    expect(m.latency.count).toBe(100);
    expect(m.latency.p50).toBeLessThan(20);
    expect(m.latency.p99).toBeGreaterThanOrEqual(35);
    expect(m.latency.max).toBeGreaterThanOrEqual(m.latency.p99);
    expect(client.metrics()["http://127.0.0.1:1"]!.errors).toBe(1);
  });
});
