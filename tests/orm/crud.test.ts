import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import { ConflictError, Document, Type, ValidationError } from "../../src/index.ts";
import { sent, useDatabase } from "./db.ts";
import { Address, User, validUser } from "./models.ts";

const { connection, commands } = useDatabase("orm_crud");

const person = (name: string, age: number, city = "Paris") => ({
  name,
  email: `${name.toLowerCase()}@example.com`,
  age,
  tags: age >= 18 ? ["adult"] : ["minor"],
  address: { city, zip: "75001" },
});

describe("insert, get, save, delete, refresh", () => {
  test("insert stores the validated document with defaults and returns an instance", async () => {
    const user = await User.insert(validUser());
    expect(user).toBeInstanceOf(User);
    expect(user.isNew).toBe(false);
    const stored = await connection().db.collection("users").findOne({ _id: user._id });
    expect(stored).toMatchObject({ name: "Ada", tags: [], meta: {}, address: { city: "London" } });
    const again = await User.get(user._id);
    expect(again?.name).toBe("Ada");
    expect(again?.address).toBeInstanceOf(Address);
    expect((await User.get(user._id.toHexString()))?.email).toBe("ada@example.com");
    expect(await User.get(new ObjectId())).toBeNull();
  });

  test("invalid documents are not written", async () => {
    await expect(User.insert({ ...validUser(), age: -1 })).rejects.toBeInstanceOf(ValidationError);
    expect(await User.count()).toBe(0);
  });

  test("save of a loaded document sends $set/$unset for the changed paths only", async () => {
    const created = await User.insert({
      ...person("Bob", 30),
      nickname: "B",
      addresses: [person("x", 1).address],
    });
    const user = (await User.get(created._id))!;
    commands.length = 0;
    user.age = 31;
    user.address.city = "Lyon";
    user.addresses[0]!.zip = "69001";
    user.nickname = undefined;
    user.tags.push("new");
    await user.save();
    const [update] = sent(commands, "update");
    expect(update?.updates).toEqual([
      {
        q: { _id: user._id },
        u: {
          $set: { age: 31, tags: ["adult", "new"], "address.city": "Lyon", "addresses.0.zip": "69001" },
          $unset: { nickname: "" },
        },
      },
    ]);
    const stored = await connection().db.collection("users").findOne({ _id: user._id });
    expect(stored).toMatchObject({ age: 31, tags: ["adult", "new"], address: { city: "Lyon" } });
    expect(stored?.nickname).toBeUndefined();
  });

  test("a save with no changes sends nothing; changes after a save are tracked again", async () => {
    const user = await User.insert(person("Cy", 40));
    const tags = user.tags;
    commands.length = 0;
    await user.save();
    expect(sent(commands, "update")).toHaveLength(0);
    tags.push("held-reference");
    await user.save();
    user.address.city = "Nice";
    await user.save();
    user.address.city = "Nantes";
    await user.save();
    const updates = sent(commands, "update").map((c) => c.updates[0].u);
    expect(updates).toEqual([
      { $set: { tags: ["adult", "held-reference"] } },
      { $set: { "address.city": "Nice" } },
      { $set: { "address.city": "Nantes" } },
    ]);
    expect((await User.get(user._id))?.address.city).toBe("Nantes");
  });

  test("save validates the whole document", async () => {
    const user = await User.insert(person("Dee", 20));
    user.address.zip = "1";
    await expect(user.save()).rejects.toBeInstanceOf(ValidationError);
    await user.save({ validate: false });
    expect((await User.get(user._id))?.address.zip).toBe("1");
  });

  test("delete, refresh and saves of deleted documents", async () => {
    const user = await User.insert(person("Eve", 22));
    const copy = (await User.get(user._id))!;
    await User.updateOne(User.f._id.eq(user._id), { $set: { age: 23 } });
    await copy.refresh();
    expect(copy.age).toBe(23);
    expect(await user.delete()).toBe(true);
    expect(await user.delete()).toBe(false);
    copy.age = 24;
    await expect(copy.save()).rejects.toBeInstanceOf(ConflictError);
    await expect(copy.refresh()).rejects.toBeInstanceOf(ConflictError);
    expect(user.isNew).toBe(true);
    await user.save();
    expect(await User.count()).toBe(1);
  });
});

