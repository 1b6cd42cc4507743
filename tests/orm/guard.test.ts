import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import { QueryError, ValidationError } from "../../src/index.ts";
import { User } from "./models.ts";

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryError || error instanceof ValidationError) return error.code;
    throw error;
  }
  return "none";
}

// Building a query checks its filter without touching the database.
const find =
  (filter: unknown, allowUnsafe = false) =>
  () =>
    User.find(filter as never, { allowUnsafe });

describe("raw filters are checked against the schema", () => {
  test("known paths and operators pass", () => {
    expect(
      code(find({ age: { $gt: 1, $lte: 9 }, "address.city": "x", "addresses.zip": { $in: ["1"] } })),
    ).toBe("none");
    expect(code(find({ $or: [{ age: 1 }, { tags: { $all: ["a"] } }], "meta.anything": 3 }))).toBe("none");
    expect(code(find({ addresses: { $elemMatch: { city: "x", zip: { $gt: "1" } } } }))).toBe("none");
    expect(code(find({ tags: { $elemMatch: { $gt: "a" } } }))).toBe("none");
    expect(code(find({ _id: new ObjectId(), name: /^A/ }))).toBe("none");
    expect(code(find({ age: { $not: { $gt: 3 } } }))).toBe("none");
  });

  test("unknown fields and operators are refused", () => {
    expect(code(find({ agee: 1 }))).toBe("UNKNOWN_FIELD");
    expect(code(find({ "address.town": 1 }))).toBe("UNKNOWN_FIELD");
    expect(code(find({ age: { $gtt: 1 } }))).toBe("UNKNOWN_OPERATOR");
    expect(code(find({ $foo: 1 }))).toBe("UNKNOWN_OPERATOR");
    expect(code(find({ age: { $gt: 1, x: 2 } }))).toBe("INVALID_FILTER");
    expect(code(find(User.f.age))).toBe("INVALID_FILTER");
    expect(code(find("age"))).toBe("INVALID_FILTER");
    expect(code(() => new User(null as never))).toBe("VALIDATION");
  });

  test("operators smuggled inside operand values are refused", () => {
    expect(code(find({ name: { $eq: { $ne: "" } } }))).toBe("OPERATOR_INJECTION");
    expect(code(find({ age: { $in: [{ $gt: 0 }] } }))).toBe("OPERATOR_INJECTION");
    expect(code(find({ name: { first: "x" } }))).toBe("INVALID_VALUE");
  });

  test("$where, $function and $accumulator are refused unless allowed", () => {
    expect(code(find({ $where: "this.age > 1" }))).toBe("UNSAFE_OPERATOR");
    expect(code(find({ $expr: { $function: { body: "return 1", args: [], lang: "js" } } }))).toBe(
      "UNSAFE_OPERATOR",
    );
    expect(code(find({ $and: [{ $where: "1" }] }))).toBe("UNSAFE_OPERATOR");
    expect(code(find({ $where: "this.age > 1" }, true))).toBe("none");
    expect(code(() => User.aggregate().raw({ $group: { _id: null, x: { $accumulator: {} } } }))).toBe(
      "UNSAFE_OPERATOR",
    );
    expect(
      code(() =>
        User.aggregate({ allowUnsafe: true }).raw({ $group: { _id: null, x: { $accumulator: {} } } }),
      ),
    ).toBe("none");
  });

  test("ids from input: hex strings become ObjectIds, operator objects are refused", async () => {
    await expect(User.get({ $ne: null } as never)).rejects.toThrow(/operator/);
    await expect(User.get("zz")).rejects.toThrow(/not an ObjectId/);
  });
});

async function updateCode(update: unknown, options = {}): Promise<string> {
  try {
    await User.updateOne({ age: 1 }, update as never, options);
  } catch (error) {
    if (error instanceof QueryError || error instanceof ValidationError) return error.code;
    if ((error as Error).name === "ConnectionError") return "checked";
    throw error;
  }
  return "sent";
}

describe("updates are checked against the schema", () => {
  test("valid updates pass the checks (and reach the connection)", async () => {
    expect(await updateCode({ $set: { name: "x", "address.city": "y", "addresses.0.zip": "12345" } })).toBe(
      "checked",
    );
    expect(
      await updateCode({ $inc: { age: 1 }, $push: { tags: "a" }, $addToSet: { tags: { $each: ["b"] } } }),
    ).toBe("checked");
    expect(
      await updateCode({ $set: { "addresses.$[].city": "z", "meta.views": 3 }, $unset: { nickname: "" } }),
    ).toBe("checked");
    expect(await updateCode({ $pull: { tags: { $in: ["a"] } }, $pop: { addresses: -1 } })).toBe("checked");
  });

  test("values are validated at their path; all failures in one error", async () => {
    try {
      await User.updateOne({ age: 1 }, { $set: { name: "", age: -3, "address.zip": 1 } } as never);
      throw new Error("not refused");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual([
        "address.zip",
        "age",
        "name",
      ]);
    }
    expect(await updateCode({ $set: { name: { $gt: "" } } })).toBe("VALIDATION");
    expect(await updateCode({ $push: { tags: 3 } })).toBe("VALIDATION");
    expect(await updateCode({ $push: { addresses: { city: "x", zip: "1" } } })).toBe("VALIDATION");
    expect(await updateCode({ $unset: { name: "" } })).toBe("VALIDATION");
  });

  test("validate: false skips value checks but not path and operator checks", async () => {
    expect(await updateCode({ $set: { name: "" } }, { validate: false })).toBe("checked");
    expect(await updateCode({ $set: { agee: 1 } }, { validate: false })).toBe("UNKNOWN_FIELD");
  });

  test("structural mistakes are refused", async () => {
    expect(await updateCode({ name: "x" })).toBe("INVALID_UPDATE");
    expect(await updateCode({ $rename: { name: "nom" } })).toBe("UNKNOWN_FIELD");
    expect(await updateCode({ $inc: { name: 1 } })).toBe("INVALID_UPDATE");
    expect(await updateCode({ $push: { name: "x" } })).toBe("INVALID_UPDATE");
    expect(await updateCode({ $set: { _id: new ObjectId() } })).toBe("INVALID_UPDATE");
    expect(await updateCode({ $foo: { name: 1 } })).toBe("INVALID_UPDATE");
    expect(await updateCode({})).toBe("INVALID_UPDATE");
  });
});
