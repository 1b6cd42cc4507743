import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { crud, database, errorHandler } from "../../src/http/hono/index.ts";
import type { HttpResponse } from "../../src/http/index.ts";
import { people, User, userBody } from "./models.ts";
import { issuePaths, json, serveApp } from "./server.ts";

const DB = "hono_injection";

function makeApp(): Hono {
  const app = new Hono();
  app.use(database({ dbName: DB }));
  app.onError(errorHandler());
  app.route("/users", crud(User, { filter: ["name", "age", "role", "tags"] }));
  return app;
}

const served = serveApp(DB, makeApp, () => User.ensureIndexes());
const client = () => served.client();

/** Seeds the users and returns a snapshot of the collection to compare with afterwards. */
async function seed() {
  await User.insertMany(people);
  const before = await snapshot();
  served.commands.length = 0;
  return before;
}

const snapshot = () => User.collection.find({}, { sort: { _id: 1 } }).toArray();

/** The answer is a refusal with this status, and carries no stored data. */
async function expectRefused(res: HttpResponse, status: number): Promise<any> {
  expect(res.status).toBe(status);
  const text = await res.text();
  expect(text).not.toContain("@example.com");
  const body = JSON.parse(text);
  expect(body.items).toBeUndefined();
  expect(body.error.status).toBe(status);
  return body.error;
}

const postRaw = (path: string, body: string) =>
  client().post(path, { body, headers: { "content-type": "application/json" } });
const patchRaw = (path: string, body: string) =>
  client().patch(path, { body, headers: { "content-type": "application/json" } });

describe("query strings cannot carry operators", () => {
  test("operator names in brackets, at the top level and inside field names are 400s", async () => {
    const before = await seed();
    const attempts = [
      "age[$gt]=0",
      "age[$ne]=",
      "name[$regex]=.*",
      "$where=1",
      "$or[0][age]=1",
      "age[gt][$ne]=1",
      "tags[$elemMatch]=x",
      "email[$exists]=true",
      "password[$exists]=true",
      "__proto__[admin]=1",
      "constructor=1",
      "sort=$natural",
    ];
    for (const attempt of attempts) {
      const error = await expectRefused(await client().get(`/users?${attempt}`), 400);
      expect(error.code).toBe("INVALID_QUERY");
      expect(error.issues.length).toBeGreaterThan(0);
    }
    expect(served.commands).not.toContain("find");
    expect(served.commands).not.toContain("count");
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test("values are literals of the field's type, never operator objects", async () => {
    await seed();
    for (const value of ['{"$ne":null}', "[object Object]", ".*"]) {
      const res = await client().get("/users", { params: { name: value } });
      expect(res.status).toBe(200);
      expect((await json(res)).items).toEqual([]);
    }
    const sent = served.commands.filter((name) => name === "find");
    expect(sent).toHaveLength(3);
    await expectRefused(await client().get("/users", { params: { age: '{"$gt":0}' } }), 400);
  });

  test("an id carrying an operator is a 400", async () => {
    await seed();
    const error = await expectRefused(
      await client().get(`/users/${encodeURIComponent('{"$ne":null}')}`),
      400,
    );
    expect(error.code).toBe("INVALID_ID");
    await expectRefused(await client().delete(`/users/${encodeURIComponent('{"$gt":""}')}`), 400);
    expect(await User.count()).toBe(people.length);
  });
});

describe("JSON bodies cannot carry operators or prototype keys", () => {
  test("operator objects in a create body are refused and nothing is inserted", async () => {
    const before = await seed();
    const bodies = [
      { ...userBody({ email: "new@example.org" }), name: { $ne: null } },
      { ...userBody({ email: "new@example.org" }), age: { $gt: 0 } },
      { ...userBody({ email: "new@example.org" }), tags: [{ $where: "sleep(100)" }] },
      { $set: { role: "admin" } },
    ];
    for (const body of bodies) {
      const error = await expectRefused(await client().post("/users", { json: body }), 400);
      expect(error.code).toBe("FORBIDDEN_KEY");
    }
    expect(served.commands).not.toContain("insert");
    expect(await snapshot()).toEqual(before);
  });

  test("__proto__, constructor and prototype keys are refused at any depth, every one listed", async () => {
    const before = await seed();
    const base = JSON.stringify(userBody({ email: "new@example.org" })).slice(1, -1);
    const bodies = [
      `{${base}, "__proto__": {"role": "admin", "admin": true}}`,
      `{${base}, "address": {"city": "X", "zip": "12345", "__proto__": {"admin": true}}}`,
      `{${base}, "constructor": {"prototype": {"admin": true}}}`,
      `{${base}, "tags": [{"__proto__": {"admin": true}}]}`,
    ];
    for (const body of bodies) {
      const error = await expectRefused(await postRaw("/users", body), 400);
      expect(error.code).toBe("FORBIDDEN_KEY");
    }
    const both = await expectRefused(
      await postRaw("/users", `{${base}, "__proto__": {}, "address": {"$gt": 1}}`),
      400,
    );
    expect(issuePaths(both)).toEqual(["__proto__", "address.$gt"]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(served.commands).not.toContain("insert");
    expect(await snapshot()).toEqual(before);
  });

  test("patch bodies: update operators, operator values and prototype keys change nothing", async () => {
    const before = await seed();
    const id = String(before[0]?._id);
    const attempts = [
      '{"$set": {"role": "admin"}}',
      '{"role": {"$ne": "x"}}',
      '{"age": {"$inc": 100}}',
      '{"__proto__": {"role": "admin"}}',
      '{"tags": {"$each": ["a"]}}',
    ];
    for (const body of attempts) await expectRefused(await patchRaw(`/users/${id}`, body), 400);
    const typed = await expectRefused(await patchRaw(`/users/${id}`, '{"role": "root", "age": "100"}'), 422);
    expect(issuePaths(typed)).toEqual(["age", "role"]);
    expect(served.commands).not.toContain("findAndModify");
    expect(await snapshot()).toEqual(before);
  });

  test("malformed, empty, non-JSON and absurdly deep bodies", async () => {
    const before = await seed();
    const malformed = await expectRefused(await postRaw("/users", '{"name": "Ada",'), 400);
    expect(malformed.code).toBe("MALFORMED_JSON");
    expect((await expectRefused(await postRaw("/users", ""), 400)).code).toBe("MALFORMED_JSON");
    const form = await client().post("/users", { form: { name: "Ada" } });
    expect((await expectRefused(form, 415)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const text = await client().post("/users", { body: JSON.stringify(userBody()) });
    await expectRefused(text, 415);
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    expect((await expectRefused(await postRaw("/users", deep), 400)).code).toBe("TOO_DEEP");
    const array = await expectRefused(await postRaw("/users", "[1, 2]"), 422);
    expect(array.issues).toEqual([{ path: "", message: "Expected an object", in: "body" }]);
    expect(await snapshot()).toEqual(before);
  });
});