describe("queries", () => {
  async function seed() {
    await User.insertMany([
      person("Ann", 17, "Paris"),
      person("Ben", 25, "Lyon"),
      person("Cat", 31, "Paris"),
      person("Dan", 45, "Nice"),
      person("Eli", 52, "Paris"),
    ]);
  }

  test("find with proxies, sort, skip, limit; await or toList", async () => {
    await seed();
    const adults = await User.find(User.f.age.gte(18)).sort(User.f.age.desc()).skip(1).limit(2);
    expect(adults.map((u) => u.name)).toEqual(["Dan", "Cat"]);
    expect(adults[0]).toBeInstanceOf(User);
    expect(adults[0]?.isAdult).toBe(true);
    const parisians = await User.find(User.f.address.city.eq("Paris")).sort({ name: "asc" }).toList();
    expect(parisians.map((u) => u.name)).toEqual(["Ann", "Cat", "Eli"]);
    expect((await User.find().where(User.f.name.startsWith("D")).first())?.name).toBe("Dan");
    expect(await User.find(User.f.name.eq("Zed")).first()).toBeNull();
  });

  test("count, exists, distinct, lean, project", async () => {
    await seed();
    expect(await User.count(User.f.age.lt(30))).toBe(2);
    expect(await User.find(User.f.age.gt(50)).exists()).toBe(true);
    expect(await User.find(User.f.age.gt(90)).exists()).toBe(false);
    expect((await User.find().distinct(User.f.address.city)).sort()).toEqual(["Lyon", "Nice", "Paris"]);
    expect((await User.find().distinct("tags")).sort()).toEqual(["adult", "minor"]);
    const lean = await User.find(User.f.name.eq("Ann")).lean();
    expect(lean[0]).not.toBeInstanceOf(User);
    expect(lean[0]?.address.city).toBe("Paris");
    const projected = await User.find(User.f.name.eq("Ben")).project({ name: 1, "address.city": 1, _id: 0 });
    expect(projected).toEqual([{ name: "Ben", address: { city: "Lyon" } }]);
  });

  test("logical and array operators against the server", async () => {
    await seed();
    await User.updateOne(User.f.name.eq("Cat"), { $push: { addresses: { city: "Oslo", zip: "01500" } } });
    const names = async (q: ReturnType<typeof User.find>) => (await q.lean()).map((u) => u.name).sort();
    expect(await names(User.find({ $or: [User.f.age.lt(18), User.f.age.gt(50)] }))).toEqual(["Ann", "Eli"]);
    expect(await names(User.find(User.f.tags.contains("minor")))).toEqual(["Ann"]);
    expect(await names(User.find(User.f.addresses.city.eq("Oslo")))).toEqual(["Cat"]);
    expect(await names(User.find(User.f.addresses.elemMatch((a) => a.zip.startsWith("015"))))).toEqual([
      "Cat",
    ]);
    expect(await names(User.find(User.f.addresses.size(0)))).toEqual(["Ann", "Ben", "Dan", "Eli"]);
    expect(await names(User.find(User.f.name.contains("AN", { ignoreCase: true })))).toEqual(["Ann", "Dan"]);
    expect(await names(User.find(User.f.name.in(["Ann", "Ben"])))).toEqual(["Ann", "Ben"]);
    expect(await names(User.find(User.f.nickname.exists(false)))).toHaveLength(5);
  });

  test("user strings in matchers are literal (regex metacharacters escaped)", async () => {
    await User.insert({ ...person("Lit", 30), name: "a.c" });
    await User.insert({ ...person("Lit2", 30), name: "abc" });
    expect((await User.find(User.f.name.startsWith("a.c")).lean()).map((u) => u.name)).toEqual(["a.c"]);
  });

  test("for await streams with batchSize", async () => {
    await User.insertMany(Array.from({ length: 25 }, (_, i) => person(`P${i}`, i)));
    commands.length = 0;
    let seen = 0;
    for await (const user of User.find().batchSize(10)) {
      expect(user).toBeInstanceOf(User);
      seen++;
    }
    expect(seen).toBe(25);
    expect(sent(commands, "getMore").length).toBeGreaterThanOrEqual(2);
  });

  test("query update shortcuts and delete", async () => {
    await seed();
    expect(
      (await User.find(User.f.address.city.eq("Paris")).set({ "address.zip": "75002" })).modifiedCount,
    ).toBe(3);
    await User.find(User.f.name.eq("Ben")).inc({ age: 5 });
    await User.find(User.f.name.eq("Ben")).push({ tags: "x" });
    await User.find(User.f.name.eq("Ben")).addToSet({ tags: { $each: ["x", "y"] } });
    await User.find(User.f.name.eq("Ben")).pull({ tags: "adult" });
    await User.find(User.f.name.eq("Ben")).unset("billing");
    const ben = await User.findOne(User.f.name.eq("Ben"));
    expect([ben?.age, ben?.tags]).toEqual([30, ["x", "y"]]);
    expect(await User.find(User.f.age.lt(30)).delete()).toBe(1);
    await expect(User.find().limit(1).delete()).rejects.toThrow(/applies to every match/);
  });

  test("explain returns the server's plan", async () => {
    await seed();
    const plan = await User.find(User.f.age.gt(1)).explain();
    expect(plan).toHaveProperty("queryPlanner");
  });
});

