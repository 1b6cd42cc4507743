import { parseArgs } from "node:util";
import { createMigration } from "../migrations/create.ts";
import { Migrator, type MigrationStatus } from "../migrations/migrator.ts";
import { runCommand, UsageError } from "./command.ts";
import { DATABASE_OPTIONS, DATABASE_USAGE, openDatabase } from "./database.ts";
import { loadModels } from "./models.ts";

const USAGE = `Usage: data-bridge migrate <up|down|status|create|unlock> [options]

Applies the migration files in --dir in name order, recording each in the _migrations collection.
  up [--to NAME]       apply pending migrations (up to and including NAME)
  down [--steps N]     roll back the last N applied migrations (default 1)
  status [--json]      list migrations: applied, pending, changed (file edited), missing (file gone)
  create NAME          write --dir/<UTC timestamp>-NAME.ts from a template (no database needed)
  unlock               remove the lock a crashed run left behind

Options:
  --dir DIR       migrations folder (default migrations)
  --models FILE   module whose exported models migrations get as context.models
${DATABASE_USAGE}`;

const ACTIONS = ["up", "down", "status", "create", "unlock"] as const;
type Action = (typeof ACTIONS)[number];

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`${flag} needs a positive integer, got "${text}"`);
  return value;
}

function statusTable(lines: readonly MigrationStatus[]): string {
  if (lines.length === 0) return "no migrations";
  return lines
    .map(
      (line) => `${line.state.padEnd(8)}  ${(line.appliedAt?.toISOString() ?? "").padEnd(24)}  ${line.name}`,
    )
    .join("\n");
}

/**
 * `data-bridge migrate`: applies, rolls back, lists and creates migrations.
 *
 * @example
 * process.exit(await migrate(["up", "--uri", "mongodb://db:27017/shop"]));
 */
export function migrate(argv: string[]): Promise<number> {
  return runCommand("migrate", USAGE, argv, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        dir: { type: "string", default: "migrations" },
        to: { type: "string" },
        steps: { type: "string" },
        models: { type: "string" },
        json: { type: "boolean" },
        ...DATABASE_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...rest] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new UsageError(
        action ? `unknown action '${action}'` : "name an action: up, down, status, create or unlock",
      );
    }
    if (action === "create") {
      if (rest.length !== 1) throw new UsageError("create needs one NAME");
      console.log(await createMigration(values.dir, rest[0]!));
      return 0;
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (values.to !== undefined && action !== "up") throw new UsageError("--to goes with up");
    if (values.steps !== undefined && action !== "down") throw new UsageError("--steps goes with down");
    const steps = values.steps === undefined ? undefined : positiveInteger("--steps", values.steps);
    const models = values.models ? await loadModels(values.models) : [];
    const close = await openDatabase(values, ["default", ...models.map((m) => m.info.connectionName)]);
    try {
      const migrator = new Migrator({
        dir: values.dir,
        models: Object.fromEntries(models.map((m) => [m.name, m.model])),
        log: (line) => console.log(line),
      });
      switch (action as Exclude<Action, "create">) {
        case "up": {
          const applied = await migrator.up(values.to === undefined ? {} : { to: values.to });
          console.log(applied.length === 0 ? "nothing to apply" : `${applied.length} migration(s) applied`);
          return 0;
        }
        case "down": {
          const undone = await migrator.down(steps === undefined ? {} : { steps });
          console.log(
            undone.length === 0 ? "nothing to roll back" : `${undone.length} migration(s) rolled back`,
          );
          return 0;
        }
        case "status": {
          const lines = await migrator.status();
          console.log(values.json ? JSON.stringify(lines, null, 2) : statusTable(lines));
          return 0;
        }
        case "unlock":
          console.log((await migrator.unlock()) ? "lock removed" : "no lock was held");
          return 0;
      }
    } finally {
      await close();
    }
  });
}
