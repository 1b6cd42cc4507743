import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { ApiError, crud, database } from "../../src/http/hono/index.ts";
import { Default, Document, Link, Type } from "../../src/index.ts";
import { json, serveApp } from "./server.ts";

const DB = "hono_options";

class Note extends Document(
  "notes",
  {
    _id: Type.String({ pattern: "^[a-z0-9-]+$" }),
    owner: Type.String(),
    text: Type.String({ minLength: 1 }),
    pinned: Default(Type.Boolean(), false),
    secret: Type.Optional(Type.String()),
  },
  { revision: true },
) {
  get preview(): string {
    return this.text.slice(0, 5);
  }
}

/** A non-strict model: undeclared fields are stored too. */
class Loose extends Document("loose", { name: Type.String() }, { strict: false }) {}

class Author extends Document("authors", { name: Type.String() }) {}
class Book extends Document("books", { title: Type.String(), author: Link(() => Author) }) {}

/** Every request acts as the user named in the `x-user` header. */
function makeApp() {
  const app = new Hono<{ Variables: { user: string } }>();
  app.use(database({ dbName: DB }));
  app.use(async (c, next) => {
    c.set("user", c.req.header("x-user") ?? "anonymous");
    await next();
  });
  app.route(
    "/notes",
    crud(Note, {
      id: (raw) => raw.toLowerCase(),
      transform: async (note) => {
        await Promise.resolve();
        return { id: note._id, text: note.text, preview: note.preview, rev: note._rev };
      },
      hooks: {
        beforeList: (query, c) => {
          query.filter.owner = { $eq: c.get("user") };
        },
        beforeAccess: async (id, c) => {
          const note = await Note.get(String(id));
          if (note && note.owner !== c.get("user")) throw new ApiError(403, "FORBIDDEN", "not your note");
        },
        beforeCreate: (input, c) => {
          input.owner = c.get("user");
        },
        beforePatch: (patch) => {
          delete patch.set.pinned;
        },
      },
    }),
  );
  app.route("/loose", crud(Loose));
  app.route("/books", crud(Book));
  return app;
}

const served = serveApp(DB, makeApp);
const as = (user: string) => ({ headers: { "x-user": user } });

async function seed(): Promise<void> {
  await Note.insertMany([
    { _id: "ada-1", owner: "ada", text: "engines of analysis" },
    { _id: "ada-2", owner: "ada", text: "bernoulli numbers", secret: "s" },
    { _id: "alan-1", owner: "alan", text: "computable numbers" },
  ]);
}

describe("crud() options", () => {
  test("beforeList scopes the list; transform shapes every item (async)", async () => {
    await seed();
    const page = await json(await served.client().get("/notes", as("ada")));
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      { id: "ada-1", text: "engines of analysis", preview: "engin", rev: 0 },
      { id: "ada-2", text: "bernoulli numbers", preview: "berno", rev: 0 },
    ]);
  });

  test("a custom id parser; beforeAccess refuses other owners' documents", async () => {
    await seed();
    const own = await served.client().get("/notes/ADA-1", as("ada"));
    expect(own.status).toBe(200);
    expect((await json(own)).id).toBe("ada-1");
    const other = await served.client().delete("/notes/alan-1", as("ada"));
    expect(other.status).toBe(403);
    expect((await json(other)).error.code).toBe("FORBIDDEN");
    expect(await Note.count()).toBe(3);
  });

  test("beforeCreate fills the owner; a string id that breaks its pattern is a 422", async () => {
    const res = await served
      .client()
      .post("/notes", { ...as("grace"), json: { _id: "cobol", text: "flow-matic" } });
    expect(res.status).toBe(201);
    expect((await Note.get("cobol"))?.owner).toBe("grace");
    const bad = await served.client().post("/notes", { ...as("grace"), json: { _id: "Bad Id", text: "" } });
    expect(bad.status).toBe(422);
  });

  test("beforePatch can drop fields; patches increment the revision", async () => {
    await seed();
    const res = await served.client().patch("/notes/ada-2", {
      ...as("ada"),
      json: { text: "notes on the engine", pinned: true, secret: null },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ text: "notes on the engine", rev: 1 });
    const stored = await Note.get("ada-2");
    expect(stored?.pinned).toBe(false);
    expect(stored?.secret).toBeUndefined();
    const rev = await served.client().patch("/notes/ada-2", { ...as("ada"), json: { _rev: 7 } });
    expect(rev.status).toBe(422);
    expect((await json(rev)).error.issues).toEqual([
      { path: "_rev", message: "Cannot be changed", in: "body" },
    ]);
  });

  test("an invalid router definition fails when it is built", () => {
    expect(() => crud(Note, { filter: ["nope" as never] })).toThrow(/no such field/);
    expect(() => crud(Note, { maxLimit: 0 })).toThrow(/maxLimit/);
    expect(() => crud(Note, { defaultLimit: 50, maxLimit: 10 })).toThrow(/above maxLimit/);
  });

  test("non-strict models take undeclared fields, but never dotted paths", async () => {
    const created = await served.client().post("/loose", { json: { name: "x", meta: { plan: "free" } } });
    expect(created.status).toBe(201);
    const { _id } = await json(created);
    const patched = await served.client().patch(`/loose/${_id}`, { json: { extra: 1 } });
    expect(await json(patched)).toMatchObject({ name: "x", extra: 1, meta: { plan: "free" } });
    const dotted = await served.client().patch(`/loose/${_id}`, { json: { "meta.plan": "pro" } });
    expect(dotted.status).toBe(422);
    expect((await Loose.collection.findOne({}))?.meta).toEqual({ plan: "free" });
  });

  test("links are written and filtered as their target's _id", async () => {
    const author = await Author.insert({ name: "Le Guin" });
    const id = author._id.toHexString();
    const created = await served.client().post("/books", { json: { title: "Earthsea", author: id } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ author: id });
    expect((await Book.findOne())?.author).toEqual(author._id);
    const page = await json(await served.client().get("/books", { params: { author: id } }));
    expect(page.items.map((book: { title: string }) => book.title)).toEqual(["Earthsea"]);
    const bad = await served.client().get("/books", { params: { author: "le-guin" } });
    expect((await json(bad)).error.issues[0].message).toMatch(/ObjectId/);
    const invalid = await served.client().post("/books", { json: { title: "x", author: "le-guin" } });
    expect(invalid.status).toBe(422);
  });
});
