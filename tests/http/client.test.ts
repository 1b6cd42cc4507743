import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { HttpClient, type HttpRequestInfo, HttpResponse, isHttpError } from "../../src/http/index.ts";
import { serve } from "./servers.ts";

/** Echoes the request back as JSON. */
async function echo(req: Request): Promise<Response> {
  const url = new URL(req.url);
  return Response.json({
    method: req.method,
    path: url.pathname,
    query: url.search,
    headers: Object.fromEntries(req.headers),
    body: req.method === "GET" || req.method === "HEAD" ? null : await req.text(),
  });
}

interface Echo {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | null;
}

describe("requests", () => {
  test("every method helper sends its method", async () => {
    using s = serve(echo);
    const client = new HttpClient({ baseUrl: s.url });
    for (const method of ["get", "post", "put", "patch", "delete", "options"] as const) {
      const res = await client[method]("/m");
      expect((await res.json<Echo>()).method).toBe(method.toUpperCase());
    }
    const head = await client.head("/m");
    expect(head.status).toBe(200);
    expect(head.totalMs).toBe(head.latencyMs);
    const custom = await client.request("propfind", "/m");
    expect((await custom.json<Echo>()).method).toBe("PROPFIND");
  });

  test("baseUrl keeps its path; absolute URLs bypass it", async () => {
    using s = serve(echo);
    const client = new HttpClient({ baseUrl: `${s.url}/v1/` });
    expect((await (await client.get("users")).json<Echo>()).path).toBe("/v1/users");
    expect((await (await client.get("/users")).json<Echo>()).path).toBe("/v1/users");
    expect((await (await client.get(`${s.url}/other`)).json<Echo>()).path).toBe("/other");
  });

  test("query params are encoded, arrays repeat, undefined is left out", async () => {
    using s = serve(echo);
    const client = new HttpClient({ baseUrl: s.url });
    const res = await client.get("/q?x=1", {
      params: { a: "b c", n: 2, t: true, big: 10n, skip: undefined, tag: ["x", "y&z"] },
    });
    expect((await res.json<Echo>()).query).toBe("?x=1&a=b%20c&n=2&t=true&big=10&tag=x&tag=y%26z");
  });

  test("a null or object query value is refused with its name", async () => {
    const client = new HttpClient({ baseUrl: "http://127.0.0.1:9" });
    await expect(client.get("/", { params: { when: null as never } })).rejects.toThrow(
      /query parameter "when".*null/,
    );
    await expect(client.get("/", { params: { o: {} as never } })).rejects.toThrow(/"o".*object/);
  });

  test("json, form and raw bodies set the right content type", async () => {
    using s = serve(echo);
    const client = new HttpClient({ baseUrl: s.url });
    const json = await (await client.post("/", { json: { a: [1, 2] } })).json<Echo>();
    expect(json.body).toBe('{"a":[1,2]}');
    expect(json.headers["content-type"]).toBe("application/json");

    const form = await (await client.post("/", { form: { a: "1 2", b: ["x", "y"] } })).json<Echo>();
    expect(form.body).toBe("a=1%202&b=x&b=y");
    expect(form.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(form.body!).getAll("b")).toEqual(["x", "y"]);

    const multipart = new FormData();
    multipart.set("file", new Blob(["hello"]), "a.txt");
    const mp = await (await client.post("/", { form: multipart })).json<Echo>();
    expect(mp.headers["content-type"]).toStartWith("multipart/form-data; boundary=");
    expect(mp.body).toContain("hello");

    const raw = await (await client.put("/", { body: new Uint8Array([104, 105]) })).json<Echo>();
    expect(raw.body).toBe("hi");

    const typed = await (
      await client.post("/", { json: 1, headers: { "Content-Type": "application/vnd.x+json" } })
    ).json<Echo>();
    expect(typed.headers["content-type"]).toBe("application/vnd.x+json");
  });

  test("two kinds of body at once are refused", async () => {
    const client = new HttpClient({ baseUrl: "http://127.0.0.1:9" });
    await expect(client.post("/", { json: {}, body: "x" })).rejects.toThrow(
      "at most one of json, form and body",
    );
    await expect(client.post("/", { form: { a: 1 }, body: "x" })).rejects.toThrow("at most one");
  });

  test("a json body that cannot be serialised is refused", async () => {
    const client = new HttpClient({ baseUrl: "http://127.0.0.1:9" });
    await expect(client.post("/", { json: { n: 1n } })).rejects.toThrow(/json body cannot be serialised/);
    await expect(client.post("/", { json: () => 1 })).rejects.toThrow(
      /json body cannot be serialised: got function/,
    );
  });

  test("client headers merge with request headers; undefined removes one", async () => {
    using s = serve(echo);
    const client = new HttpClient({ baseUrl: s.url, headers: { "X-App": "a", "X-Drop": "d" } });
    const res = await client.get("/", { headers: { "x-req": "r", "X-Drop": undefined } });
    const { headers } = await res.json<Echo>();
    expect(headers["x-app"]).toBe("a");
    expect(headers["x-req"]).toBe("r");
    expect(headers["x-drop"]).toBeUndefined();
    const fromHeaders = await client.get("/", { headers: new Headers({ "X-H": "1" }) });
    expect((await fromHeaders.json<Echo>()).headers["x-h"]).toBe("1");
    const fromPairs = await client.get("/", { headers: [["X-P", "2"]] });
    expect((await fromPairs.json<Echo>()).headers["x-p"]).toBe("2");
  });

  test("a relative URL without baseUrl is refused clearly", async () => {
    const client = new HttpClient();
    await expect(client.get("/users")).rejects.toThrow('relative URL "/users" needs a baseUrl');
  });

  test("bad options are refused with their name", () => {
    expect(() => new HttpClient({ baseUrl: "not a url" })).toThrow(/baseUrl must be an absolute URL/);
    expect(() => new HttpClient({ timeout: -1 })).toThrow(/timeout must be a finite number/);
    expect(() => new HttpClient({ maxConnectionsPerOrigin: 0 })).toThrow(/maxConnectionsPerOrigin/);
    expect(() => new HttpClient({ maxQueue: 1.5 })).toThrow(/maxQueue/);
    expect(() => new HttpClient({ retries: { limit: -1 } })).toThrow(/retries.limit/);
    expect(() => new HttpClient({ retries: { statusCodes: [99] } })).toThrow(/retries.statusCodes/);
    expect(() => new HttpClient({ hooks: { beforeRequest: 1 as never } })).toThrow(/hooks.beforeRequest/);
  });
});

