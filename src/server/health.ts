import { parseArgs } from "node:util";
import { MongoClient } from "mongodb";

const USAGE = `Usage: data-bridge health [URI] [--timeout MS] [--json]

Connects to a MongoDB server (default: $DATA_BRIDGE_URI, $MONGODB_URI, or mongodb://127.0.0.1:27017/),
pings it and prints version, topology, round-trip time and connection counts. Exit code 0 when healthy.`;

export interface HealthReport {
  ok: boolean;
  uri: string;
  version?: string;
  setName?: string;
  writablePrimary?: boolean;
  pingMs?: number;
  connections?: { current: number; available: number };
  error?: string;
}

/** Pings a MongoDB deployment and reports what it says about itself. */
export async function checkHealth(uri: string, timeoutMs = 5000): Promise<HealthReport> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const admin = client.db("admin");
    const started = performance.now();
    await admin.command({ ping: 1 });
    const pingMs = performance.now() - started;
    const hello = await admin.command({ hello: 1 });
    const build = await admin.command({ buildInfo: 1 });
    const status = await admin.command({ serverStatus: 1 }).catch(() => undefined);
    return {
      ok: true,
      uri,
      version: build.version,
      setName: hello.setName,
      writablePrimary: hello.isWritablePrimary,
      pingMs: Math.round(pingMs * 100) / 100,
      connections: status?.connections && {
        current: status.connections.current,
        available: status.connections.available,
      },
    };
  } catch (error) {
    return { ok: false, uri, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.close();
  }
}

export async function health(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      timeout: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const uri =
    positionals[0] ?? process.env.DATA_BRIDGE_URI ?? process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017/";
  const report = await checkHealth(uri, values.timeout ? Number(values.timeout) : 5000);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else if (report.ok) {
    console.log(`healthy: ${uri}`);
    console.log(
      `  version ${report.version}${report.setName ? `, replica set ${report.setName}` : ""}${report.writablePrimary ? " (writable primary)" : ""}`,
    );
    console.log(
      `  ping ${report.pingMs} ms${report.connections ? `, connections ${report.connections.current} open` : ""}`,
    );
  } else console.log(`unhealthy: ${uri}\n  ${report.error}`);
  return report.ok ? 0 : 1;
}
