import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  ApiError,
  database,
  errorHandler,
  NotFoundError,
  notFoundHandler,
  validateBody,
  validateQuery,
} from "../../src/http/hono/index.ts";
import { Bson, ConflictError, disconnect, getConnection } from "../../src/index.ts";
import { User, userBody } from "./models.ts";
import { issuePaths, json, serveApp } from "./server.ts";

const DB = "hono_middleware";
const logged: unknown[] = [];

const Search = Type.Object(
  {
    q: Type.String({ minLength: 2 }),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    exact: Type.Optional(Type.Boolean()),
    since: Type.Optional(Bson.Date()),
    tag: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

const Event = Type.Object({ name: Type.String(), at: Bson.Date(), by: Type.Optional(Bson.ObjectId()) });

function makeApp(): Hono {
  const app = new Hono();
  app.onError(errorHandler({ log: (error) => logged.push(error) }));
  app.notFound(notFoundHandler);

  const lazy = new Hono();
  lazy.use(database({ name: "lazy", dbName: "hono_lazy" }));
  lazy.get("/", (c) => {
    const connection = getConnection("lazy");
    return c.json({ uri: connection.uri, embedded: connection.embedded });
  });
  app.route("/lazy", lazy);

  const broken = new Hono();
  broken.use(database({ name: "broken", uri: "mongodb://127.0.0.1:1/x", serverSelectionTimeoutMS: 100 }));
  broken.get("/", (c) => c.text("unreachable"));
  app.route("/broken", broken);

  app.get("/throw/validation", () => {
    User.validate({ name: "", age: -1 });
    return new Response("unreachable");
  });
  app.get("/throw/duplicate", async (c) => {
    await User.insert(userBody());
    await User.insert(userBody());
    return c.text("unreachable");
  });
  app.get("/throw/not-found", () => {
    throw new NotFoundError("no such order");
  });
  app.get("/throw/conflict", () => {
    throw new ConflictError("users: the document changed since it was loaded");
  });
  app.get("/throw/query", async (c) => c.json(await User.find({ nope: 1 } as never)));
  app.get("/throw/http", () => {
    throw new HTTPException(401, { message: "token expired" });
  });
  app.get("/throw/http-response", () => {
    throw new HTTPException(418, { res: new Response("short and stout", { status: 418 }) });
  });
  app.get("/throw/api", () => {
    throw new ApiError(403, "INACTIVE", "this account is disabled");
  });
  app.get("/throw/bug", () => {
    throw new Error("secret: password=hunter2");
  });

  app.post("/users", validateBody(User), async (c) => {
    const input = c.req.valid("json");
    return c.json({
      managerIsObjectId: input.manager?._bsontype === "ObjectId",
      birthdayIsDate: input.birthday instanceof Date,
      hasDefaults: "createdAt" in input,
    });
  });
  app.patch("/users", validateBody(User, { partial: true }), (c) => c.json(c.req.valid("json")));
  app.post("/events", validateBody(Event), (c) => {
    const event = c.req.valid("json");
    return c.json({ year: event.at.getUTCFullYear(), by: event.by?.toHexString() ?? null });
  });
  app.get("/search", validateQuery(Search), (c) => {
    const query = c.req.valid("query");
    return c.json({ ...query, since: query.since?.toISOString() });
  });
  return app;
}

const served = serveApp(DB, makeApp, () => User.ensureIndexes());
const client = () => served.client();

describe("database()", () => {
  test("connects once, on the first requests, even when they arrive together", async () => {
    expect(() => getConnection("lazy")).toThrow(/no connection named "lazy"/);
    const answers = await Promise.all(Array.from({ length: 8 }, () => client().get("/lazy")));
    const bodies = await Promise.all(answers.map((res) => json(res)));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    expect(new Set(bodies.map((body) => body.uri)).size).toBe(1);
    expect(bodies[0].embedded).toBe(true);
    const connection = getConnection("lazy");
    expect((await client().get("/lazy")).status).toBe(200);
    expect(getConnection("lazy")).toBe(connection);
    await disconnect("lazy");
  });

  test("a database that cannot be reached is a 503 that does not name it, retried on the next request", async () => {
    logged.length = 0;
    for (let i = 0; i < 2; i++) {
      const res = await client().get("/broken");
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe("DATABASE_UNAVAILABLE");
      expect(text).not.toContain("127.0.0.1:1");
    }
    expect(logged).toHaveLength(2);
    expect(() => getConnection("broken")).toThrow();
  });
});

describe("errorHandler()", () => {
  test("ValidationError: 422 listing every failing path", async () => {
    const res = await client().get("/throw/validation");
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe("VALIDATION");
    const paths = new Set(issuePaths(error));
    expect([...paths].sort()).toEqual(["_id", "active", "age", "createdAt", "email", "name", "role", "tags"]);
    for (const issue of error.issues) expect(Object.keys(issue).sort()).toEqual(["message", "path"]);
  });

  test("DuplicateKeyError and ConflictError: 409; NotFoundError: 404; QueryError: 400", async () => {
    const dup = await client().get("/throw/duplicate");
    expect(dup.status).toBe(409);
    expect((await json(dup)).error).toEqual({
      status: 409,
      code: "DUPLICATE_KEY",
      message: "a document with the same email already exists",
      issues: [{ path: "email", message: "must be unique" }],
    });
    const conflict = await client().get("/throw/conflict");
    expect(conflict.status).toBe(409);
    expect((await json(conflict)).error.code).toBe("CONFLICT");
    const missing = await client().get("/throw/not-found");
    expect(await json(missing)).toEqual({
      error: { status: 404, code: "NOT_FOUND", message: "no such order" },
    });
    const query = await client().get("/throw/query");
    expect(query.status).toBe(400);
    expect((await json(query)).error).toMatchObject({ code: "UNKNOWN_FIELD", issues: [{ path: "nope" }] });
  });

  test("HTTPException keeps its status (and its own response), ApiError its code", async () => {
    const http = await client().get("/throw/http");
    expect(http.status).toBe(401);
    expect((await json(http)).error).toEqual({ status: 401, code: "UNAUTHORIZED", message: "token expired" });
    const custom = await client().get("/throw/http-response");
    expect(custom.status).toBe(418);
    expect(await custom.text()).toBe("short and stout");
    const api = await client().get("/throw/api");
    expect((await json(api)).error).toEqual({
      status: 403,
      code: "INACTIVE",
      message: "this account is disabled",
    });
  });

  test("anything else: 500 without message or stack, logged on the server", async () => {
    logged.length = 0;
    const res = await client().get("/throw/bug");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { status: 500, code: "INTERNAL", message: "internal server error" },
    });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("middleware.test");
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toContain("hunter2");
  });

  test("unknown routes: JSON 404", async () => {
    const res = await client().get("/nowhere");
    expect(res.status).toBe(404);
    expect((await json(res)).error).toEqual({
      status: 404,
      code: "NOT_FOUND",
      message: "no route for GET /nowhere",
    });
  });
});

