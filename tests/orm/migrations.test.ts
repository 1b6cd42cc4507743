import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMigration,
  MIGRATIONS_COLLECTION,
  MigrationError,
  MigrationLockError,
  Migrator,
} from "../../src/index.ts";
import { useDatabase } from "./db.ts";

const { connection } = useDatabase("orm_migrations");

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "data-bridge-migrations-"));
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return dir;
}

/** A migration that inserts `{ step }` into `log` (in the transaction) and removes it on down. */
const logging = (step: string, extra = "") => `
export async function up({ db, session }) {
  await db.collection("log").insertOne({ step: "${step}" }, { session });
  ${extra}
}
export async function down({ db, session }) {
  await db.collection("log").deleteOne({ step: "${step}" }, { session });
}
`;

const steps = async () =>
  (await connection().db.collection("log").find().sort({ _id: 1 }).toArray()).map((d) => d.step);
const records = () =>
  connection()
    .db.collection<{ _id: string; name: string; appliedAt: Date; checksum: string }>(MIGRATIONS_COLLECTION)
    .find({ _id: { $ne: "lock" } })
    .sort({ _id: 1 })
    .toArray();

describe("migrations", () => {
  test("up applies pending files in name order and records name, time and checksum", async () => {
    const dir = await folder({
      "20260102-second.ts": logging("second"),
      "20260101-first.ts": logging("first"),
      "helpers.ts": "export const notAMigration = true;",
      "20260103-types.d.ts": "export {};",
    });
    const lines: string[] = [];
    const migrator = new Migrator({ dir, log: (line) => lines.push(line) });
    expect((await migrator.status()).map((s) => [s.name, s.state])).toEqual([
      ["20260101-first", "pending"],
      ["20260102-second", "pending"],
    ]);
    const before = new Date();
    expect(await migrator.up()).toEqual(["20260101-first", "20260102-second"]);
    expect(await steps()).toEqual(["first", "second"]);
    const [first] = await records();
    const bytes = await Bun.file(join(dir, "20260101-first.ts")).bytes();
    expect(first).toMatchObject({
      _id: "20260101-first",
      name: "20260101-first",
      checksum: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(first!.appliedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(lines[0]).toMatch(/^applied 20260101-first \(\d+ ms\)$/);
    expect(await migrator.up()).toEqual([]);
    expect((await migrator.status()).map((s) => s.state)).toEqual(["applied", "applied"]);
    expect(await connection().db.collection(MIGRATIONS_COLLECTION).countDocuments()).toBe(2);
  });

  test("up --to stops at a named migration; an unknown name is refused", async () => {
    const dir = await folder({
      "1-a.ts": logging("a"),
      "2-b.ts": logging("b"),
      "3-c.ts": logging("c"),
    });
    const migrator = new Migrator({ dir });
    expect(await migrator.up({ to: "2-b" })).toEqual(["1-a", "2-b"]);
    expect(await migrator.up({ to: "2-b" })).toEqual([]);
    await expect(migrator.up({ to: "9-z" })).rejects.toThrow("no migration named 9-z");
    expect(await migrator.up()).toEqual(["3-c"]);
  });

  test("down rolls back the last N, newest first, and removes their records", async () => {
    const dir = await folder({ "1-a.ts": logging("a"), "2-b.ts": logging("b"), "3-c.ts": logging("c") });
    const migrator = new Migrator({ dir });
    await migrator.up();
    expect(await migrator.down()).toEqual(["3-c"]);
    expect(await migrator.down({ steps: 5 })).toEqual(["2-b", "1-a"]);
    expect(await steps()).toEqual([]);
    expect(await records()).toEqual([]);
    await expect(migrator.down({ steps: 0 })).rejects.toThrow("positive integer");
    expect(await migrator.down()).toEqual([]);
  });

  test("a migration without down() cannot be rolled back, and nothing is rolled back", async () => {
    const dir = await folder({
      "1-a.ts": `export async function up() {}`,
      "2-b.ts": logging("b"),
    });
    const migrator = new Migrator({ dir });
    await migrator.up();
    await expect(migrator.down({ steps: 2 })).rejects.toThrow("1-a: has no down()");
    expect((await records()).map((r) => r.name)).toEqual(["1-a", "2-b"]);
    expect(await steps()).toEqual(["b"]);
  });

  test("a failing migration leaves nothing half-applied and is not recorded", async () => {
    const dir = await folder({
      "1-ok.ts": logging("ok"),
      "2-fails.ts": logging(
        "fails",
        `await db.collection("other").insertOne({ x: 1 }, { session }); throw new Error("boom");`,
      ),
      "3-later.ts": logging("later"),
    });
    const migrator = new Migrator({ dir });
    const error = await migrator.up().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe("2-fails");
    expect((error as Error).message).toBe("2-fails: up failed: boom");
    expect(((error as Error).cause as Error).message).toBe("boom");
    expect(await steps()).toEqual(["ok"]);
    expect(await connection().db.collection("other").countDocuments()).toBe(0);
    expect((await records()).map((r) => r.name)).toEqual(["1-ok"]);
    expect((await migrator.status()).map((s) => s.state)).toEqual(["applied", "pending", "pending"]);
  });

  test("context: db, client, session in a transaction, models; transaction = false opts out", async () => {
    const dir = await folder({
      "1-context.ts": `
export async function up(ctx) {
  await ctx.db.collection("seen").insertOne({
    name: ctx.name,
    inTransaction: ctx.session?.inTransaction() ?? false,
    models: Object.keys(ctx.models),
    sameClient: ctx.client.db(ctx.db.databaseName).databaseName === ctx.db.databaseName,
  }, { session: ctx.session });
}`,
      "2-outside.ts": `
export const transaction = false;
export async function up(ctx) {
  await ctx.db.collection("seen").insertOne({ name: ctx.name, session: ctx.session === undefined });
}`,
    });
    await new Migrator({ dir, models: { User: class {} } }).up();
    const seen = await connection()
      .db.collection("seen")
      .find()
      .sort({ name: 1 })
      .project({ _id: 0 })
      .toArray();
    expect(seen).toEqual([
      { name: "1-context", inTransaction: true, models: ["User"], sameClient: true },
      { name: "2-outside", session: true },
    ]);
  });

  test("a held lock refuses a second run; an expired one is taken over; unlock() clears it", async () => {
    const dir = await folder({ "1-a.ts": logging("a") });
    const locks = connection().db.collection<{
      _id: string;
      owner: string;
      acquiredAt: Date;
      expiresAt: Date;
    }>(MIGRATIONS_COLLECTION);
    const since = new Date();
    await locks.insertOne({
      _id: "lock",
      owner: "other-host:42",
      acquiredAt: since,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const migrator = new Migrator({ dir });
    const error = await migrator.up().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationLockError);
    expect((error as MigrationLockError).owner).toBe("other-host:42");
    expect((error as Error).message).toContain("migrate unlock");
    expect(await steps()).toEqual([]);
    expect(await migrator.unlock()).toBe(true);
    expect(await migrator.unlock()).toBe(false);
    await locks.insertOne({
      _id: "lock",
      owner: "dead:1",
      acquiredAt: since,
      expiresAt: new Date(Date.now() - 1),
    });
    expect(await migrator.up()).toEqual(["1-a"]);
  });

  test("two migrators started together: one runs, the other is refused by the lock", async () => {
    const dir = await folder({ "1-slow.ts": logging("slow", "await Bun.sleep(200);") });
    const results = await Promise.allSettled([new Migrator({ dir }).up(), new Migrator({ dir }).up()]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(MigrationLockError);
    expect(await steps()).toEqual(["slow"]);
  });

  test("an applied file that was edited, or removed, shows in status; up refuses edited ones", async () => {
    const dir = await folder({ "1-a.ts": logging("a"), "2-b.ts": logging("b") });
    const migrator = new Migrator({ dir });
    await migrator.up();
    await writeFile(join(dir, "1-a.ts"), `${logging("a")}\n// edited`);
    await rm(join(dir, "2-b.ts"));
    await writeFile(join(dir, "3-c.ts"), logging("c"));
    expect((await migrator.status()).map((s) => [s.name, s.state])).toEqual([
      ["1-a", "changed"],
      ["2-b", "missing"],
      ["3-c", "pending"],
    ]);
    await expect(migrator.up()).rejects.toThrow("edited since they ran (checksum differs): 1-a");
    expect(await steps()).toEqual(["a", "b"]);
  });

  test("bad files are refused before anything runs", async () => {
    const noUp = await folder({ "1-a.ts": logging("a"), "2-bad.ts": "export const down = () => {};" });
    await expect(new Migrator({ dir: noUp }).up()).rejects.toThrow(
      "2-bad: the file must export a function up(context)",
    );
    expect(await steps()).toEqual([]);
    const broken = await folder({ "1-broken.ts": "export function up( {" });
    await expect(new Migrator({ dir: broken }).up()).rejects.toThrow("1-broken: cannot load");
    await expect(new Migrator({ dir: join(noUp, "absent") }).status()).rejects.toThrow(
      "cannot read the migrations folder",
    );
  });

  test("createMigration writes a timestamped template that runs up and down", async () => {
    const dir = join(await folder({}), "migrations");
    const path = await createMigration(dir, "add-index", new Date("2026-11-24T09:30:05Z"));
    expect(path).toBe(join(dir, "20261124093005-add-index.ts"));
    await expect(createMigration(dir, "add-index", new Date("2026-11-24T09:30:05Z"))).rejects.toThrow(
      "cannot write",
    );
    await expect(createMigration(dir, "no spaces")).rejects.toThrow('migration name "no spaces"');
    expect(await readdir(dir)).toEqual(["20261124093005-add-index.ts"]);
    const migrator = new Migrator({ dir });
    expect(await migrator.up()).toEqual(["20261124093005-add-index"]);
    expect(await migrator.down()).toEqual(["20261124093005-add-index"]);
  });
});
