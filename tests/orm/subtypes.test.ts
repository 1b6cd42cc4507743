import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import {
  Bson,
  Document,
  DocumentBase,
  Link,
  QueryError,
  SchemaError,
  subtype,
  Type,
  ValidationError,
} from "../../src/index.ts";
import { sent, useDatabase } from "./db.ts";

const { connection, commands } = useDatabase("orm_subtypes");

const saved: string[] = [];

class Event extends Document(
  "events",
  { at: Bson.Date(), user: Type.String({ minLength: 1 }) },
  { discriminatorKey: "kind", indexes: [{ key: { user: 1, at: -1 } }] },
) {
  get label(): string {
    return `${this.kind ?? "event"} by ${this.user}`;
  }
  beforeSave() {
    saved.push(`${this.kind ?? "event"}:${this.user}`);
  }
}

@subtype
class Click extends Event.extend(
  "click",
  { x: Type.Number({ minimum: 0 }), y: Type.Number({ minimum: 0 }) },
  { indexes: [{ key: { x: 1, y: 1 } }] },
) {
  get position(): string {
    return `${this.x},${this.y}`;
  }
}

@subtype
class DoubleClick extends Click.extend("double-click", { interval: Type.Integer({ minimum: 1 }) }) {}

@subtype
class View extends Event.extend("view", { page: Type.String() }) {}

const at = new Date("2026-01-01T00:00:00Z");

async function seed() {
  const click = await Click.insert({ at, user: "ada", x: 1, y: 2 });
  const double = await DoubleClick.insert({ at, user: "bob", x: 3, y: 4, interval: 200 });
  const view = await View.insert({ at, user: "cy", page: "/home" });
  const plain = await Event.insert({ at, user: "dee" });
  return { click, double, view, plain };
}

