import { ObjectId } from "bson";
import { CursorManager } from "./cursors.ts";
import { FailPoints } from "./failpoints.ts";
import { SessionRegistry } from "./sessions/sessions.ts";
import { Storage } from "./storage/engine.ts";

export interface ServerStateOptions {
  dbPath?: string;
  /** host:port that hello reports, i.e. the address clients use. */
  address: string;
  setName: string;
  cursorTimeoutMs?: number;
}

/** Everything the commands share: storage, cursors and the server's identity. */
export class ServerState {
  readonly storage: Storage;
  readonly cursors: CursorManager;
  readonly sessions: SessionRegistry;
  readonly failPoints = new FailPoints();
  readonly startedAt = Date.now();
  readonly processId = new ObjectId();
  readonly electionId = new ObjectId("7fffffff0000000000000001");
  address: string;
  readonly setName: string;
  #nextConnectionId = 1;
  openConnections = 0;
  totalConnections = 0;
  readonly counters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };

  constructor(options: ServerStateOptions) {
    this.storage = new Storage(options.dbPath);
    this.cursors = new CursorManager(options.cursorTimeoutMs);
    this.sessions = new SessionRegistry(this.storage);
    this.address = options.address;
    this.setName = options.setName;
  }

  readonly #stopping = Promise.withResolvers<void>();
  /** Settles when the server begins to close, so waiting commands (awaitable hello) can end early. */
  readonly stopping: Promise<void> = this.#stopping.promise;

  shutdown(): void {
    this.#stopping.resolve();
  }

  nextConnectionId(): number {
    return this.#nextConnectionId++;
  }
}
