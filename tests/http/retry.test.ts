import { describe, expect, test } from "bun:test";
import {
  HttpClient,
  type HttpRetryInfo,
  isHttpError,
  parseRetryAfter,
  type RetryOptions,
} from "../../src/http/index.ts";
import { rawServer, serve } from "./servers.ts";

/** A server that answers `failures` times with `status` (and `headers`), then 200 "ok". */
function flaky(failures: number, status: number, headers: Record<string, string> = {}) {
  let left = failures;
  const times: number[] = [];
  const s = serve(() => {
    times.push(performance.now());
    if (left-- > 0) return new Response(`fail ${status}`, { status, headers });
    return new Response("ok");
  });
  return Object.assign(s, { times });
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

/** A client whose beforeRetry hook records each wait it announces. */
function recording(baseUrl: string, retries: RetryOptions) {
  const delays: number[] = [];
  const client = new HttpClient({
    baseUrl,
    retries,
    hooks: { beforeRetry: (info) => void delays.push(info.delayMs) },
  });
  return { client, delays };
}

describe("retries", () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    test(`GET is retried on ${status}`, async () => {
      using s = flaky(2, status);
      const client = new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } });
      const res = await client.get("/");
      expect(res.status).toBe(200);
      expect(res.attempts).toBe(3);
      expect(await res.text()).toBe("ok");
      expect(s.record.requests).toBe(3);
      expect(client.metrics()[s.url]!.retries).toBe(2);
    });
  }

  test("statuses outside the list are not retried", async () => {
    using s = flaky(1, 501);
    const res = await new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } }).get("/");
    expect(res.status).toBe(501);
    expect(s.record.requests).toBe(1);
  });

  test("the limit bounds the attempts and the last response is returned", async () => {
    using s = flaky(10, 503);
    const res = await new HttpClient({ baseUrl: s.url, retries: { limit: 3, backoff: 1 } }).get("/");
    expect(res.status).toBe(503);
    expect(res.attempts).toBe(4);
    expect(await res.text()).toBe("fail 503");
    expect(s.record.requests).toBe(4);
  });

  test("throwOnError throws only after the retries are spent", async () => {
    using s = flaky(10, 500);
    const client = new HttpClient({ baseUrl: s.url, throwOnError: true, retries: { limit: 1, backoff: 1 } });
    await expect(client.get("/")).rejects.toMatchObject({ kind: "status", status: 500 });
    expect(s.record.requests).toBe(2);
  });

  for (const method of ["HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]) {
    test(`${method} is idempotent and retried`, async () => {
      using s = flaky(1, 503);
      const res = await new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } }).request(method, "/");
      expect(res.status).toBe(200);
      expect(s.record.requests).toBe(2);
    });
  }

  test("POST and PATCH are not retried by default", async () => {
    using s = flaky(2, 503);
    const client = new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } });
    expect((await client.post("/", { json: {} })).status).toBe(503);
    expect((await client.patch("/", { json: {} })).status).toBe(503);
    expect(s.record.requests).toBe(2);
  });

  test("POST is retried when its method is listed", async () => {
    using s = flaky(1, 503);
    const client = new HttpClient({ baseUrl: s.url, retries: { methods: ["post"], backoff: 1 } });
    const res = await client.post("/", { body: "payload" });
    expect(res.status).toBe(200);
    expect(s.record.requests).toBe(2);
  });

  test("a streamed body is never retried (it cannot be replayed)", async () => {
    using s = flaky(1, 503);
    const client = new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } });
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("once"));
        c.close();
      },
    });
    expect((await client.put("/", { body })).status).toBe(503);
    expect(s.record.requests).toBe(1);
  });

  test("per-request override: retries false, a number, or options", async () => {
    using s = flaky(100, 503);
    const client = new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } });
    await (await client.get("/", { retries: false })).discard();
    expect(s.record.requests).toBe(1);
    await (await client.get("/", { retries: 4 })).discard();
    expect(s.record.requests).toBe(6);
    await (await client.get("/", { retries: { limit: 1, statusCodes: [418] } })).discard();
    expect(s.record.requests).toBe(7);
  });

  test("a connection closed before the response is retried for GET", async () => {
    let connections = 0;
    using s = rawServer((socket) => {
      connections++;
      if (connections <= 2) socket.end();
      else socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
    });
    const retried: HttpRetryInfo[] = [];
    const client = new HttpClient({
      baseUrl: s.url,
      retries: { backoff: 1 },
      hooks: { beforeRetry: (info) => void retried.push(info) },
    });
    const res = await client.get("/");
    expect(await res.text()).toBe("ok");
    expect(res.attempts).toBe(3);
    expect(retried.map((r) => r.error?.kind)).toEqual(["connection", "connection"]);
    expect(retried.map((r) => r.retry)).toEqual([1, 2]);
  });

  test("a connection error on POST is not retried", async () => {
    using s = rawServer((socket) => socket.end());
    const client = new HttpClient({ baseUrl: s.url, retries: { backoff: 1 } });
    const error = await client.post("/", { json: {} }).catch((e: unknown) => e);
    expect(isHttpError(error, "connection")).toBe(true);
    expect(s.connections.opened).toBe(1);
  });
});

