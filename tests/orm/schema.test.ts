import { describe, expect, test } from "bun:test";
import { Binary, Decimal128, Long, ObjectId } from "bson";
import {
  Bson,
  Default,
  Document,
  Embedded,
  isOrmError,
  SchemaError,
  Type,
  ValidationError,
} from "../../src/index.ts";
import { Address, User, validUser } from "./models.ts";

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("models", () => {
  test("constructor fills defaults and generates an ObjectId first", () => {
    const user = new User(validUser());
    expect(Object.keys(user.toObject())[0]).toBe("_id");
    expect(user._id).toBeInstanceOf(ObjectId);
    expect(user.tags).toEqual([]);
    expect(user.meta).toEqual({});
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(user.isNew).toBe(true);
    expect(user.isAdult).toBe(true);
    user.validate();
  });

  test("array and object defaults are fresh per document", () => {
    const a = new User(validUser());
    const b = new User(validUser());
    a.tags.push("x");
    expect(b.tags).toEqual([]);
  });

  test("embedded values are instances of their class", () => {
    const user = User.hydrate({
      _id: new ObjectId(),
      ...validUser(),
      tags: [],
      addresses: [{ city: "Paris", zip: "75001" }],
      meta: {},
      createdAt: new Date(),
    });
    expect(user.address).toBeInstanceOf(Address);
    expect(user.address.label).toBe("NW1 6XE London");
    expect(user.addresses[0]).toBeInstanceOf(Address);
    expect(new Address({ city: "Rome", zip: "00100" }).label).toBe("00100 Rome");
  });

  test("a missing required field is one issue, not two", () => {
    const issues = issuesOf(() =>
      User.validate({ email: "ada@example.com", age: 36, address: { city: "London" } } as never),
    );
    const paths = issues.map((i) => i.path);
    expect(paths.filter((p) => p === "name")).toEqual(["name"]);
    expect(paths.filter((p) => p === "address.zip")).toEqual(["address.zip"]);
    expect(issues.find((i) => i.path === "name")!.message).toBe("Expected required property");
  });

  test("one ValidationError lists every failing path", () => {
    const user = new User({
      name: "",
      email: "not-an-email",
      age: -1,
      address: { city: "", zip: "1" },
      addresses: [{ city: "ok", zip: "12" }],
    });
    const issues = issuesOf(() => user.validate());
    expect(issues.map((i) => i.path).sort()).toEqual(
      ["address.city", "address.zip", "addresses.0.zip", "age", "email", "name"].sort(),
    );
    try {
      user.validate();
    } catch (error) {
      expect(isOrmError(error)).toBe(true);
      expect((error as ValidationError).code).toBe("VALIDATION");
      expect(String(error)).toContain("addresses.0.zip");
    }
  });

  test("unknown fields are rejected (strict by default) and allowed with strict: false", () => {
    const user = new User({ ...validUser(), extra: 1 } as never);
    expect(issuesOf(() => user.validate()).map((i) => i.path)).toEqual(["extra"]);
    class Loose extends Document("loose", { a: Type.String() }, { strict: false }) {}
    new Loose({ a: "x", extra: 1 } as never).validate();
  });

  test("formats: email, uri, url, uuid, date-time", () => {
    class Formats extends Document("formats", {
      email: Type.String({ format: "email" }),
      uri: Type.String({ format: "uri" }),
      url: Type.String({ format: "url" }),
      uuid: Type.String({ format: "uuid" }),
      at: Type.String({ format: "date-time" }),
    }) {}
    const good = {
      email: "a.b+c@sub.example.org",
      uri: "urn:isbn:0451450523",
      url: "https://example.com/a?b=c",
      uuid: "123e4567-e89b-12d3-a456-426614174000",
      at: "2024-02-29T12:30:00.123Z",
    };
    expect(Formats.check({ _id: new ObjectId(), ...good })).toBe(true);
    const bad = { email: "a@b", uri: "no scheme", url: "http://", uuid: "123", at: "2024-13-45" };
    const issues = issuesOf(() => Formats.validate({ _id: new ObjectId(), ...bad }));
    expect(issues.map((i) => i.path).sort()).toEqual(["at", "email", "uri", "url", "uuid"]);
  });

  test("BSON types are checked by their BSON tag", () => {
    class Ledger extends Document("ledger", {
      ref: Bson.ObjectId(),
      amount: Bson.Decimal128(),
      count: Bson.Long(),
      blob: Bson.Binary(),
      at: Bson.Date(),
    }) {}
    const good = {
      _id: new ObjectId(),
      ref: new ObjectId(),
      amount: Decimal128.fromString("1.10"),
      count: Long.fromNumber(5),
      blob: new Binary(new Uint8Array([1, 2])),
      at: new Date(),
    };
    expect(Ledger.check(good)).toBe(true);
    expect(Ledger.check({ ...good, count: 7 })).toBe(true);
    const issues = issuesOf(() =>
      Ledger.validate({
        ...good,
        ref: "abc",
        amount: 1.1,
        count: 1.5,
        blob: new Uint8Array([1]),
        at: "2024",
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(["amount", "at", "blob", "count", "ref"]);
  });

  test("nested objects, arrays and records validate element by element", () => {
    class Shop extends Document("shops", {
      owner: Type.Object({ name: Type.String(), phones: Type.Array(Type.String({ pattern: "^\\+\\d+$" })) }),
      stock: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    }) {}
    const issues = issuesOf(() =>
      Shop.validate({
        _id: new ObjectId(),
        owner: { name: "x", phones: ["+1", "12"] },
        stock: { a: 1, b: -2 },
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(["owner.phones.1", "stock.b"]);
  });

  test("function defaults run for every document", () => {
    let n = 0;
    class Counter extends Document("counters", { n: Default(Type.Integer(), () => ++n) }) {}
    expect(new Counter({}).n).toBe(1);
    expect(new Counter({}).n).toBe(2);
    expect(new Counter({ n: 10 }).n).toBe(10);
  });
});

describe("model definition errors", () => {
  test("collection names are checked", () => {
    for (const bad of ["", "a$b", "system.users", "a..b", "with space", "x".repeat(121)]) {
      expect(() => Document(bad, { a: Type.String() })).toThrow(SchemaError);
    }
    expect(() => Document("orders.archive-2024", { a: Type.String() })).not.toThrow();
  });

  test("field names may not collide with document members or use $ and dots", () => {
    expect(() => Document("x1", { save: Type.String() })).toThrow(/collides/);
    expect(() => Document("x2", { $bad: Type.String() })).toThrow(SchemaError);
    expect(() => Document("x3", { nested: Type.Object({ "a.b": Type.String() }) })).toThrow(SchemaError);
  });

  test("Type.Optional(EmbeddedClass) is refused with a hint to use Optional()", () => {
    const Inner = Embedded({ a: Type.String() });
    expect(() => Document("x4", { inner: Type.Optional(Inner) })).toThrow(/Optional\(Class\)/);
  });

  test("non-schemas are refused", () => {
    expect(() => Document("x5", { a: "string" as never })).toThrow(/not a TypeBox schema/);
  });
});
