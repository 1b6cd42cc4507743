import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { crud, database, errorHandler, notFoundHandler } from "../../src/http/hono/index.ts";
import { people, Product, User, userBody } from "./models.ts";
import { issuePaths, json, serveApp } from "./server.ts";

const DB = "hono_crud";

function makeApp(): Hono {
  const app = new Hono();
  app.use(database({ dbName: DB }));
  app.onError(errorHandler());
  app.notFound(notFoundHandler);
  app.route(
    "/users",
    crud(User, {
      filter: ["_id", "name", "age", "active", "role", "tags", "birthday", "manager", "address.city"],
      sort: ["name", "age", "createdAt"],
      maxLimit: 3,
      defaultLimit: 2,
      transform: (user) => {
        const { password: _, ...rest } = user.toJSON();
        return { ...rest, isAdult: user.isAdult };
      },
    }),
  );
  app.route("/readonly", crud(User, { routes: ["list", "get"], total: false }));
  app.route("/products", crud(Product));
  return app;
}

const served = serveApp(DB, makeApp, () => User.ensureIndexes());
const client = () => served.client();

async function seed(): Promise<string[]> {
  const docs = await User.insertMany(people);
  return docs.map((doc) => doc._id.toHexString());
}

describe("create", () => {
  test("inserts, answers 201 with the document and its Location", async () => {
    const res = await client().post("/users", {
      json: userBody({ birthday: "1815-12-10", password: "secret" }),
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      name: "Ada",
      age: 36,
      active: true,
      role: "member",
      tags: [],
      isAdult: true,
    });
    expect(body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.password).toBeUndefined();
    expect(body.birthday).toBe("1815-12-10T00:00:00.000Z");
    expect(res.headers.get("location")).toBe(`/users/${body._id}`);
    const stored = await User.get(body._id);
    expect(stored?.birthday).toBeInstanceOf(Date);
    expect(stored?.password).toBe("secret");
  });

  test("JSON forms of BSON values become BSON values", async () => {
    const manager = "65f0c0ffee00000000000001";
    const res = await client().post("/users", { json: userBody({ manager }) });
    expect(res.status).toBe(201);
    const stored = await User.findOne(User.f.email.eq("ada@example.com"));
    expect(stored?.manager?.toHexString()).toBe(manager);
  });

  test("an invalid body answers 422 listing every failing field, and nothing is written", async () => {
    const res = await client().post("/users", {
      json: { name: "", email: "nope", age: -1, role: "root", address: { city: "", zip: "1" }, extra: 1 },
    });
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe("VALIDATION");
    expect(error.status).toBe(422);
    const paths = issuePaths(error);
    expect(paths).toEqual(
      expect.arrayContaining(["name", "email", "age", "role", "address.city", "address.zip"]),
    );
    expect(
      error.issues.some((issue: { message: string }) => /extra|additional|Unexpected/i.test(issue.message)),
    ).toBe(true);
    for (const issue of error.issues) expect(issue.in).toBe("body");
    expect(await User.count()).toBe(0);
  });

  test("a missing required field and a bad BSON form are both listed", async () => {
    const res = await client().post("/users", { json: { name: "Ada", age: 3, birthday: "yesterday" } });
    expect(res.status).toBe(422);
    const { error } = await json(res);
    const byPath = Object.fromEntries(
      error.issues.map((i: { path: string; message: string }) => [i.path, i.message]),
    );
    expect(byPath.birthday).toMatch(/ISO 8601/);
    expect(byPath.email).toBeDefined();
    expect(Object.keys(byPath)).toHaveLength(2);
  });

  test("a duplicate unique key answers 409 naming the field", async () => {
    expect((await client().post("/users", { json: userBody() })).status).toBe(201);
    const res = await client().post("/users", { json: userBody({ name: "Other" }) });
    expect(res.status).toBe(409);
    const { error } = await json(res);
    expect(error).toMatchObject({ status: 409, code: "DUPLICATE_KEY", issues: [{ path: "email" }] });
    expect(await User.count()).toBe(1);
  });

  test("string ids, decimals and 64-bit integers", async () => {
    const res = await client().post("/products", {
      json: { _id: "blue-mug", title: "Blue mug", price: "12.50", sold: "9007199254740993" },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({
      _id: "blue-mug",
      title: "Blue mug",
      price: "12.50",
      sold: "9007199254740993",
    });
    expect(res.headers.get("location")).toBe("/products/blue-mug");
    const got = await client().get("/products/blue-mug");
    expect(await json(got)).toMatchObject({ price: "12.50", sold: "9007199254740993" });
    const bad = await client().post("/products", { json: { _id: "Bad Id", title: "x", price: "twelve" } });
    expect(bad.status).toBe(422);
    const paths = issuePaths((await json(bad)).error);
    expect(paths).toEqual(["_id", "price"]);
  });
});

describe("get", () => {
  test("returns the document by id", async () => {
    const [ada] = await seed();
    const res = await client().get(`/users/${ada}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ _id: ada, name: "Ada", address: { city: "London" } });
  });

  test("404 for an unknown id, 400 for an id that is not an ObjectId", async () => {
    await seed();
    const missing = await client().get("/users/65f0c0ffee00000000000001");
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe("NOT_FOUND");
    const bad = await client().get("/users/not-an-id");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({
      code: "INVALID_ID",
      issues: [{ path: "id", in: "param" }],
    });
    expect((await client().get("/products/nope")).status).toBe(404);
  });
});

describe("list", () => {
  test("pages with limit and offset, counts the total, sorts by _id by default", async () => {
    const ids = await seed();
    const first = await json(await client().get("/users"));
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.items.map((u: { _id: string }) => u._id)).toEqual(ids.slice(0, 2));
    const last = await json(await client().get("/users", { params: { limit: 3, offset: 3 } }));
    expect(last.items.map((u: { _id: string }) => u._id)).toEqual(ids.slice(3));
    expect(last.items[0].isAdult).toBe(true);
  });

  test("limit above the maximum, zero or negative is a 400", async () => {
    for (const limit of ["4", "0", "-1", "two"]) {
      const res = await client().get("/users", { params: { limit } });
      expect(res.status).toBe(400);
      expect((await json(res)).error.issues[0]).toMatchObject({ path: "limit", in: "query" });
    }
    expect((await client().get("/users", { params: { offset: "-5" } })).status).toBe(400);
  });

  test("sort=-age,name", async () => {
    await seed();
    const res = await client().get("/users", { params: { sort: "-age,name", limit: 3 } });
    expect((await json(res)).items.map((u: { name: string }) => u.name)).toEqual(["Grace", "Ada", "Barbara"]);
    const asc = await client().get("/users", { params: { sort: "age,-name", limit: 3 } });
    expect((await json(asc)).items.map((u: { name: string }) => u.name)).toEqual(["Linus", "Ken", "Barbara"]);
  });

  test("sorting by a field that is not sortable is a 400", async () => {
    for (const sort of ["email", "$natural", "age,age", "-"]) {
      const res = await client().get("/users", { params: { sort } });
      expect(res.status).toBe(400);
    }
  });

  test("filters are parsed by the field's schema type", async () => {
    const ids = await seed();
    const names = async (params: Record<string, string>) =>
      (await json(await client().get("/users", { params: { ...params, limit: 3, sort: "name" } }))).items.map(
        (u: { name: string }) => u.name,
      );
    expect(await names({ age: "28" })).toEqual(["Barbara", "Ken"]);
    expect(await names({ "age[gte]": "30" })).toEqual(["Ada", "Grace"]);
    expect(await names({ "age[gt]": "17", "age[lt]": "30" })).toEqual(["Barbara", "Ken"]);
    expect(await names({ active: "false" })).toEqual(["Linus"]);
    expect(await names({ role: "admin" })).toEqual(["Grace"]);
    expect(await names({ tags: "math" })).toEqual(["Ada", "Grace"]);
    expect(await names({ "tags[in]": "unix,navy" })).toEqual(["Grace", "Ken"]);
    expect(await names({ "name[nin]": "Ada,Grace,Ken" })).toEqual(["Barbara", "Linus"]);
    expect(await names({ "address.city": "Boston" })).toEqual(["Barbara"]);
    expect(await names({ "birthday[exists]": "true" })).toEqual([]);
    expect(await names({ "address.city[exists]": "false" })).toEqual(["Grace", "Ken", "Linus"]);
    expect(await names({ _id: ids[1]! })).toEqual(["Grace"]);
    expect(await names({ name: "28" })).toEqual([]);
    const page = await json(await client().get("/users", { params: { "age[gte]": "18" } }));
    expect(page.total).toBe(4);
  });

  test("repeated values for in, and repeated single-valued parameters", async () => {
    await seed();
    const url = "/users?name[in]=Ada&name[in]=Ken&sort=name";
    expect((await json(await client().get(url))).items.map((u: { name: string }) => u.name)).toEqual([
      "Ada",
      "Ken",
    ]);
    const twice = await client().get("/users?age=1&age=2");
    expect(twice.status).toBe(400);
    expect((await json(twice)).error.issues[0].message).toMatch(/more than once/);
  });

  test("values of the wrong type, unknown operators and fields: 400 listing every problem", async () => {
    await seed();
    const res = await client().get(
      "/users?age=abc&active=yes&birthday[gt]=soon&manager=123&age[near]=1&email=x&role=root",
    );
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe("INVALID_QUERY");
    expect(issuePaths(error)).toEqual(
      ["active", "age", "age[near]", "birthday[gt]", "email", "manager", "role"].sort(),
    );
    expect(served.commands).not.toContain("find");
  });

  test("dates filter by ISO strings", async () => {
    await User.insert({ ...people[0]!, birthday: new Date("1815-12-10T00:00:00Z") });
    await User.insert({ ...people[1]!, birthday: new Date("1906-12-09T00:00:00Z") });
    const res = await client().get("/users", { params: { "birthday[lt]": "1900-01-01" } });
    expect((await json(res)).items.map((u: { name: string }) => u.name)).toEqual(["Ada"]);
  });

  test("without total, and list/get only", async () => {
    await seed();
    const page = await json(await client().get("/readonly"));
    expect(page.total).toBeUndefined();
    expect(page.items).toHaveLength(5);
    expect(page.items[0].password).toBeUndefined();
    expect((await client().post("/readonly", { json: userBody({ email: "x@example.com" }) })).status).toBe(
      404,
    );
    expect(await User.count()).toBe(5);
  });
});

describe("patch", () => {
  test("writes only the given fields", async () => {
    const [ada] = await seed();
    const res = await client().patch(`/users/${ada}`, { json: { age: 37, nickname: "Countess" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: "Ada", age: 37, nickname: "Countess", tags: ["math"] });
    const update = served.commands.filter((name) => name === "findAndModify");
    expect(update).toHaveLength(1);
    const stored = await User.get(ada!);
    expect(stored?.toJSON()).toMatchObject({ age: 37, nickname: "Countess", email: "ada@example.com" });
  });

  test("null removes an optional field; on a required field it is a validation error", async () => {
    const [ada] = await seed();
    const res = await client().patch(`/users/${ada}`, { json: { address: null } });
    expect(res.status).toBe(200);
    expect((await json(res)).address).toBeUndefined();
    const bad = await client().patch(`/users/${ada}`, { json: { name: null } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.issues[0].path).toBe("name");
  });

  test("every invalid field is listed and nothing is written", async () => {
    const [ada] = await seed();
    const res = await client().patch(`/users/${ada}`, {
      json: {
        age: -3,
        email: "no",
        _id: "65f0c0ffee00000000000001",
        unknown: 1,
        address: { city: "X" },
        manager: "x",
      },
    });
    expect(res.status).toBe(422);
    const paths = issuePaths((await json(res)).error);
    expect([...new Set(paths)]).toEqual(["_id", "address.zip", "age", "email", "manager", "unknown"]);
    expect((await User.get(ada!))?.age).toBe(36);
    expect(served.commands).not.toContain("findAndModify");
  });

  test("an empty patch is a 422, an unknown id a 404, a duplicate a 409", async () => {
    const [ada, grace] = await seed();
    expect((await client().patch(`/users/${ada}`, { json: {} })).status).toBe(422);
    expect((await client().patch("/users/65f0c0ffee00000000000001", { json: { age: 1 } })).status).toBe(404);
    const dup = await client().patch(`/users/${grace}`, { json: { email: "ada@example.com" } });
    expect(dup.status).toBe(409);
    expect((await User.get(grace!))?.email).toBe("grace@example.com");
  });
});

describe("delete", () => {
  test("answers 204, then 404", async () => {
    const [ada] = await seed();
    const res = await client().delete(`/users/${ada}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await User.get(ada!)).toBeNull();
    expect(await User.count()).toBe(4);
    expect((await client().delete(`/users/${ada}`)).status).toBe(404);
    expect((await client().get(`/users/${ada}`)).status).toBe(404);
  });
});
