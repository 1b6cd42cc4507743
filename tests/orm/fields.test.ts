import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import { and, escapeRegex, nor, not, or, QueryError } from "../../src/index.ts";
import { User } from "./models.ts";

const f = User.f;

function refused(run: () => unknown, code: string): QueryError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).code).toBe(code);
    return error as QueryError;
  }
  throw new Error(`expected QueryError ${code}`);
}

describe("field proxies build filter documents", () => {
  test("comparisons", () => {
    expect(f.age.eq(3)).toEqual({ age: 3 });
    expect(f.age.ne(3)).toEqual({ age: { $ne: 3 } });
    expect(f.age.gt(3)).toEqual({ age: { $gt: 3 } });
    expect(f.age.gte(3)).toEqual({ age: { $gte: 3 } });
    expect(f.age.lt(3)).toEqual({ age: { $lt: 3 } });
    expect(f.age.lte(3)).toEqual({ age: { $lte: 3 } });
    expect(f.age.in([1, 2])).toEqual({ age: { $in: [1, 2] } });
    expect(f.age.nin([1, 2])).toEqual({ age: { $nin: [1, 2] } });
    expect(f.nickname.exists()).toEqual({ nickname: { $exists: true } });
    expect(f.nickname.exists(false)).toEqual({ nickname: { $exists: false } });
    expect(f.age.type("int")).toEqual({ age: { $type: "int" } });
    const id = new ObjectId();
    expect(f._id.eq(id)).toEqual({ _id: id });
  });

  test("nested paths and paths through arrays", () => {
    expect(f.address.city.eq("NYC")).toEqual({ "address.city": "NYC" });
    expect(f.addresses.city.eq("NYC")).toEqual({ "addresses.city": "NYC" });
    expect(f.addresses.at(2).zip.gte("1")).toEqual({ "addresses.2.zip": { $gte: "1" } });
    expect(f.meta.key("views").gt(10)).toEqual({ "meta.views": { $gt: 10 } });
    expect(f.address.path).toBe("address");
    expect(String(f.addresses.city)).toBe("addresses.city");
    expect(() => f.meta.key("$where")).toThrow(QueryError);
  });

  test("string matchers escape user text", () => {
    expect(f.name.startsWith("a.b*")).toEqual({ name: { $regex: "^a\\.b\\*" } });
    expect(f.name.endsWith("(x)")).toEqual({ name: { $regex: "\\(x\\)$" } });
    expect(f.name.contains("1+1", { ignoreCase: true })).toEqual({
      name: { $regex: "1\\+1", $options: "i" },
    });
    expect(f.name.regex(/^A/i)).toEqual({ name: { $regex: /^A/i } });
    expect(new RegExp(escapeRegex("^$.*+?()[]{}|\\/")).test("^$.*+?()[]{}|\\/")).toBe(true);
  });

  test("array operators", () => {
    expect(f.tags.contains("a")).toEqual({ tags: "a" });
    expect(f.tags.all(["a", "b"])).toEqual({ tags: { $all: ["a", "b"] } });
    expect(f.tags.size(2)).toEqual({ tags: { $size: 2 } });
    expect(f.tags.eq(["a", "b"])).toEqual({ tags: { $eq: ["a", "b"] } });
    expect(f.tags.elemMatch((t) => [t.gte("a"), t.lt("m")])).toEqual({
      tags: { $elemMatch: { $gte: "a", $lt: "m" } },
    });
    expect(f.addresses.elemMatch((a) => and(a.city.eq("Paris"), a.zip.startsWith("75")))).toEqual({
      addresses: { $elemMatch: { $and: [{ city: "Paris" }, { zip: { $regex: "^75" } }] } },
    });
    expect(f.addresses.elemMatch({ city: "Paris" })).toEqual({
      addresses: { $elemMatch: { city: "Paris" } },
    });
  });

  test("logical combinators", () => {
    const a = f.age.gt(1);
    const b = f.name.eq("x");
    expect(and(a, b)).toEqual({ $and: [a, b] });
    expect(or(a, b)).toEqual({ $or: [a, b] });
    expect(nor(a, b)).toEqual({ $nor: [a, b] });
    expect(not(a)).toEqual({ $nor: [a] });
    expect(and(a)).toBe(a);
  });

  test("sort directions", () => {
    expect(f.age.desc()).toEqual({ age: -1 });
    expect(f.address.city.asc()).toEqual({ "address.city": 1 });
  });
});

describe("values from untrusted input", () => {
  test("objects with operator keys are refused", () => {
    const error = refused(() => f.name.eq({ $ne: "" } as never), "OPERATOR_INJECTION");
    expect(error.path).toBe("name");
    refused(() => f.age.gt({ $where: "1" } as never), "OPERATOR_INJECTION");
    refused(() => f.tags.contains({ $gt: "" } as never), "OPERATOR_INJECTION");
    refused(() => f.age.in([1, { $gt: 0 }] as never), "OPERATOR_INJECTION");
    refused(() => f.address.eq({ $gt: {} } as never), "OPERATOR_INJECTION");
  });

  test("objects and arrays where the schema holds a scalar are refused", () => {
    refused(() => f.name.eq({ first: "x" } as never), "INVALID_VALUE");
    refused(() => f.age.eq([1] as never), "INVALID_VALUE");
    refused(() => f.name.startsWith({} as never), "INVALID_VALUE");
    refused(() => f.age.in("1" as never), "INVALID_VALUE");
    refused(() => f.tags.size(-1), "INVALID_VALUE");
  });

  test("embedded documents can be compared as whole values", () => {
    expect(f.address.eq({ city: "x", zip: "12345" })).toEqual({
      address: { $eq: { city: "x", zip: "12345" } },
    });
  });
});
