import { describe, expect, test } from "bun:test";
import { cli, folder, MODELS, useServer } from "./helpers.ts";

const server = useServer();

const names = async (db: string, collection: string) =>
  (await server.client().db(db).collection(collection).listIndexes().toArray()).map((i) => i.name).sort();

describe("data-bridge index", () => {
  test("creates the declared indexes once per collection, base and subtypes together", async () => {
    const db = "cli_index_create";
    const target = ["--uri", server.uri(), "--db", db];
    const first = await cli(["index", MODELS, ...target]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("events: created at_-1, x_1\nusers: created email_1, by_name\n");
    expect(await names(db, "users")).toEqual(["_id_", "by_name", "email_1"]);
    expect(await names(db, "events")).toEqual(["_id_", "at_-1", "x_1"]);
    expect((await cli(["index", MODELS, ...target])).stdout).toBe("events: up to date\nusers: up to date\n");
  });

  test("--sync reports stale indexes; --drop-stale drops them and recreates changed ones", async () => {
    const db = "cli_index_sync";
    const target = ["--uri", server.uri(), "--db", db, "--model", "User"];
    const users = server.client().db(db).collection("users");
    await users.createIndex({ legacy: 1 });
    await users.createIndex({ email: 1 }, { name: "email_1" });
    const sync = await cli(["index", MODELS, "--sync", ...target]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toBe(
      "users: created by_name; stale legacy_1, email_1 (kept; --drop-stale drops them)\n",
    );
    expect(await names(db, "users")).toEqual(["_id_", "by_name", "email_1", "legacy_1"]);
    const drop = await cli(["index", MODELS, "--drop-stale", "--json", ...target]);
    expect(JSON.parse(drop.stdout)).toEqual([
      { collection: "users", created: ["email_1"], dropped: ["legacy_1", "email_1"], stale: [] },
    ]);
    const email = (await users.listIndexes().toArray()).find((i) => i.name === "email_1");
    expect(email?.unique).toBe(true);
    expect(await names(db, "users")).toEqual(["_id_", "by_name", "email_1"]);
  });

  test("two unrelated models on one collection, and a missing database, are refused", async () => {
    const dir = await folder({
      "shared.ts": `import { Document, Type } from ${JSON.stringify(`${import.meta.dir}/../../src/index.ts`)};
export class A extends Document("shared", { a: Type.String() }) {}
export class B extends Document("shared", { b: Type.String() }) {}`,
    });
    const shared = await cli(["index", `${dir}/shared.ts`, "--uri", server.uri()]);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain("A and B both use collection shared");
    const none = await cli(["index", MODELS]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no database");
  });
});
