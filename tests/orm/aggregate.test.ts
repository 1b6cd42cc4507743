import { describe, expect, test } from "bun:test";
import { Document, Type } from "../../src/index.ts";
import { useDatabase } from "./db.ts";
import { User } from "./models.ts";

useDatabase("orm_aggregate");

class Order extends Document("orders", { userEmail: Type.String(), total: Type.Number() }) {}

const person = (name: string, age: number, city: string, tags: string[] = []) => ({
  name,
  email: `${name}@example.com`,
  age,
  tags,
  address: { city, zip: "12345" },
});

async function seed() {
  await User.insertMany([
    person("ann", 20, "Paris", ["a", "b"]),
    person("ben", 30, "Paris", ["b"]),
    person("cat", 40, "Lyon", []),
    person("dan", 15, "Lyon", ["a"]),
  ]);
  await Order.insertMany([
    { userEmail: "ann@example.com", total: 10 },
    { userEmail: "ann@example.com", total: 5 },
    { userEmail: "cat@example.com", total: 7 },
  ]);
}

describe("aggregation pipelines against the server", () => {
  test("match + group + sort with typed output", async () => {
    await seed();
    const byCity = await User.aggregate()
      .match(User.f.age.gte(18))
      .group({
        _id: User.f.address.city,
        users: { $sum: 1 },
        avgAge: { $avg: "$age" },
        names: { $push: "$name" },
      })
      .sort({ _id: 1 });
    expect(byCity).toEqual([
      { _id: "Lyon", users: 1, avgAge: 40, names: ["cat"] },
      { _id: "Paris", users: 2, avgAge: 25, names: ["ann", "ben"] },
    ]);
    const first: string | undefined = byCity[0]?._id;
    expect(first).toBe("Lyon");
  });

  test("unwind + count + project + addFields", async () => {
    await seed();
    const tags = await User.aggregate()
      .unwind("tags")
      .group({ _id: "$tags", n: { $sum: 1 } })
      .sort({ _id: 1 })
      .toList();
    expect(tags).toEqual([
      { _id: "a", n: 2 },
      { _id: "b", n: 2 },
    ]);
    expect(await User.aggregate().match(User.f.address.city.eq("Lyon")).count("n")).toEqual([{ n: 2 }]);
    const projected = await User.aggregate()
      .match(User.f.name.eq("ann"))
      .project({ _id: 0, name: 1, city: "$address.city" })
      .addFields({ upper: { $toUpper: "$name" } });
    expect(projected).toEqual([{ name: "ann", city: "Paris", upper: "ANN" }]);
  });

  test("lookup from another model and facet", async () => {
    await seed();
    const withOrders = await User.aggregate()
      .match(User.f.name.in(["ann", "cat"]))
      .lookup({ from: Order, localField: "email", foreignField: "userEmail", as: "orders" })
      .project({ _id: 0, name: 1, orders: 1 })
      .sort({ name: 1 });
    expect(withOrders.map((u) => [u.name, u.orders.map((o) => o.total)])).toEqual([
      ["ann", [10, 5]],
      ["cat", [7]],
    ]);
    const [facets] = await User.aggregate().facet({
      total: (p) => p.count("n"),
      oldest: (p) => p.sort({ age: -1 }).limit(1).project({ _id: 0, name: 1 }),
    });
    expect(facets).toEqual({ total: [{ n: 4 }], oldest: [{ name: "cat" }] });
  });

  test("first, for await and explain", async () => {
    await seed();
    expect(await User.aggregate().sort({ age: 1 }).project({ _id: 0, name: 1 }).first()).toEqual({
      name: "dan",
    });
    let n = 0;
    for await (const doc of User.aggregate().match(User.f.age.gt(18))) n += doc.age > 18 ? 1 : 0;
    expect(n).toBe(3);
    const plan = await User.aggregate().match(User.f.age.gt(1)).explain();
    expect(typeof plan).toBe("object");
  });
});
