import { describe, expect, test } from "bun:test";
import { QueryError, ValidationError } from "../../src/index.ts";
import { sent, useDatabase } from "./db.ts";
import { User, validUser } from "./models.ts";

const { commands } = useDatabase("orm_injection");

// What a JSON body from an attacker looks like once parsed.
const body = JSON.parse('{"email": {"$ne": null}, "age": {"$gt": -1}, "name": {"$where": "sleep(100)"}}');

describe("untrusted input end to end", () => {
  test("operator objects in proxy values never reach the server", async () => {
    await User.insert(validUser());
    commands.length = 0;
    expect(() => User.find(User.f.email.eq(body.email))).toThrow(QueryError);
    expect(() => User.findOne(User.f.age.gte(body.age))).toThrow(QueryError);
    await expect(User.findOne({ age: { $gte: body.age } })).rejects.toThrow(QueryError);
    await expect(User.get(body.email)).rejects.toThrow(QueryError);
    expect(sent(commands, "find")).toHaveLength(0);
  });

  test("operator objects in inserted and updated values fail validation", async () => {
    await expect(User.insert({ ...validUser(), email: body.email })).rejects.toBeInstanceOf(ValidationError);
    await expect(User.updateMany({}, { $set: { name: body.name } })).rejects.toBeInstanceOf(ValidationError);
    const user = await User.insert(validUser());
    (user as { name: unknown }).name = body.name;
    await expect(user.save()).rejects.toBeInstanceOf(ValidationError);
    expect(sent(commands, "update")).toHaveLength(0);
  });

  test("JavaScript operators are refused before sending", async () => {
    await expect(User.findOne({ $where: "true" } as never)).rejects.toThrow(/allowUnsafe/);
    expect(() => User.aggregate().raw({ $match: { $expr: { $function: {} } } })).toThrow(/allowUnsafe/);
    expect(sent(commands, "find")).toHaveLength(0);
    expect(sent(commands, "aggregate")).toHaveLength(0);
  });
});
