import { describe, expect, test } from "bun:test";
import { Document, QueryError, Type } from "../../src/index.ts";
import { User } from "./models.ts";

class Order extends Document("orders", { userEmail: Type.String(), total: Type.Number() }) {}

describe("aggregation builder produces stages", () => {
  test("match, group with field proxies, sort, skip, limit", () => {
    const pipeline = User.aggregate()
      .match(User.f.age.gte(18), User.f.tags.contains("vip"))
      .group({
        _id: User.f.address.city,
        users: { $sum: 1 },
        avgAge: { $avg: User.f.age },
        names: { $push: "$name" },
      })
      .sort({ users: -1 })
      .skip(5)
      .limit(10);
    expect(pipeline.stages).toEqual([
      { $match: { age: { $gte: 18 }, tags: "vip" } },
      {
        $group: {
          _id: "$address.city",
          users: { $sum: 1 },
          avgAge: { $avg: "$age" },
          names: { $push: "$name" },
        },
      },
      { $sort: { users: -1 } },
      { $skip: 5 },
      { $limit: 10 },
    ]);
  });

  test("project, addFields, unwind, lookup, count, facet, raw", () => {
    const stages = User.aggregate()
      .project({ name: 1, city: "$address.city" })
      .addFields({ upper: { $toUpper: "$name" } })
      .raw({ $set: { n: 1 } }).stages;
    expect(stages).toEqual([
      { $project: { name: 1, city: "$address.city" } },
      { $addFields: { upper: { $toUpper: "$name" } } },
      { $set: { n: 1 } },
    ]);
    const joined = User.aggregate()
      .unwind("tags", { preserveNullAndEmptyArrays: true })
      .lookup({ from: Order, localField: "email", foreignField: "userEmail", as: "orders" })
      .count("n").stages;
    expect(joined).toEqual([
      { $unwind: { path: "$tags", preserveNullAndEmptyArrays: true } },
      { $lookup: { from: "orders", localField: "email", foreignField: "userEmail", as: "orders" } },
      { $count: "n" },
    ]);
    const facet = User.aggregate().facet({
      total: (p) => p.count("n"),
      young: (p) => p.match(User.f.age.lt(30)).limit(3),
    }).stages;
    expect(facet).toEqual([
      { $facet: { total: [{ $count: "n" }], young: [{ $match: { age: { $lt: 30 } } }, { $limit: 3 }] } },
    ]);
  });

  test("matches are schema-checked until a stage reshapes documents", () => {
    expect(() => User.aggregate().match({ agee: 1 } as never)).toThrow(QueryError);
    expect(() =>
      User.aggregate()
        .group({ _id: "$name", n: { $sum: 1 } })
        .match({ n: { $gt: 1 } }),
    ).not.toThrow();
    expect(() => User.aggregate().limit(-1)).toThrow(QueryError);
  });
});
