import { describe, expect, test } from "bun:test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { cli, folder, MODELS, useServer } from "./helpers.ts";

const server = useServer();

/** A migration inserting `{ step }` into `log` in its transaction, and removing it on down. */
const logging = (step: string, extra = "") => `
export async function up({ db, session, models }) {
  await db.collection("log").insertOne({ step: "${step}", models: Object.keys(models).sort() }, { session });
  ${extra}
}
export async function down({ db, session }) {
  await db.collection("log").deleteOne({ step: "${step}" }, { session });
}
`;

describe("data-bridge migrate", () => {
  test("up, status, down against a server given by --uri", async () => {
    const db = "cli_migrate_flow";
    const dir = await folder({ "1-first.ts": logging("first"), "2-second.ts": logging("second") });
    const target = ["--dir", dir, "--uri", server.uri(), "--db", db];
    const pending = await cli(["migrate", "status", ...target]);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/^pending\s+1-first\npending\s+2-second\n$/);

    const first = await cli(["migrate", "up", "--to", "1-first", ...target, "--models", MODELS]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied 1-first \(\d+ ms\)\n1 migration\(s\) applied\n$/);
    const rest = await cli(["migrate", "up", ...target]);
    expect(rest.stdout).toContain("applied 2-second");
    expect((await cli(["migrate", "up", ...target])).stdout).toBe("nothing to apply\n");

    const log = await server
      .client()
      .db(db)
      .collection("log")
      .find()
      .sort({ step: 1 })
      .project({ _id: 0 })
      .toArray();
    expect(log).toEqual([
      { step: "first", models: ["Click", "Event", "User"] },
      { step: "second", models: [] },
    ]);
    const status = await cli(["migrate", "status", ...target, "--json"]);
    expect(JSON.parse(status.stdout).map((s: { state: string }) => s.state)).toEqual(["applied", "applied"]);

    const down = await cli(["migrate", "down", "--steps", "2", ...target]);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(
      /rolled back 2-second .*\nrolled back 1-first .*\n2 migration\(s\) rolled back\n$/,
    );
    expect(await server.client().db(db).collection("log").countDocuments()).toBe(0);
    expect(await server.client().db(db).collection("_migrations").countDocuments()).toBe(0);
  });

  test("a failing migration exits 1 naming it, and leaves nothing behind", async () => {
    const db = "cli_migrate_failure";
    const dir = await folder({
      "1-ok.ts": logging("ok"),
      "2-bad.ts": logging("bad", 'throw new Error("column missing");'),
    });
    const run = await cli(["migrate", "up", "--dir", dir, "--uri", server.uri(), "--db", db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("applied 1-ok");
    expect(run.stderr).toBe("data-bridge migrate: 2-bad: up failed: column missing\n");
    const steps = await server.client().db(db).collection("log").distinct("step");
    expect(steps).toEqual(["ok"]);
    expect(await server.client().db(db).collection("_migrations").distinct("name")).toEqual(["1-ok"]);
  });

  test("a held lock stops a run; unlock removes it", async () => {
    const db = "cli_migrate_lock";
    const dir = await folder({ "1-a.ts": logging("a") });
    const target = ["--dir", dir, "--uri", server.uri(), "--db", db];
    await server
      .client()
      .db(db)
      .collection<{ _id: string; owner: string; acquiredAt: Date; expiresAt: Date }>("_migrations")
      .insertOne({
        _id: "lock",
        owner: "deploy-7:99",
        acquiredAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
      });
    const locked = await cli(["migrate", "up", ...target]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain("migrations are locked by deploy-7:99");
    expect((await cli(["migrate", "unlock", ...target])).stdout).toBe("lock removed\n");
    expect((await cli(["migrate", "unlock", ...target])).stdout).toBe("no lock was held\n");
    expect((await cli(["migrate", "up", ...target])).code).toBe(0);
  });

  test("--dbpath runs the embedded server on a folder, so the next run sees the records", async () => {
    const data = await folder();
    const dir = await folder({ "1-a.ts": logging("a") });
    expect((await cli(["migrate", "up", "--dir", dir, "--dbpath", data])).code).toBe(0);
    const status = await cli(["migrate", "status", "--dir", dir, "--dbpath", data]);
    expect(status.stdout).toMatch(/^applied\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+1-a\n$/);
  });

  test("DATA_BRIDGE_URI is the default database; without one the command refuses clearly", async () => {
    const dir = await folder({ "1-a.ts": logging("a") });
    const none = await cli(["migrate", "status", "--dir", dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "no database: pass --uri URI, set DATA_BRIDGE_URI or MONGODB_URI, or pass --dbpath DIR",
    );
    const env = await cli(["migrate", "status", "--dir", dir], {
      MONGODB_URI: `${server.uri().split("?")[0]}`,
    });
    expect(env.code).toBe(0);
    expect(env.stdout).toMatch(/^pending\s+1-a\n$/);
  });

  test("create writes a template; bad command lines exit 2 with the usage", async () => {
    const dir = join(await folder(), "migrations");
    const created = await cli(["migrate", "create", "add-email-index", "--dir", dir]);
    expect(created.code).toBe(0);
    const [file] = await readdir(dir);
    expect(file).toMatch(/^\d{14}-add-email-index\.ts$/);
    expect(created.stdout).toBe(`${join(dir, file!)}\n`);
    expect(await readFile(join(dir, file!), "utf8")).toContain("export async function up({ db, session }");
    for (const args of [
      ["migrate"],
      ["migrate", "sideways"],
      ["migrate", "down", "--steps", "0", "--uri", server.uri()],
      ["migrate", "down", "--to", "x", "--uri", server.uri()],
      ["migrate", "create"],
      ["migrate", "up", "--uri", server.uri(), "--dbpath", dir],
      ["migrate", "up", "--frobnicate"],
    ]) {
      const bad = await cli(args);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("Usage: data-bridge migrate");
    }
    const help = await cli(["migrate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dbpath DIR");
  });
});
