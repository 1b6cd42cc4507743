import { describe, expect, test } from "bun:test";
import { cli, folder, MODELS } from "./helpers.ts";

describe("data-bridge schema", () => {
  test("prints each exported model's collection, fields as JSON Schema and indexes", async () => {
    const run = await cli(["schema", MODELS]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("User (collection users)\n  fields:\n    {\n");
    expect(run.stdout).toContain('      "required": [\n');
    expect(run.stdout).toContain(
      '  indexes:\n    email_1  {"email":1} {"unique":true}\n    by_name  {"name":1,"createdAt":-1}',
    );
    expect(run.stdout).toContain('Click (collection events)\n  subtype: kind = "click"');
    expect(run.stdout).toContain('Event (collection events)\n  base of subtypes told apart by "kind"');
    expect(run.stdout).not.toContain("notAModel");
  });

  test("--json: BSON values as bsonType, links as their target's id, subtypes with their value", async () => {
    const run = await cli(["schema", MODELS, "--json"]);
    expect(run.code).toBe(0);
    const models = JSON.parse(run.stdout) as Record<string, any>[];
    expect(models.map((m) => m.model)).toEqual(["Click", "Event", "User"]);
    const [click, event, user] = models;
    expect(user!.collection).toBe("users");
    expect(user!.schema.properties).toEqual({
      _id: { bsonType: "objectId" },
      name: { type: "string", minLength: 1 },
      email: { type: "string", format: "email" },
      tags: { type: "array", items: { type: "string" }, default: [] },
      createdAt: { bsonType: "date" },
    });
    expect(user!.schema.required).toEqual(["_id", "name", "email", "tags", "createdAt"]);
    expect(user!.schema.additionalProperties).toBe(false);
    expect(user!.indexes).toEqual([
      { key: { email: 1 }, unique: true, name: "email_1" },
      { key: { name: 1, createdAt: -1 }, name: "by_name" },
    ]);
    expect(event!.discriminator).toEqual({ key: "kind" });
    expect(event!.schema.properties.user).toEqual({ bsonType: "objectId", "x-link": "users" });
    expect(event!.schema.properties.kind).toEqual({ type: "string" });
    expect(click!.discriminator).toEqual({ key: "kind", value: "click" });
    expect(click!.schema.properties.kind).toEqual({ const: "click", type: "string", default: "click" });
    expect(Object.keys(click!.schema.properties)).toEqual(["_id", "at", "user", "kind", "x"]);
    expect(click!.indexes).toEqual([{ key: { x: 1 }, name: "x_1" }]);
  });

  test("--model picks one; an unknown name, a module without models or a missing MODULE exit 2", async () => {
    const one = await cli(["schema", MODELS, "--model", "User", "--json"]);
    expect(JSON.parse(one.stdout).map((m: { model: string }) => m.model)).toEqual(["User"]);
    const unknown = await cli(["schema", MODELS, "--model", "Nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("exports no model named Nope; it exports Click, Event, User");
    const empty = await folder({ "plain.ts": "export const x = 1;" });
    const none = await cli(["schema", `${empty}/plain.ts`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("exports no models");
    expect((await cli(["schema"])).code).toBe(2);
    const missing = await cli(["schema", `${empty}/absent.ts`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("data-bridge schema:");
  });
});