describe("many-document operations", () => {
  test("insertMany validates all first and reports every failing document", async () => {
    try {
      await User.insertMany([
        person("Ok", 1),
        { ...person("Bad", 1), age: -1 },
        { ...person("Bad2", 1), email: "x" },
      ]);
      throw new Error("not refused");
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(["1.age", "2.email"]);
    }
    expect(await User.count()).toBe(0);
  });

  test("updateMany, deleteMany, upserts with defaults", async () => {
    await User.insertMany([person("A", 10), person("B", 20), person("C", 30)]);
    const result = await User.updateMany(User.f.age.gte(20), { $inc: { age: 1 } });
    expect(result.modifiedCount).toBe(2);
    const upsert = await User.updateOne(
      User.f.email.eq("new@example.com"),
      { $set: { name: "New", age: 5, address: { city: "X", zip: "12345" } } },
      { upsert: true },
    );
    expect(upsert.upsertedCount).toBe(1);
    const created = await User.findOne(User.f.email.eq("new@example.com"));
    expect(created?.tags).toEqual([]);
    expect(created?.meta).toEqual({});
    expect(created?.createdAt).toBeInstanceOf(Date);
    created?.validate();
    expect(await User.deleteMany(User.f.age.lt(25))).toBe(3);
    expect(await User.deleteOne(User.f.age.gt(0))).toBe(1);
  });

  test("findOneAndUpdate / Replace / Delete return instances", async () => {
    await User.insert(person("F", 40));
    const after = await User.findOneAndUpdate(User.f.name.eq("F"), { $set: { age: 41 } });
    expect(after).toBeInstanceOf(User);
    expect(after?.age).toBe(41);
    const before = await User.findOneAndUpdate(
      User.f.name.eq("F"),
      { $set: { age: 42 } },
      { returnDocument: "before" },
    );
    expect(before?.age).toBe(41);
    const upserted = await User.findOneAndUpdate(
      User.f.email.eq("g@example.com"),
      { $set: { name: "G", age: 1, address: { city: "c", zip: "12345" } } },
      { upsert: true },
    );
    expect(upserted?.tags).toEqual([]);
    const replaced = await User.findOneAndReplace(User.f.name.eq("F"), person("F2", 50));
    expect([replaced?.name, replaced?.tags, replaced?._id.equals(after!._id)]).toEqual([
      "F2",
      ["adult"],
      true,
    ]);
    await expect(
      User.findOneAndReplace(User.f.name.eq("F2"), { ...person("F3", 1), age: -5 }),
    ).rejects.toBeInstanceOf(ValidationError);
    const deleted = await User.findOneAndDelete(User.f.name.eq("F2"));
    expect(deleted?.name).toBe("F2");
    expect(await User.findOneAndDelete(User.f.name.eq("F2"))).toBeNull();
  });

  test("bulkWrite checks every operation before sending one command", async () => {
    await User.insert(person("H", 1));
    const result = await User.bulkWrite([
      { insertOne: { document: person("I", 2) } },
      { updateOne: { filter: User.f.name.eq("H"), update: { $set: { age: 3 } } } },
      {
        updateOne: {
          filter: User.f.email.eq("j@example.com"),
          update: { $set: { name: "J", age: 9, address: { city: "J", zip: "12345" } } },
          upsert: true,
        },
      },
      { deleteMany: { filter: User.f.name.eq("nobody") } },
    ]);
    expect([result.insertedCount, result.modifiedCount, result.upsertedCount]).toEqual([1, 1, 1]);
    expect((await User.findOne(User.f.name.eq("J")))?.tags).toEqual([]);
    commands.length = 0;
    await expect(
      User.bulkWrite([
        { insertOne: { document: person("K", 1) } },
        { insertOne: { document: { ...person("L", 1), age: -1 } } },
      ]),
    ).rejects.toThrow(/1\.document\.age/);
    expect(sent(commands, "insert")).toHaveLength(0);
  });
});

describe("options and concurrency", () => {
  test("hooks: false and validate: false skip their work", async () => {
    let calls = 0;
    class Hooked extends Document("hooked", { n: Type.Integer({ minimum: 0 }) }) {
      beforeSave() {
        calls++;
      }
    }
    await Hooked.insert({ n: 1 });
    await Hooked.insert({ n: 2 }, { hooks: false });
    await Hooked.insert({ n: -1 }, { validate: false, hooks: false });
    expect(calls).toBe(1);
    expect(await Hooked.count()).toBe(3);
  });

  test("revision field: concurrent saves conflict, the loser gets ConflictError", async () => {
    class Account extends Document("accounts", { balance: Type.Number() }, { revision: true }) {}
    const created = await Account.insert({ balance: 10 });
    expect(created._rev).toBe(0);
    const a = (await Account.get(created._id))!;
    const b = (await Account.get(created._id))!;
    a.balance = 20;
    await a.save();
    expect(a._rev).toBe(1);
    b.balance = 30;
    await expect(b.save()).rejects.toBeInstanceOf(ConflictError);
    await expect(b.delete()).rejects.toBeInstanceOf(ConflictError);
    await b.refresh();
    b.balance = 30;
    await b.save();
    expect((await Account.get(created._id))?.toObject()).toMatchObject({ balance: 30, _rev: 2 });
    expect(() => {
      (b as { _rev: number })._rev = 9;
    }).toThrow();
  });
});