describe("responses", () => {
  test("status, ok, headers, url and timings", async () => {
    using s = serve(() => new Response("nope", { status: 404, headers: { "x-y": "z" } }));
    const client = new HttpClient({ baseUrl: s.url });
    const res = await client.get("/missing");
    expect(res).toBeInstanceOf(HttpResponse);
    expect(res.status).toBe(404);
    expect(res.ok).toBe(false);
    expect(res.headers.get("x-y")).toBe("z");
    expect(res.url).toBe(`${s.url}/missing`);
    expect(res.attempts).toBe(1);
    expect(res.latencyMs).toBeGreaterThan(0);
    expect(res.totalMs).toBeUndefined();
    expect(await res.text()).toBe("nope");
    expect(res.totalMs!).toBeGreaterThanOrEqual(res.latencyMs);
  });

  test("text, bytes, arrayBuffer and body stream", async () => {
    using s = serve(() => new Response("héllo"));
    const client = new HttpClient({ baseUrl: s.url });
    expect(await (await client.get("/")).text()).toBe("héllo");
    expect(await (await client.get("/")).bytes()).toEqual(new TextEncoder().encode("héllo"));
    expect(new Uint8Array(await (await client.get("/")).arrayBuffer())).toEqual(
      new TextEncoder().encode("héllo"),
    );
    const res = await client.get("/");
    const stream = res.body!;
    expect(res.body).toBe(stream);
    expect(await new Response(stream).text()).toBe("héllo");
    expect(res.totalMs).toBeDefined();
  });

  test("reading a body twice is refused", async () => {
    using s = serve(() => new Response("x"));
    const res = await new HttpClient({ baseUrl: s.url }).get("/");
    await res.text();
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(/body was already read/);
  });

  test("json(schema) returns the checked value", async () => {
    using s = serve(() => Response.json({ id: 7, name: "Ada", tags: ["a"] }));
    const User = Type.Object({ id: Type.Number(), name: Type.String(), tags: Type.Array(Type.String()) });
    const user = await (await new HttpClient({ baseUrl: s.url }).get("/")).json(User);
    expect(user.name).toBe("Ada");
  });

  test("json(schema) failure lists every failing path", async () => {
    using s = serve(() => Response.json({ id: "7", tags: ["a", 2], extra: true }));
    const User = Type.Object({ id: Type.Number(), name: Type.String(), tags: Type.Array(Type.String()) });
    const client = new HttpClient({ baseUrl: s.url });
    const error = await (await client.get("/u")).json(User).catch((e: unknown) => e);
    expect(isHttpError(error, "schema")).toBe(true);
    if (!isHttpError(error, "schema")) return;
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain("/id");
    expect(paths).toContain("/name");
    expect(paths).toContain("/tags/1");
    expect(error.message).toContain("/id: Expected number");
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${s.url}/u`);
    expect(error.status).toBe(200);
  });

  test("invalid JSON gives HttpParseError with an excerpt", async () => {
    using s = serve((req) => new Response(req.url.endsWith("/empty") ? "" : "<html>502 Bad Gateway</html>"));
    const client = new HttpClient({ baseUrl: s.url });
    const error = await (await client.get("/")).json().catch((e: unknown) => e);
    expect(isHttpError(error, "parse")).toBe(true);
    if (!isHttpError(error, "parse")) return;
    expect(error.excerpt).toBe("<html>502 Bad Gateway</html>");
    expect(error.cause).toBeInstanceOf(SyntaxError);
    const empty = await (await client.get("/empty")).json().catch((e: unknown) => e);
    expect((empty as Error).message).toContain("empty body");
  });

  test("throwOnError turns a non-2xx status into HttpStatusError with the body", async () => {
    using s = serve(() => Response.json({ error: "nope" }, { status: 409, statusText: "Conflict" }));
    const client = new HttpClient({ baseUrl: s.url, throwOnError: true });
    const error = await client.post("/x").catch((e: unknown) => e);
    expect(isHttpError(error, "status")).toBe(true);
    if (!isHttpError(error, "status")) return;
    expect(error.status).toBe(409);
    expect(error.statusText).toBe("Conflict");
    expect(error.body).toBe('{"error":"nope"}');
    expect(error.message).toBe(`POST ${s.url}/x answered 409 Conflict`);
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });

  test("without throwOnError a 500 is a response", async () => {
    using s = serve(() => new Response("boom", { status: 500 }));
    const res = await new HttpClient({ baseUrl: s.url, retries: false }).get("/");
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("boom");
  });
});

describe("hooks", () => {
  test("beforeRequest, afterResponse and onError run with the request", async () => {
    using s = serve((req) =>
      req.url.endsWith("/fail")
        ? new Response("x", { status: 400 })
        : Response.json(Object.fromEntries(req.headers)),
    );
    const seen: string[] = [];
    const client = new HttpClient({
      baseUrl: s.url,
      throwOnError: true,
      hooks: {
        beforeRequest: [
          (req) => {
            req.headers.set("authorization", "Bearer t");
          },
          async (req) => {
            seen.push(`before ${req.method} ${req.attempt}`);
          },
        ],
        afterResponse: (res, req) => {
          seen.push(`after ${res.status} ${req.url}`);
        },
        onError: (error) => {
          seen.push(`error ${error.kind}`);
        },
      },
    });
    const res = await client.get("/ok");
    expect((await res.json<Record<string, string>>()).authorization).toBe("Bearer t");
    await expect(client.get("/fail")).rejects.toMatchObject({ kind: "status", status: 400 });
    expect(seen).toEqual([
      "before GET 1",
      `after 200 ${s.url}/ok`,
      "before GET 1",
      `after 400 ${s.url}/fail`,
      "error status",
    ]);
  });

  test("beforeRequest may rewrite the URL", async () => {
    using s = serve((req) => new Response(new URL(req.url).pathname));
    const client = new HttpClient({
      baseUrl: s.url,
      hooks: {
        beforeRequest: (req: HttpRequestInfo) => {
          req.url = req.url.replace("/old", "/new");
        },
      },
    });
    expect(await (await client.get("/old/a")).text()).toBe("/new/a");
  });

  test("a throwing afterResponse hook fails the request and frees the slot", async () => {
    using s = serve(() => new Response("x"));
    const client = new HttpClient({
      baseUrl: s.url,
      maxConnectionsPerOrigin: 1,
      hooks: {
        afterResponse: () => {
          throw new Error("rejected by hook");
        },
      },
    });
    await expect(client.get("/")).rejects.toThrow("rejected by hook");
    await expect(client.get("/")).rejects.toThrow("rejected by hook");
    expect(client.metrics()[s.url]!.inFlight).toBe(0);
  });
});
