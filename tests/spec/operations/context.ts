import type { ChangeStream, MongoClient } from "mongodb";
import type { EntityMap } from "../entities.ts";
import type { FailPoints } from "../fail-points.ts";
import type { Document, Operation } from "../types.ts";

/** What an operation handler can reach besides its target entity. */
export interface OperationContext {
  entities: EntityMap;
  /** The runner's own client, for assertions that must not use a test entity. */
  internalClient: MongoClient;
  /** Connection string client entities are built from. */
  uri: string;
  failPoints: FailPoints;
  /** Runs a nested operation (a withTransaction callback step) with its assertions; its error propagates. */
  runNested(operation: Operation): Promise<void>;
  /** Set when the test started a transaction, so open transactions are killed afterwards. */
  usedTransactions: boolean;
}

/** Runs one named operation on a target entity with prepared arguments and returns its result. */
export type OperationHandler<Target> = (
  target: Target,
  args: Document,
  context: OperationContext,
) => Promise<unknown>;

/** Splits the named required arguments off the rest, failing clearly when one is missing. */
export function takeArguments<const K extends string>(
  operation: string,
  args: Document,
  ...names: K[]
): [Record<K, any>, Document] {
  const picked = {} as Record<K, any>;
  const rest: Document = { ...args };
  for (const name of names) {
    if (!Object.hasOwn(args, name)) throw new Error(`${operation}: missing required argument "${name}"`);
    picked[name] = args[name];
    delete rest[name];
  }
  return [picked, rest];
}

/** The driver's `cursorInit()`: internal, documented as exposed for unified test runners. */
interface InitializableCursor {
  cursorInit(): Promise<void>;
}

/** Runs a cursor's first command (find, aggregate, ...) without consuming a document. */
export async function initialized<C extends object>(cursor: C): Promise<C> {
  await (cursor as unknown as InitializableCursor).cursorInit();
  return cursor;
}

/**
 * `watch()` on a client, database or collection, with the change stream's aggregate already run
 * (the format requires the server-side cursor to exist once the operation returns).
 */
export async function openChangeStream(
  target: { watch(pipeline: Document[], options: Document): ChangeStream },
  args: Document,
): Promise<ChangeStream> {
  const { pipeline, ...options } = args;
  const stream = target.watch((pipeline ?? []) as Document[], options);
  await initialized((stream as unknown as { cursor: object }).cursor);
  return stream;
}
