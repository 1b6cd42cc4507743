import {
  type ClientSession,
  type Collection,
  type Db,
  GridFSBucket,
  MongoClient,
  type MongoClientOptions,
} from "mongodb";
import { describe, isDocument, toNative } from "./bson-values.ts";
import { EventRecorder } from "./events.ts";
import type { MatchEntities } from "./matcher.ts";
import { toDriverOptions } from "./options.ts";
import type { Document, EntityDescription } from "./types.ts";
import { UNSUPPORTED_CLIENT_FIELDS, UNSUPPORTED_ENTITIES, UnsupportedFeature } from "./unsupported.ts";

/** A client entity: the driver client and the recorder of its events. */
export interface ClientEntity {
  client: MongoClient;
  recorder: EventRecorder;
  /** Events are observed only for the types listed in `observeEvents`. */
  observeEvents: readonly string[];
}

/** A session entity; `lsid` is captured at creation so it survives `endSession`. */
export interface SessionEntity {
  session: ClientSession;
  lsid: Document;
  clientId: string;
}

/** What `next`/`tryNext`/`close` are called on: find and command cursors, change streams. */
export interface CursorLike {
  next(): Promise<unknown>;
  tryNext(): Promise<unknown>;
  close(): Promise<void>;
}

interface EntityKinds {
  client: ClientEntity;
  database: Db;
  collection: Collection<Document>;
  session: SessionEntity;
  bucket: GridFSBucket;
  cursor: CursorLike;
  /** A BSON value stored by `saveResultAsEntity`. */
  value: unknown;
}

export type EntityKind = keyof EntityKinds;

/**
 * The per-test entity map: unique names, typed lookups, and cleanup (sessions ended, cursors
 * closed, clients closed) when the test is over.
 */
export class EntityMap implements MatchEntities {
  readonly #entries = new Map<string, { kind: EntityKind; value: unknown }>();

