import {
  type Collection,
  type Db,
  type Document as DriverDocument,
  MongoClient,
  type MongoClientOptions,
} from "mongodb";
import { ConnectionError } from "./errors.ts";

/** Options of `connect()`: the driver's client options (pool sizes, timeouts, ...) plus a few of ours. */
export interface ConnectOptions extends MongoClientOptions {
  /** Name of the connection; models choose one with `{ connection: name }`. Default `"default"`. */
  name?: string;
  /** Database to use; default: the database in the URI, else `"data_bridge"`. */
  dbName?: string;
}

interface StoppableServer {
  readonly uri: string;
  close(): Promise<void>;
}

/** An open connection: the driver's client and database, and the embedded server it started, if any. */
export class Connection {
  readonly name: string;
  readonly uri: string;
  readonly client: MongoClient;
  readonly db: Db;
  readonly #server: StoppableServer | undefined;
  readonly #collections = new Map<string, Collection<DriverDocument>>();

  constructor(name: string, uri: string, client: MongoClient, db: Db, server: StoppableServer | undefined) {
    this.name = name;
    this.uri = uri;
    this.client = client;
    this.db = db;
    this.#server = server;
  }

  /** True when `connect()` started an embedded server for this connection. */
  get embedded(): boolean {
    return this.#server !== undefined;
  }

  /** The driver collection (cached). */
  collection(name: string): Collection<DriverDocument> {
    let collection = this.#collections.get(name);
    if (!collection) this.#collections.set(name, (collection = this.db.collection(name)));
    return collection;
  }

  /** Closes the client, then the embedded server if this connection started one. */
  async close(): Promise<void> {
    await this.client.close();
    await this.#server?.close();
  }
}

const connections = new Map<string, Connection>();

function databaseName(uri: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : "data_bridge";
}

async function startEmbedded(): Promise<StoppableServer> {
  const { startServer } = await import("../server/index.ts");
  return startServer({ port: 0 });
}

/**
 * Opens a connection. With no URI, `DATA_BRIDGE_URI` or `MONGODB_URI` is used when set; otherwise
 * an embedded in-memory server is started (and stopped by `disconnect()`). Options go to the driver.
 *
 * @example
 * await connect();                                           // embedded server, in memory
 * await connect("mongodb://db:27017/shop", { maxPoolSize: 50 });
 * await connect(analyticsUri, { name: "analytics" });        // a second, named connection
 */
export async function connect(uri?: string, options: ConnectOptions = {}): Promise<Connection> {
  const { name = "default", dbName, ...driverOptions } = options;
  if (connections.has(name)) {
    throw new ConnectionError(`connection "${name}" is already open; call disconnect("${name}") first`);
  }
  const target = uri ?? process.env.DATA_BRIDGE_URI ?? process.env.MONGODB_URI;
  const server = target ? undefined : await startEmbedded();
  const resolved = target ?? server!.uri;
  const client = new MongoClient(resolved, driverOptions);
  try {
    await client.connect();
  } catch (error) {
    await server?.close();
    throw new ConnectionError(`cannot connect to ${resolved}: ${(error as Error).message}`, { cause: error });
  }
  const connection = new Connection(
    name,
    resolved,
    client,
    client.db(databaseName(resolved, dbName)),
    server,
  );
  connections.set(name, connection);
  return connection;
}

/**
 * Closes a connection (default: `"default"`), and the embedded server it started.
 *
 * @example
 * await disconnect();
 */
export async function disconnect(name = "default"): Promise<void> {
  const connection = connections.get(name);
  if (!connection) return;
  connections.delete(name);
  await connection.close();
}

/** Closes every open connection. */
export async function disconnectAll(): Promise<void> {
  await Promise.all([...connections.keys()].map((name) => disconnect(name)));
}

/** The open connection called `name`, or undefined (where `getConnection` would throw). */
export function findConnection(name = "default"): Connection | undefined {
  return connections.get(name);
}

/**
 * The open connection with this name.
 *
 * @example
 * const db = getConnection().db;
 */
export function getConnection(name = "default"): Connection {
  const connection = findConnection(name);
  if (!connection) {
    throw new ConnectionError(
      name === "default"
        ? "not connected: call connect() first"
        : `no connection named "${name}": call connect(uri, { name: "${name}" }) first`,
    );
  }
  return connection;
}