describe("subtypes (discriminators)", () => {
  test("inserts store the discriminator value with the base's and the subtype's fields", async () => {
    const { click, double, plain } = await seed();
    expect(click.kind).toBe("click");
    expect(double.kind).toBe("double-click");
    const raw = await connection().db.collection("events").findOne({ _id: click._id });
    expect(raw).toEqual({ _id: click._id, at, user: "ada", kind: "click", x: 1, y: 2 });
    const base = await connection().db.collection("events").findOne({ _id: plain._id });
    expect(base).toEqual({ _id: plain._id, at, user: "dee" });
  });

  test("queries on the base return instances of the right subtype", async () => {
    await seed();
    const all = await Event.find().sort({ user: 1 });
    expect(all.map((e) => e.constructor)).toEqual([Click, DoubleClick, View, Event]);
    expect(all[1]).toBeInstanceOf(Click);
    expect(all.map((e) => e.label)).toEqual([
      "click by ada",
      "double-click by bob",
      "view by cy",
      "event by dee",
    ]);
    const first = all[0];
    if (!(first instanceof Click)) throw new Error("expected a Click");
    expect(first.position).toBe("1,2");
    expect(await Event.findOne(Event.f.user.eq("cy"))).toBeInstanceOf(View);
    expect(await Event.find(Event.f.kind.eq("double-click")).first()).toBeInstanceOf(DoubleClick);
    const updated = await Event.findOneAndUpdate(Event.f.user.eq("ada"), { $set: { user: "ada2" } });
    expect(updated).toBeInstanceOf(Click);
    for await (const event of Event.find(Event.f.user.eq("bob"))) expect(event).toBeInstanceOf(DoubleClick);
  });

  test("queries on a subtype match its documents and its subtypes' only", async () => {
    const { click } = await seed();
    commands.length = 0;
    expect((await Click.find().sort({ user: 1 })).map((c) => c.constructor)).toEqual([Click, DoubleClick]);
    expect(sent(commands, "find")[0]?.filter).toEqual({ kind: { $in: ["click", "double-click"] } });
    expect(await View.count()).toBe(1);
    expect(await DoubleClick.count()).toBe(1);
    expect(await Event.count()).toBe(4);
    expect(await View.find(View.f.user.eq("ada")).exists()).toBe(false);
    expect(await Click.find().distinct("user")).toEqual(["ada", "bob"]);
    expect(await View.findOne(View.f.user.eq("ada"))).toBeNull();
    expect(await View.get(click._id)).toBeNull();
    expect(await Click.get(click._id)).toBeInstanceOf(Click);
    const grouped = await Click.aggregate().group({ _id: null, n: { $sum: 1 } });
    expect(grouped).toEqual([{ _id: null, n: 2 }]);
  });

  test("a filter naming the key is combined with the subtype's value, not replaced", async () => {
    await seed();
    expect(await DoubleClick.find({ kind: "double-click" }).count()).toBe(1);
    expect(await Click.find(Click.f.user.eq("cy")).count()).toBe(0);
    commands.length = 0;
    await Click.find({ kind: { $in: ["click"] } }).toList();
    expect(sent(commands, "find")[0]?.filter).toEqual({
      $and: [{ kind: { $in: ["click"] } }, { kind: { $in: ["click", "double-click"] } }],
    });
  });

  test("writes by filter on a subtype leave other documents alone", async () => {
    await seed();
    await Click.updateMany({}, { $set: { user: "clicker" } });
    expect((await Event.find().lean()).map((e) => e.user).sort()).toEqual([
      "clicker",
      "clicker",
      "cy",
      "dee",
    ]);
    expect(await View.deleteMany({})).toBe(1);
    expect(await View.find(View.f.user.eq("dee")).delete()).toBe(0);
    expect(await Event.count()).toBe(3);
    expect(await DoubleClick.findOneAndDelete({})).toBeInstanceOf(DoubleClick);
    await Click.bulkWrite([{ deleteMany: { filter: {} } }]);
    expect((await Event.find()).map((e) => e.user)).toEqual(["dee"]);
  });

  test("upserts on a subtype store its value", async () => {
    await View.updateOne(View.f.user.eq("zed"), { $set: { page: "/x", at } }, { upsert: true });
    const raw = await connection().db.collection("events").findOne({ user: "zed" });
    expect(raw?.kind).toBe("view");
    expect(await Event.findOne({ user: "zed" })).toBeInstanceOf(View);
  });

  test("validation uses the subtype's full schema", async () => {
    const missing = Click.insert({ at, user: "ada", x: 1 } as never);
    await expect(missing).rejects.toBeInstanceOf(ValidationError);
    await expect(Click.insert({ at, user: "", x: 1, y: 1 })).rejects.toThrow("user");
    await expect(Click.insert({ at, user: "a", x: 1, y: 1, kind: "view" } as never)).rejects.toThrow("kind");
    await expect(DoubleClick.insert({ at, user: "a", x: -1, y: 1, interval: 5 })).rejects.toThrow("x");
    await expect(
      Click.updateOne({}, { $set: { kind: "view" } } as never, { upsert: true }),
    ).rejects.toBeInstanceOf(ValidationError);
    const data = { _id: new ObjectId(), at, user: "ada", kind: "click", x: 1 };
    expect(Event.check(data)).toBe(false);
    const complete = { ...data, y: 2 };
    expect(Event.check(complete)).toBe(true);
    expect(() => Event.validate(data)).toThrow("y");
    expect(Event.hydrate(complete, { validate: true })).toBeInstanceOf(Click);
    // a base document without a subtype's fields is a valid base document
    expect(Event.check({ _id: new ObjectId(), at, user: "ada" })).toBe(true);
  });

  test("documents loaded through the base save with the subtype's schema and hooks", async () => {
    await seed();
    saved.length = 0;
    const loaded = await Event.findOne(Event.f.user.eq("ada"));
    if (!(loaded instanceof Click)) throw new Error("expected a Click");
    loaded.x = 10;
    expect(loaded.changes()).toEqual({ $set: { x: 10 } });
    await loaded.save();
    expect(saved).toEqual(["click:ada"]);
    loaded.y = -1;
    await expect(loaded.save()).rejects.toBeInstanceOf(ValidationError);
    expect((await Click.findOne({ user: "ada" }))?.x).toBe(10);
  });

  test("the base's and the subtypes' indexes all apply to the collection", async () => {
    Event.extend("hover", { ms: Type.Number() }, { indexes: [{ key: { ms: 1 } }] });
    const created = await View.syncIndexes();
    expect(created.created.sort()).toEqual(["ms_1", "user_1_at_-1", "x_1_y_1"]);
    expect(await Event.syncIndexes()).toEqual({ created: [], dropped: [], stale: [] });
    expect(await Click.ensureIndexes()).toEqual(["user_1_at_-1", "x_1_y_1", "ms_1"]);
    const names = (await connection().db.collection("events").listIndexes().toArray()).map((i) => i.name);
    expect(names.sort()).toEqual(["_id_", "ms_1", "user_1_at_-1", "x_1_y_1"]);
  });

  test("links to a subtype load only its documents", async () => {
    const { click, view } = await seed();
    class Note extends Document("subtype_notes", { on: Link(() => Click) }) {}
    await Note.insertMany([{ on: click._id }, { on: view._id as never }]);
    const notes = await Note.find().with("on");
    expect(notes.map((n) => n.on?.position ?? null).sort()).toEqual(["1,2", null]);
  });

  test("without discriminatorKey the key is _type and is not a field of the base", async () => {
    class Shape extends Document("shapes", { name: Type.String() }) {}
    @subtype
    class Circle extends Shape.extend("circle", { r: Type.Number() }) {}
    const circle = await Circle.insert({ name: "c", r: 2 });
    expect(circle._type).toBe("circle");
    await Shape.insert({ name: "s" });
    expect((await Shape.find().sort({ name: 1 })).map((s) => s.constructor)).toEqual([Circle, Shape]);
    expect(() => Shape.find({ _type: "circle" } as never)).toThrow(QueryError);
    expect(await Circle.find({ _type: "circle" }).count()).toBe(1);
  });

  test("a subtype used without @subtype is refused with a message saying what to do", async () => {
    class Base extends Document("unregistered", { name: Type.String() }) {}
    class Forgot extends Base.extend("forgot", { n: Type.Number() }) {}
    expect(() => Forgot.find()).toThrow(SchemaError);
    expect(() => new Forgot({ name: "x", n: 1 })).toThrow("@subtype class Forgot");
    // the class extend() made can be used as it is
    const Direct = Base.extend("direct", { d: Type.Number() });
    expect((await Direct.insert({ name: "x", d: 1 }))._type).toBe("direct");
    expect(await Base.findOne()).toBeInstanceOf(Direct);
  });

  test("bad definitions raise SchemaError", () => {
    class Base extends Document("bad_subtypes", { name: Type.String() }, { discriminatorKey: "kind" }) {}
    Base.extend("a", { n: Type.Number() });
    expect(() => Base.extend("a", { m: Type.Number() })).toThrow('value "a" is already used');
    expect(() => Base.extend("b", { name: Type.Number() })).toThrow('field "name" is already a field');
    expect(() => Base.extend("c", { kind: Type.String() })).toThrow('field "kind"');
    expect(() => Base.extend("", {})).toThrow("non-empty");
    expect(() => Document("bad_key", { kind: Type.String() }, { discriminatorKey: "kind" })).toThrow(
      SchemaError,
    );
    expect(() => Document("bad_key", { n: Type.Number() }, { discriminatorKey: "save" })).toThrow(
      SchemaError,
    );
    class Typed extends Document("bad_default", { _type: Type.String() }) {}
    expect(() => Typed.extend("x", {})).toThrow("discriminatorKey");
    expect(() => subtype(Base as never)).toThrow("must directly extend");
    expect(Object.getPrototypeOf(Object.getPrototypeOf(Base))).toBe(DocumentBase);
  });
});
