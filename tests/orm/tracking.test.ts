import { describe, expect, test } from "bun:test";
import { Decimal128, ObjectId } from "bson";
import { Bson, Document, Type } from "../../src/index.ts";
import { Address, User } from "./models.ts";

const loaded = () =>
  User.hydrate({
    _id: new ObjectId(),
    name: "Ada",
    email: "ada@example.com",
    age: 36,
    tags: ["a", "b", "c"],
    address: { city: "London", zip: "NW1 6XE" },
    addresses: [
      { city: "Paris", zip: "75001" },
      { city: "Rome", zip: "00100" },
    ],
    meta: { views: 1 },
    createdAt: new Date(0),
  });

describe("change tracking: save sends only changed paths", () => {
  test("an untouched or only-read document has no changes", () => {
    const user = loaded();
    expect(user.changes()).toBeNull();
    void user.tags.length;
    void user.address.city;
    void user.addresses[1]!.zip;
    void user.createdAt.getTime();
    expect(user.changes()).toBeNull();
  });

  test("scalar assignments", () => {
    const user = loaded();
    user.age = 37;
    user.name = "Ada";
    expect(user.changes()).toEqual({ $set: { age: 37 } });
  });

  test("in-place edits of nested objects and array elements", () => {
    const user = loaded();
    user.address.city = "Cambridge";
    user.addresses[1]!.zip = "00118";
    user.meta.likes = 2;
    expect(user.changes()).toEqual({
      $set: { "address.city": "Cambridge", "addresses.1.zip": "00118", "meta.likes": 2 },
    });
  });

  test("array length changes set the whole array; most elements changed too", () => {
    const user = loaded();
    user.tags.push("d");
    expect(user.changes()).toEqual({ $set: { tags: ["a", "b", "c", "d"] } });
    const other = loaded();
    other.tags.reverse();
    expect(other.changes()).toEqual({ $set: { tags: ["c", "b", "a"] } });
    const one = loaded();
    one.tags[0] = "z";
    expect(one.changes()).toEqual({ $set: { "tags.0": "z" } });
  });

  test("removing optional values unsets them", () => {
    const user = loaded();
    user.nickname = "A";
    expect(user.changes()).toEqual({ $set: { nickname: "A" } });
    const clean = loaded();
    delete (clean.meta as Record<string, number>).views;
    clean.billing = undefined;
    expect(clean.changes()).toEqual({ $unset: { "meta.views": "" } });
  });

  test("replacing an embedded value diffs against the old one", () => {
    const user = loaded();
    user.address = new Address({ city: "London", zip: "EC1A 1BB" });
    expect(user.changes()).toEqual({ $set: { "address.zip": "EC1A 1BB" } });
  });

  test("dates and BSON values compare by value", () => {
    class Price extends Document("prices", {
      amount: Bson.Decimal128(),
      at: Bson.Date(),
      ref: Bson.ObjectId(),
    }) {}
    const ref = new ObjectId();
    const price = Price.hydrate({
      _id: new ObjectId(),
      amount: Decimal128.fromString("1.5"),
      at: new Date(5),
      ref,
    });
    price.amount = Decimal128.fromString("1.5");
    price.ref = new ObjectId(ref.toHexString());
    price.at.setTime(5);
    expect(price.changes()).toBeNull();
    price.at.setTime(6);
    expect(price.changes()).toEqual({ $set: { at: new Date(6) } });
  });

  test("non-strict models diff unknown keys too", () => {
    class Loose extends Document(
      "loose-track",
      { a: Type.Object({ b: Type.Number() }, { additionalProperties: true }) },
      {
        strict: false,
      },
    ) {}
    const doc = Loose.hydrate({ _id: new ObjectId(), a: { b: 1 } } as never);
    (doc.a as Record<string, number>).c = 2;
    expect(doc.changes() as unknown).toEqual({ $set: { "a.c": 2 } });
  });

  test("_id cannot be changed on a loaded document", () => {
    const user = loaded();
    expect(() => {
      user._id = new ObjectId();
    }).toThrow(/_id cannot be changed/);
  });

  test("in-place edits go to a copy: the loaded array itself stays as loaded", () => {
    const raw = loaded().toObject() as { tags: string[] };
    const original = raw.tags;
    const user = User.hydrate(raw as never);
    user.tags.push("x");
    expect(original).toEqual(["a", "b", "c"]);
    expect(user.tags).toEqual(["a", "b", "c", "x"]);
  });
});
