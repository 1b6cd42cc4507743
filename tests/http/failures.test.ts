import { describe, expect, test } from "bun:test";
import { HttpClient, HttpError, isHttpError } from "../../src/http/index.ts";
import { closedPort, rawServer, serve } from "./servers.ts";

/** A Bun.serve handler that waits `ms` before answering. */
const slow = (ms: number) => async () => {
  await Bun.sleep(ms);
  return new Response("late");
};

/** Sends headers and a first chunk, then stalls forever. */
const stalledBody = () =>
  new Response(
    new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("first chunk"));
      },
    }),
    { headers: { "content-type": "text/plain" } },
  );

describe("timeouts", () => {
  test("waiting for headers too long gives HttpTimeoutError (response phase)", async () => {
    using s = serve(slow(500));
    const client = new HttpClient({ baseUrl: s.url, timeout: 50 });
    const start = performance.now();
    const error = await client.get("/slow").catch((e: unknown) => e);
    expect(performance.now() - start).toBeLessThan(400);
    expect(isHttpError(error, "timeout")).toBe(true);
    if (!isHttpError(error, "timeout")) return;
    expect(error.phase).toBe("response");
    expect(error.timeoutMs).toBe(50);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${s.url}/slow`);
    expect(error.message).toBe(`GET ${s.url}/slow timed out after 50 ms (response)`);
    expect(client.metrics()[s.url]!).toMatchObject({ inFlight: 0, errors: 1 });
  });

  test("a timeout is not retried", async () => {
    using s = serve(slow(300));
    const client = new HttpClient({ baseUrl: s.url, timeout: 30, retries: { limit: 3, backoff: 1 } });
    await expect(client.get("/")).rejects.toMatchObject({ kind: "timeout" });
    expect(s.record.requests).toBe(1);
  });

  test("a body that stalls times out while being read (body phase)", async () => {
    using s = serve(stalledBody);
    const client = new HttpClient({ baseUrl: s.url, timeout: 80 });
    const res = await client.get("/");
    expect(res.status).toBe(200);
    const error = await res.text().catch((e: unknown) => e);
    expect(isHttpError(error, "timeout")).toBe(true);
    expect((error as { phase: string }).phase).toBe("body");
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });

  test("a stalled body read as a stream errors the stream with HttpTimeoutError", async () => {
    using s = serve(stalledBody);
    const res = await new HttpClient({ baseUrl: s.url, timeout: 80 }).get("/");
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("first chunk");
    const error = await reader.read().catch((e: unknown) => e);
    expect(isHttpError(error, "timeout")).toBe(true);
  });

  test("time spent waiting in the queue counts (queue phase)", async () => {
    using s = serve(slow(300));
    const client = new HttpClient({ baseUrl: s.url, maxConnectionsPerOrigin: 1 });
    const first = client.get("/");
    const error = await client.get("/", { timeout: 40 }).catch((e: unknown) => e);
    expect(isHttpError(error, "timeout")).toBe(true);
    expect((error as { phase: string }).phase).toBe("queue");
    expect(client.metrics()[s.url]!.queued).toBe(0);
    expect(await (await first).text()).toBe("late");
    expect(s.record.requests).toBe(1);
  });

  test("attempts with different timeouts each expire on time", async () => {
    using s = serve(slow(1_000));
    const client = new HttpClient({ baseUrl: s.url });
    const start = performance.now();
    const when = (timeout: number) =>
      client.get("/", { timeout }).catch((e: unknown) => {
        expect(isHttpError(e, "timeout")).toBe(true);
        return performance.now() - start;
      });
    const [long, short, mid, short2] = await Promise.all([when(300), when(40), when(150), when(40)]);
    expect(short as number).toBeGreaterThanOrEqual(39);
    expect(short as number).toBeLessThan(140);
    expect(short2 as number).toBeLessThan(140);
    expect(mid as number).toBeGreaterThanOrEqual(149);
    expect(mid as number).toBeLessThan(280);
    expect(long as number).toBeGreaterThanOrEqual(299);
  });

  test("a timeout still fires after many quick requests with the same timeout", async () => {
    using s = serve((req) => (req.url.endsWith("/slow") ? slow(500)() : new Response("ok")));
    const client = new HttpClient({ baseUrl: s.url, timeout: 60 });
    for (let i = 0; i < 50; i++) await (await client.get("/fast")).text();
    const start = performance.now();
    await expect(client.get("/slow")).rejects.toMatchObject({ kind: "timeout" });
    expect(performance.now() - start).toBeLessThan(300);
  });

  test("a per-request timeout overrides the client's; 0 turns it off", async () => {
    using s = serve(slow(80));
    const client = new HttpClient({ baseUrl: s.url, timeout: 20 });
    expect(await (await client.get("/", { timeout: 0 })).text()).toBe("late");
    expect(await (await client.get("/", { timeout: 2_000 })).text()).toBe("late");
    await expect(client.get("/")).rejects.toMatchObject({ kind: "timeout", timeoutMs: 20 });
  });
});

describe("aborts", () => {
  test("aborting while waiting for headers gives HttpAbortError carrying the reason", async () => {
    using s = serve(slow(500));
    const client = new HttpClient({ baseUrl: s.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 30);
    const error = await client.get("/", { signal: controller.signal }).catch((e: unknown) => e);
    expect(isHttpError(error, "abort")).toBe(true);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).name).toBe("AbortError");
    expect(((error as Error).cause as Error).message).toBe("user left");
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });

  test("the signal combines with the timeout: the abort wins when it comes first", async () => {
    using s = serve(slow(500));
    const client = new HttpClient({ baseUrl: s.url, timeout: 5_000 });
    const error = await client.get("/", { signal: AbortSignal.timeout(30) }).catch((e: unknown) => e);
    expect(isHttpError(error, "abort")).toBe(true);
    expect(((error as Error).cause as DOMException).name).toBe("TimeoutError");
  });

  test("the timeout wins when it comes first", async () => {
    using s = serve(slow(500));
    const client = new HttpClient({ baseUrl: s.url, timeout: 30 });
    const controller = new AbortController();
    const error = await client.get("/", { signal: controller.signal }).catch((e: unknown) => e);
    expect(isHttpError(error, "timeout")).toBe(true);
  });

  test("an already aborted signal fails before anything is sent", async () => {
    using s = serve(() => new Response("x"));
    const client = new HttpClient({ baseUrl: s.url });
    await expect(client.get("/", { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: "abort" });
    expect(s.record.requests).toBe(0);
  });

  test("aborting during a retry wait stops the retries", async () => {
    using s = serve(() => new Response("busy", { status: 503, headers: { "retry-after": "10" } }));
    const client = new HttpClient({ baseUrl: s.url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const start = performance.now();
    await expect(client.get("/", { signal: controller.signal })).rejects.toMatchObject({ kind: "abort" });
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(s.record.requests).toBe(1);
  });

  test("aborting while the body streams errors the read", async () => {
    using s = serve(stalledBody);
    const client = new HttpClient({ baseUrl: s.url });
    const controller = new AbortController();
    const res = await client.get("/", { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(res.text()).rejects.toMatchObject({ kind: "abort", name: "AbortError" });
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });
});

describe("connection failures", () => {
  test("connection refused gives HttpConnectionError with the code", async () => {
    const port = closedPort();
    const client = new HttpClient({ retries: false });
    const error = await client.get(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
    expect(isHttpError(error, "connection")).toBe(true);
    if (!isHttpError(error, "connection")) return;
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.phase).toBe("response");
    expect(error.url).toBe(`http://127.0.0.1:${port}/x`);
    expect(error.cause).toBeInstanceOf(Error);
  });

  test("connection refused is retried for GET, then thrown", async () => {
    const port = closedPort();
    const retries: number[] = [];
    const client = new HttpClient({
      retries: { limit: 2, backoff: 1 },
      hooks: { beforeRetry: (info) => void retries.push(info.retry) },
    });
    await expect(client.get(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ kind: "connection" });
    expect(retries).toEqual([1, 2]);
    expect(client.metrics()[`http://127.0.0.1:${port}`]).toMatchObject({
      requests: 3,
      errors: 3,
      retries: 2,
    });
  });

  test("the server closing mid-body gives HttpConnectionError (body phase)", async () => {
    using s = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n" + "x".repeat(1000));
      setTimeout(() => socket.end(), 10);
    });
    const client = new HttpClient({ baseUrl: s.url });
    const res = await client.get("/");
    expect(res.status).toBe(200);
    const error = await res.text().catch((e: unknown) => e);
    expect(isHttpError(error, "connection")).toBe(true);
    if (!isHttpError(error, "connection")) return;
    expect(error.phase).toBe("body");
    expect(error.code).toBe("ECONNRESET");
    expect(s.connections.opened).toBe(1);
    expect(client.metrics()[s.url]).toMatchObject({ inFlight: 0, errors: 1 });
  });

  test("Bun.serve stopping mid-body reaches the body stream as a typed error", async () => {
    using s = serve(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new Uint8Array(1000));
            },
          }),
          { headers: { "content-length": "50000" } },
        ),
    );
    const res = await new HttpClient({ baseUrl: s.url }).get("/");
    setTimeout(() => s.server.stop(true), 20);
    const error = await new Response(res.body).arrayBuffer().catch((e: unknown) => e);
    expect(isHttpError(error, "connection")).toBe(true);
    expect((error as { phase: string }).phase).toBe("body");
  });

  test("garbage instead of HTTP gives a typed error", async () => {
    using s = rawServer((socket) => {
      socket.write("this is not http\r\n\r\n");
      socket.end();
    });
    const error = await new HttpClient({ baseUrl: s.url, retries: false }).get("/").catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
  });

  test("an invalid URL is a TypeError, not a connection error", async () => {
    const error = await new HttpClient().get("http://exa mple.com/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(isHttpError(error)).toBe(false);
  });
});
