import { parseArgs } from "node:util";
import { ensureIndexes, type IndexSyncReport, syncIndexes } from "../indexes.ts";
import type { ModelInfo } from "../model-info.ts";
import { runCommand, UsageError } from "./command.ts";
import { DATABASE_OPTIONS, DATABASE_USAGE, openDatabase } from "./database.ts";
import { type ExportedModel, loadModels } from "./models.ts";

const USAGE = `Usage: data-bridge index MODULE [--sync [--drop-stale]] [--model NAME] [--json] [options]

Imports MODULE and creates the indexes its exported models declare, then prints per collection
what was created, dropped, or is stale (in the database but not declared, or declared differently).
  (default)      create the declared indexes that are missing
  --sync         compare first: create the missing ones, report stale ones and leave them
  --drop-stale   with --sync (implied): drop stale indexes, recreating those declared differently
  --model NAME   only the model exported as NAME
  --json         one JSON array of { collection, created, dropped, stale }
${DATABASE_USAGE}`;

/** What `index` did to one collection. */
export interface CollectionIndexReport extends IndexSyncReport {
  collection: string;
}

/** One model per collection: the members of a discriminated collection share their indexes. */
function oneModelPerCollection(models: readonly ExportedModel[]): ModelInfo[] {
  const byCollection = new Map<string, { info: ModelInfo; name: string; group: object }>();
  for (const { info, name } of models) {
    const key = `${info.connectionName}\0${info.collectionName}`;
    const group = info.discriminator?.hierarchy ?? info;
    const seen = byCollection.get(key);
    if (!seen) byCollection.set(key, { info, name, group });
    else if (seen.group !== group) {
      throw new UsageError(
        `${seen.name} and ${name} both use collection ${info.collectionName} without being subtypes of one base: each would take the other's indexes for stale ones`,
      );
    }
  }
  return [...byCollection.values()].map((entry) => entry.info);
}

async function existingNames(info: ModelInfo): Promise<Set<string>> {
  try {
    return new Set((await info.collection().listIndexes().toArray()).map((index) => String(index.name)));
  } catch (error) {
    if ((error as { code?: number }).code === 26) return new Set();
    throw error;
  }
}

async function indexCollection(
  info: ModelInfo,
  sync: boolean,
  drop: boolean,
): Promise<CollectionIndexReport> {
  if (sync) return { collection: info.collectionName, ...(await syncIndexes(info, { drop })) };
  const before = await existingNames(info);
  const created = (await ensureIndexes(info)).filter((name) => !before.has(name));
  return { collection: info.collectionName, created, dropped: [], stale: [] };
}

function text(report: CollectionIndexReport): string {
  const parts: string[] = [];
  if (report.created.length > 0) parts.push(`created ${report.created.join(", ")}`);
  if (report.dropped.length > 0) parts.push(`dropped ${report.dropped.join(", ")}`);
  if (report.stale.length > 0) parts.push(`stale ${report.stale.join(", ")} (kept; --drop-stale drops them)`);
  return `${report.collection}: ${parts.length > 0 ? parts.join("; ") : "up to date"}`;
}

/**
 * `data-bridge index`: creates (or syncs) the indexes of a module's models in a database.
 *
 * @example
 * process.exit(await indexes(["src/models.ts", "--sync", "--uri", "mongodb://db:27017/shop"]));
 */
export function indexes(argv: string[]): Promise<number> {
  return runCommand("index", USAGE, argv, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        sync: { type: "boolean" },
        "drop-stale": { type: "boolean" },
        model: { type: "string" },
        json: { type: "boolean" },
        ...DATABASE_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError("name one MODULE");
    const infos = oneModelPerCollection(await loadModels(positionals[0]!, values.model));
    const drop = values["drop-stale"] === true;
    const close = await openDatabase(
      values,
      infos.map((info) => info.connectionName),
    );
    try {
      const reports: CollectionIndexReport[] = [];
      for (const info of infos) reports.push(await indexCollection(info, values.sync === true || drop, drop));
      console.log(values.json ? JSON.stringify(reports, null, 2) : reports.map(text).join("\n"));
      return 0;
    } finally {
      await close();
    }
  });
}
