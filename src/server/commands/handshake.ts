import { type Document, Long, Timestamp } from "bson";
import type { CommandContext } from "./context.ts";
import { register } from "./registry.ts";
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, MAX_WRITE_BATCH_SIZE } from "../wire/limits.ts";

export const VERSION = "7.0.0";
export const MIN_WIRE_VERSION = 0;
export const MAX_WIRE_VERSION = 21;

function operationTime(): Timestamp {
  return new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 });
}

/** `hello` / `isMaster`: a writable primary of a one-member replica set. */
function hello({ server, cmd, connection }: CommandContext, legacyName: boolean): Document {
  if (cmd.client && typeof cmd.client === "object") connection.client = cmd.client as Document;
  const now = new Date();
  const reply: Document = {};
  if (!legacyName || cmd.helloOk) reply.helloOk = true;
  reply[legacyName ? "ismaster" : "isWritablePrimary"] = true;
  Object.assign(reply, {
    topologyVersion: { processId: server.processId, counter: Long.ZERO },
    hosts: [server.address],
    setName: server.setName,
    setVersion: 1,
    secondary: false,
    primary: server.address,
    me: server.address,
    electionId: server.electionId,
    lastWrite: {
      opTime: { ts: operationTime(), t: Long.fromNumber(1) },
      lastWriteDate: now,
      majorityOpTime: { ts: operationTime(), t: Long.fromNumber(1) },
      majorityWriteDate: now,
    },
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: connection.id,
    minWireVersion: MIN_WIRE_VERSION,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

register(["hello"], (ctx) => awaitable(ctx, () => hello(ctx, false)));
register(["isMaster", "ismaster"], (ctx) => awaitable(ctx, () => hello(ctx, true)));

/**
 * Awaitable hello (used by the driver's monitor): when the client already holds our current
 * topologyVersion, mongod answers only after maxAwaitTimeMS unless the topology changes. Ours never
 * changes, so we wait; answering at once would make the monitor spin.
 */
async function awaitable(ctx: CommandContext, build: () => Document): Promise<Document> {
  const tv = ctx.cmd.topologyVersion as Document | undefined;
  const wait = ctx.cmd.maxAwaitTimeMS;
  if (tv && wait !== undefined && String(tv.processId) === ctx.server.processId.toHexString()) {
    const ms = Math.min(Number(wait.valueOf?.() ?? wait), 10_000);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      void ctx.server.stopping.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return build();
}

register("ping", () => ({ ok: 1 }));

register("buildInfo", () => buildInfo());
register("buildinfo", () => buildInfo());

function buildInfo(): Document {
  return {
    version: VERSION,
    gitVersion: "data-bridge",
    modules: [],
    allocator: "system",
    javascriptEngine: "none",
    sysInfo: "deprecated",
    versionArray: [7, 0, 0, 0],
    openssl: { running: "disabled", compiled: "disabled" },
    buildEnvironment: {},
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ["sqlite"],
    ok: 1,
  };
}

register("getParameter", ({ cmd }) => {
  const params: Document = {
    featureCompatibilityVersion: { version: "7.0" },
    authenticationMechanisms: [],
    requireApiVersion: false,
    transactionLifetimeLimitSeconds: 60,
    maxBSONDepth: 100,
  };
  if (
    cmd.getParameter === "*" ||
    cmd.getParameter === 1 ||
    (cmd.getParameter?.valueOf?.() === 1 && cmd.allParameters)
  ) {
    return { ...params, ok: 1 };
  }
  const reply: Document = {};
  for (const key of Object.keys(cmd)) {
    if (key === "getParameter" || key.startsWith("$") || key === "lsid") continue;
    if (key in params) reply[key] = params[key];
  }
  if (Object.keys(reply).length === 0)
    return { ok: 0, errmsg: "no option found to get", code: 72, codeName: "InvalidOptions" };
  return { ...reply, ok: 1 };
});

register("serverStatus", ({ server }) => ({
  host: server.address,
  version: VERSION,
  process: "data-bridge",
  pid: Long.fromNumber(process.pid),
  uptime: (Date.now() - server.startedAt) / 1000,
  uptimeMillis: Long.fromNumber(Date.now() - server.startedAt),
  uptimeEstimate: Long.fromNumber(Math.floor((Date.now() - server.startedAt) / 1000)),
  localTime: new Date(),
  connections: {
    current: server.openConnections,
    available: 1_000_000,
    totalCreated: server.totalConnections,
  },
  opcounters: { ...server.counters },
  storageEngine: {
    name: "sqlite",
    supportsCommittedReads: true,
    persistent: server.storage.path !== ":memory:",
  },
  repl: {
    setName: server.setName,
    isWritablePrimary: true,
    primary: server.address,
    me: server.address,
    hosts: [server.address],
  },
  mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / 2 ** 20), virtual: 0 },
  metrics: { cursor: { open: { total: Long.fromNumber(server.cursors.size) } } },
  ok: 1,
}));

register("connectionStatus", () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
}));

register("whatsmyuri", ({ connection }) => ({ you: connection.remote, ok: 1 }));

register("refreshSessions", () => ({ ok: 1 }));

register("getLog", ({ cmd }) => {
  if (cmd.getLog === "*") return { names: ["global", "startupWarnings"], ok: 1 };
  return { totalLinesWritten: 0, log: [], ok: 1 };
});

register("hostInfo", () => ({
  system: {
    currentTime: new Date(),
    hostname: "localhost",
    cpuAddrSize: 64,
    numCores: navigator.hardwareConcurrency,
    cpuArch: process.arch,
  },
  os: { type: process.platform, name: process.platform },
  extra: {},
  ok: 1,
}));

register("getCmdLineOpts", () => ({ argv: ["data-bridge", "serve"], parsed: {}, ok: 1 }));

register("getFreeMonitoringStatus", () => ({ state: "disabled", ok: 1 }));

register("replSetGetStatus", ({ server }) => ({
  set: server.setName,
  date: new Date(),
  myState: 1,
  members: [{ _id: 0, name: server.address, health: 1, state: 1, stateStr: "PRIMARY", self: true }],
  ok: 1,
}));

register("logout", () => ({ ok: 1 }));

register("listCommands", async () => {
  const { commands } = await import("./registry.ts");
  const listed: Document = {};
  for (const name of [...commands.keys()].sort()) listed[name] = { help: "" };
  return { commands: listed, ok: 1 };
});