  set<K extends EntityKind>(id: string, kind: K, value: EntityKinds[K]): void {
    if (this.#entries.has(id)) throw new Error(`entity "${id}" already exists`);
    this.#entries.set(id, { kind, value });
  }

  get<K extends EntityKind>(id: string, kind: K): EntityKinds[K] {
    const entry = this.#entries.get(id);
    if (!entry) throw new Error(`no entity named "${id}"`);
    if (entry.kind !== kind) throw new Error(`entity "${id}" is a ${entry.kind}, not a ${kind}`);
    return entry.value as EntityKinds[K];
  }

  kindOf(id: string): EntityKind | undefined {
    return this.#entries.get(id)?.kind;
  }

  /** All entities of one kind, with their names. */
  all<K extends EntityKind>(kind: K): [string, EntityKinds[K]][] {
    return [...this.#entries]
      .filter(([, entry]) => entry.kind === kind)
      .map(([id, entry]) => [id, entry.value as EntityKinds[K]]);
  }

  sessionLsid(name: string): Document {
    return this.get(name, "session").lsid;
  }

  bsonEntity(name: string): unknown {
    return this.get(name, "value");
  }

  /** Stops every client's event recording (before cleanup sends commands of its own). */
  stopRecording(): void {
    for (const [, client] of this.all("client")) client.recorder.stop();
  }

  /** Ends sessions, closes cursors and change streams, then closes clients. Errors are ignored. */
  async close(): Promise<void> {
    for (const [, cursor] of this.all("cursor")) await cursor.close().catch(() => {});
    for (const [, entity] of this.all("session")) await entity.session.endSession().catch(() => {});
    for (const [, entity] of this.all("client")) await entity.client.close(true).catch(() => {});
    this.#entries.clear();
  }
}

/**
 * Creates `createEntities` entries (in order) into the map.
 *
 * @example
 * await createEntities([{ client: { id: "client0" } }], entities, "mongodb://127.0.0.1:27017/");
 */
export async function createEntities(
  descriptions: readonly EntityDescription[],
  entities: EntityMap,
  uri: string,
): Promise<void> {
  for (const description of descriptions) {
    const [type, spec] = Object.entries(description)[0] ?? [];
    if (type === undefined || !spec) throw new Error(`malformed entity ${describe(description)}`);
    switch (type) {
      case "client":
        entities.set(spec.id, "client", await createClient(spec, uri));
        break;
      case "database": {
        const { client } = entities.get(String(spec.client), "client");
        entities.set(
          spec.id,
          "database",
          client.db(String(spec.databaseName), toDriverOptions(spec.databaseOptions as Document)),
        );
        break;
      }
      case "collection": {
        const db = entities.get(String(spec.database), "database");
        const options = toDriverOptions(spec.collectionOptions as Document);
        entities.set(spec.id, "collection", db.collection(String(spec.collectionName), options));
        break;
      }
      case "session": {
        const clientId = String(spec.client);
        const { client } = entities.get(clientId, "client");
        const session = client.startSession(toDriverOptions(spec.sessionOptions as Document));
        const lsid = { id: session.id!.id };
        entities.set(spec.id, "session", { session, lsid, clientId });
        break;
      }
      case "bucket": {
        const db = entities.get(String(spec.database), "database");
        entities.set(
          spec.id,
          "bucket",
          new GridFSBucket(db, toDriverOptions(spec.bucketOptions as Document)),
        );
        break;
      }
      default:
        throw new UnsupportedFeature(UNSUPPORTED_ENTITIES[type] ?? `entity type "${type}" is not supported`);
    }
  }
}

async function createClient(spec: Document, uri: string): Promise<ClientEntity> {
  for (const [field, reason] of Object.entries(UNSUPPORTED_CLIENT_FIELDS)) {
    if (spec[field] !== undefined) throw new UnsupportedFeature(reason);
  }
  const uriOptions = (spec.uriOptions ?? {}) as Document;
  const observeEvents = (spec.observeEvents ?? []) as string[];
  const options = {
    monitorCommands: observeEvents.some((name) => name.startsWith("command")),
    // Driver-internal switch (used by the driver's own unified runner): without it connect()
    // checks out a connection for a ping, which the CMAP event tests would observe.
    __skipPingOnConnect: true,
  } as MongoClientOptions;
  if (isDocument(spec.serverApi))
    options.serverApi = toNative(spec.serverApi) as MongoClientOptions["serverApi"];
  const client = new MongoClient(withUriOptions(uri, uriOptions), options);
  const recorder = new EventRecorder(client, {
    observeEvents,
    ignoreCommandMonitoringEvents: spec.ignoreCommandMonitoringEvents as string[] | undefined,
    observeSensitiveCommands: spec.observeSensitiveCommands === true,
  });
  await client.connect();
  return { client, recorder, observeEvents };
}

/**
 * Appends `uriOptions` to a connection string; they override options already in it.
 * A fast server selection timeout is added unless the test sets one, so a dead server fails quickly.
 */
export function withUriOptions(uri: string, uriOptions: Document): string {
  const url = new URL(uri);
  if (!Object.hasOwn(uriOptions, "serverSelectionTimeoutMS"))
    url.searchParams.set("serverSelectionTimeoutMS", "5000");
  for (const [key, raw] of Object.entries(uriOptions)) {
    const value = toNative(raw);
    if (isDocument(value) && Object.hasOwn(value, "$$placeholder")) {
      throw new UnsupportedFeature(
        `uriOptions.${key} needs a value from the test environment ($$placeholder)`,
      );
    }
    url.searchParams.delete(key);
    if (key === "readPreferenceTags" && Array.isArray(value)) {
      for (const tags of value) url.searchParams.append(key, String(tags));
    } else if (isDocument(value)) {
      url.searchParams.set(
        key,
        Object.entries(value)
          .map(([k, v]) => `${k}:${v}`)
          .join(","),
      );
    } else {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}
