import { parseArgs } from "node:util";
import { startServer } from "./server.ts";

const USAGE = `Usage: data-bridge serve [--port N] [--host H] [--dbpath DIR | --memory]

Serves the embedded MongoDB-compatible server until SIGINT or SIGTERM.
  --port N       TCP port (default 27017; 0 picks a free port)
  --host H       interface to bind (default 127.0.0.1)
  --dbpath DIR   keep data in DIR/data-bridge.sqlite (WAL journal)
  --memory       keep data in memory (the default without --dbpath)`;

/** `data-bridge serve`: prints the connection string alone on a line once it accepts connections. */
export async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dbpath: { type: "string" },
      memory: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.memory && values.dbpath) {
    console.error("--memory and --dbpath exclude each other");
    return 2;
  }
  const port = values.port === undefined ? 27017 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got '${values.port}'`);
    return 2;
  }
  const server = await startServer({ port, host: values.host ?? "127.0.0.1", dbPath: values.dbpath });
  console.log(server.uri);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  return 0;
}
