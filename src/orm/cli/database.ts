import { connect, disconnect } from "../connection.ts";
import { UsageError } from "./command.ts";

/** The flags that choose the database a command works on. */
export interface DatabaseFlags {
  uri?: string | undefined;
  dbpath?: string | undefined;
  db?: string | undefined;
}

/** `parseArgs` options of {@link DatabaseFlags}. */
export const DATABASE_OPTIONS = {
  uri: { type: "string" },
  dbpath: { type: "string" },
  db: { type: "string" },
} as const;

/** Usage lines of {@link DatabaseFlags}. */
export const DATABASE_USAGE = `  --uri URI       MongoDB connection string (default: $DATA_BRIDGE_URI, else $MONGODB_URI)
  --dbpath DIR    use the embedded server on the data in DIR instead of a URI
  --db NAME       database name (default: the URI's path, else data_bridge)`;

/**
 * Opens the named ORM connections (all on the same database) for a command, from `--uri`, the
 * environment or `--dbpath`. An in-memory server would forget what the command did, so one of
 * them is required. Returns the function that closes everything.
 */
export async function openDatabase(
  flags: DatabaseFlags,
  names: Iterable<string> = ["default"],
): Promise<() => Promise<void>> {
  if (flags.uri !== undefined && flags.dbpath !== undefined)
    throw new UsageError("--uri and --dbpath exclude each other");
  const uri =
    flags.uri ??
    (flags.dbpath === undefined ? process.env.DATA_BRIDGE_URI || process.env.MONGODB_URI : undefined);
  if (uri === undefined && flags.dbpath === undefined) {
    throw new UsageError(
      "no database: pass --uri URI, set DATA_BRIDGE_URI or MONGODB_URI, or pass --dbpath DIR to run the embedded server on a folder (an in-memory server would forget everything when the command ends)",
    );
  }
  const server =
    flags.dbpath === undefined
      ? undefined
      : await (await import("../../server/index.ts")).startServer({ port: 0, dbPath: flags.dbpath });
  const opened: string[] = [];
  const close = async () => {
    for (const name of opened) await disconnect(name);
    await server?.close();
  };
  try {
    for (const name of new Set(names)) {
      await connect(uri ?? server!.uri, { name, dbName: flags.db, serverSelectionTimeoutMS: 10_000 });
      opened.push(name);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return close;
}
