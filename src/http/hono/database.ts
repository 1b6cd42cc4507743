import type { MiddlewareHandler } from "hono";
import { type ConnectOptions, type Connection, connect, findConnection } from "../../orm/index.ts";

/** Options of `database()`: where to connect (default: embedded in-memory server) and driver options. */
export interface DatabaseOptions extends ConnectOptions {
  /**
   * MongoDB URI. Default: `DATA_BRIDGE_URI`, else `MONGODB_URI`, else an embedded in-memory
   * server started in this process (see `connect()`).
   */
  uri?: string;
}

/** Connections being opened, by name: concurrent first requests share one `connect()`. */
const opening = new Map<string, Promise<Connection>>();

/**
 * Opens the connection named `options.name` (default `"default"`) unless it is already open,
 * once per process: concurrent callers wait for the same `connect()`. A failed attempt is
 * forgotten, so the next call tries again.
 *
 * @example
 * await ensureDatabase();                                  // embedded server, in memory
 * await ensureDatabase({ uri: "mongodb://db:27017/shop" });
 */
export function ensureDatabase(options: DatabaseOptions = {}): Promise<Connection> {
  const name = options.name ?? "default";
  const open = findConnection(name);
  if (open) return Promise.resolve(open);
  let pending = opening.get(name);
  if (!pending) {
    const { uri, ...connectOptions } = options;
    pending = connect(uri, { ...connectOptions, name }).finally(() => opening.delete(name));
    opening.set(name, pending);
  }
  return pending;
}

/**
 * Middleware that makes sure the database is connected before the handlers run (see
 * `ensureDatabase`). Once connected, a request costs one map lookup. A connection failure is
 * answered 503 by `errorHandler()`.
 *
 * @example
 * const app = new Hono();
 * app.use(database());                                      // embedded in-memory server
 * app.use(database({ uri: process.env.MONGO_URL, maxPoolSize: 20 }));
 */
export function database(options: DatabaseOptions = {}): MiddlewareHandler {
  const name = options.name ?? "default";
  return async (_c, next) => {
    if (!findConnection(name)) await ensureDatabase(options);
    await next();
  };
}
