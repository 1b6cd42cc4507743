import { describe, expect, test } from "bun:test";
import { Document, DuplicateKeyError, isOrmError, Type } from "../../src/index.ts";
import { useDatabase } from "./db.ts";
import { User, validUser } from "./models.ts";

const { connection } = useDatabase("orm_indexes");

describe("indexes", () => {
  test("ensureIndexes creates the declared indexes", async () => {
    expect(await User.ensureIndexes()).toEqual(["email_1"]);
    const names = (await User.collection.listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual(["_id_", "email_1"]);
  });

  test("unique violations raise DuplicateKeyError naming index, field and value", async () => {
    await User.ensureIndexes();
    await User.insert(validUser());
    try {
      await User.insert({ ...validUser(), name: "Other" });
      throw new Error("not refused");
    } catch (error) {
      expect(error).toBeInstanceOf(DuplicateKeyError);
      expect(isOrmError(error)).toBe(true);
      const duplicate = error as DuplicateKeyError;
      expect(duplicate.index).toBe("email_1");
      expect(duplicate.fields).toEqual(["email"]);
      expect(duplicate.value).toEqual({ email: "ada@example.com" });
      expect(duplicate.message).toContain("email_1");
    }
    const other = await User.insert({ ...validUser(), email: "other@example.com" });
    other.email = "ada@example.com";
    await expect(other.save()).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(
      User.insertMany([{ ...validUser(), email: "z@example.com" }, validUser()]),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(User.bulkWrite([{ insertOne: { document: validUser() } }])).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    await expect(
      User.updateOne(User.f.email.eq("other@example.com"), { $set: { email: "ada@example.com" } }),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  test("syncIndexes creates missing, reports stale, drops them on request", async () => {
    class Item extends Document(
      "items",
      { sku: Type.String(), price: Type.Number(), tags: Type.Array(Type.String()) },
      {
        indexes: [
          { key: { sku: 1 }, unique: true },
          { key: { price: -1, sku: 1 }, name: "by_price" },
        ],
      },
    ) {}
    const items = connection().db.collection("items");
    await items.createIndex({ tags: 1 });
    await items.createIndex({ sku: 1 }, { name: "sku_1" });
    const first = await Item.syncIndexes();
    expect(first.created).toEqual(["by_price"]);
    expect(first.stale.sort()).toEqual(["sku_1", "tags_1"]);
    const second = await Item.syncIndexes({ drop: true });
    expect(second.dropped.sort()).toEqual(["sku_1", "tags_1"]);
    expect(second.created).toEqual(["sku_1"]);
    const indexes = await items.listIndexes().toArray();
    expect(indexes.find((i) => i.name === "sku_1")?.unique).toBe(true);
    expect(await Item.syncIndexes()).toEqual({ created: [], dropped: [], stale: [] });
  });

  test("indexes on unknown fields are refused", async () => {
    class Broken extends Document(
      "broken",
      { a: Type.String() },
      { indexes: [{ key: { b: 1 } as never }] },
    ) {}
    await expect(Broken.ensureIndexes()).rejects.toThrow(/unknown field "b"/);
  });
});