describe("validateBody()", () => {
  test("a model body: decoded to BSON values, checked with defaults, defaults left to insert", async () => {
    const res = await client().post("/users", {
      json: userBody({ manager: "65f0c0ffee00000000000001", birthday: "1815-12-10T00:00:00Z" }),
    });
    expect(await json(res)).toEqual({ managerIsObjectId: true, birthdayIsDate: true, hasDefaults: false });
    const bad = await client().post("/users", { json: { email: "x", manager: "nope" } });
    expect(bad.status).toBe(422);
    const { error } = await json(bad);
    expect(error.message).toBe("invalid request body: 4 invalid value(s)");
    expect(issuePaths(error)).toEqual(["age", "email", "manager", "name"]);
    expect(await User.count()).toBe(0);
  });

  test("a partial model body: { set, unset }", async () => {
    const res = await client().patch("/users", { json: { age: 40, nickname: null } });
    expect(await json(res)).toEqual({ set: { age: 40 }, unset: ["nickname"] });
    const bad = await client().patch("/users", { json: { age: "40", name: null, createdAt: "later" } });
    expect(bad.status).toBe(422);
    const paths = issuePaths((await json(bad)).error);
    expect(paths).toEqual(["age", "createdAt", "name"]);
  });

  test("a TypeBox schema body", async () => {
    const res = await client().post("/events", { json: { name: "launch", at: "2024-05-01T10:00:00Z" } });
    expect(await json(res)).toEqual({ year: 2024, by: null });
    const bad = await client().post("/events", { json: { at: "May 1st", by: 7 } });
    expect(bad.status).toBe(422);
    const paths = issuePaths((await json(bad)).error);
    expect(paths).toEqual(["at", "by", "name"]);
  });
});

describe("validateQuery()", () => {
  test("parses each parameter by its property type", async () => {
    const res = await client().get("/search?q=mongo&page=2&exact=true&since=2024-01-01&tag=a&tag=b");
    expect(await json(res)).toEqual({
      q: "mongo",
      page: 2,
      exact: true,
      since: "2024-01-01T00:00:00.000Z",
      tag: ["a", "b"],
    });
  });

  test("every problem in one 422; operator and prototype names are a 400", async () => {
    const res = await client().get("/search?q=m&page=0&exact=yes&since=soon&other=1&page=3");
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(issuePaths(error)).toEqual(["exact", "other", "page", "q", "since"]);
    const missing = await json(await client().get("/search"));
    expect(missing.error.issues).toEqual([{ path: "q", message: "Expected required property", in: "query" }]);
    for (const name of ["$where", "__proto__", "q[$ne]"]) {
      const refused = await client().get(`/search?q=ok&${encodeURIComponent(name)}=1`);
      expect(refused.status).toBe(name === "q[$ne]" ? 422 : 400);
    }
  });
});