describe("backoff", () => {
  test("waits grow exponentially with full jitter and stay under maxDelay", async () => {
    using s = flaky(4, 503);
    const { client, delays } = recording(s.url, { limit: 4, backoff: 20, maxDelay: 50 });
    expect((await client.get("/")).status).toBe(200);
    expect(delays).toHaveLength(4);
    const caps = [20, 40, 50, 50];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(caps[i]!);
    });
    gaps(s.times).forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(delays[i]! - 2);
    });
  });

  test("full jitter spreads the waits over the whole range", async () => {
    using s = flaky(1000, 503);
    const { client, delays } = recording(s.url, { limit: 1, backoff: 5 });
    for (let i = 0; i < 40; i++) await (await client.get("/")).discard();
    expect(Math.min(...delays)).toBeLessThan(2);
    expect(Math.max(...delays)).toBeGreaterThan(3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5);
  });

  test("a backoff function sets the delay itself", async () => {
    using s = flaky(2, 503);
    const { client, delays } = recording(s.url, { backoff: (retry) => retry * 7 });
    await (await client.get("/")).text();
    expect(delays).toEqual([7, 14]);
  });
});

describe("Retry-After", () => {
  test("delay-seconds is honoured", async () => {
    using s = flaky(1, 429, { "retry-after": "1" });
    const { client, delays } = recording(s.url, { backoff: 1 });
    const res = await client.get("/");
    expect(res.status).toBe(200);
    expect(delays).toEqual([1000]);
    expect(gaps(s.times)[0]!).toBeGreaterThanOrEqual(990);
  });

  test("an HTTP-date is honoured", async () => {
    let first = true;
    const times: number[] = [];
    using s = serve(() => {
      times.push(performance.now());
      if (!first) return new Response("ok");
      first = false;
      // HTTP-dates have one-second resolution: ask for the start of the second after next.
      const at = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
      return new Response("busy", { status: 503, headers: { "retry-after": at.toUTCString() } });
    });
    const { client, delays } = recording(s.url, { backoff: 1 });
    expect((await client.get("/")).status).toBe(200);
    expect(delays[0]!).toBeGreaterThan(950);
    expect(delays[0]!).toBeLessThanOrEqual(2000);
    expect(gaps(times)[0]!).toBeGreaterThanOrEqual(delays[0]! - 5);
  });

  test("Retry-After is capped by maxDelay", async () => {
    using s = flaky(1, 503, { "retry-after": "3600" });
    const { client, delays } = recording(s.url, { maxDelay: 30 });
    const start = performance.now();
    expect((await client.get("/")).status).toBe(200);
    expect(delays).toEqual([30]);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  test("an unreadable Retry-After falls back to backoff", async () => {
    using s = flaky(1, 503, { "retry-after": "soon-ish 12" });
    const { client, delays } = recording(s.url, { backoff: 10 });
    await (await client.get("/")).text();
    expect(delays[0]!).toBeLessThanOrEqual(10);
  });

  test("parseRetryAfter reads seconds and dates", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("tomorrow", now)).toBeUndefined();
  });
});
