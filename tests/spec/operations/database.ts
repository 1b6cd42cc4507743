import type { Db, RunCommandCursor } from "mongodb";
import type { Document } from "../types.ts";
import { initialized, openChangeStream, type OperationHandler, takeArguments } from "./context.ts";

/** Database operations: commands, collection management, database-level aggregate and cursors. */

type DatabaseOperation = OperationHandler<Db>;

/** `db.runCursorCommand` with the getMore options the format allows. */
function commandCursor(db: Db, args: Document): RunCommandCursor {
  const [{ command }, options] = takeArguments("runCursorCommand", args, "command", "commandName");
  const { batchSize, maxTimeMS, comment, ...rest } = options;
  const cursor = db.runCursorCommand(command, rest);
  if (batchSize !== undefined) cursor.setBatchSize(batchSize as number);
  if (maxTimeMS !== undefined) cursor.setMaxTimeMS(maxTimeMS as number);
  if (comment !== undefined) cursor.setComment(comment);
  return cursor;
}

export const databaseOperations: Record<string, DatabaseOperation> = {
  aggregate: (db, args) => {
    const [{ pipeline }, options] = takeArguments("aggregate", args, "pipeline");
    return db.aggregate(pipeline, options).toArray();
  },
  createChangeStream: (db, args) => openChangeStream(db, args),
  createCollection: async (db, args) => {
    const [{ collection }, options] = takeArguments("createCollection", args, "collection");
    await db.createCollection(collection, options);
    return undefined;
  },
  createCommandCursor: async (db, args) => {
    const cursor = commandCursor(db, args);
    return initialized(cursor);
  },
  dropCollection: (db, args) => {
    const [{ collection }, options] = takeArguments("dropCollection", args, "collection");
    return db.dropCollection(collection, options);
  },
  listCollectionNames: async (db, args) => {
    const { filter, ...options } = args;
    const collections = await db
      .listCollections((filter ?? {}) as Document, { ...options, nameOnly: true })
      .toArray();
    return collections.map((info) => info.name);
  },
  listCollections: (db, args) => {
    const { filter, ...options } = args;
    return db.listCollections((filter ?? {}) as Document, options).toArray();
  },
  modifyCollection: (db, args) => {
    const [{ collection }, options] = takeArguments("modifyCollection", args, "collection");
    const { session, ...fields } = options;
    return db.command({ collMod: collection, ...fields }, { session: session as never });
  },
  runCommand: (db, args) => {
    const [{ command }, options] = takeArguments("runCommand", args, "command", "commandName");
    return db.command(command, options);
  },
  runCursorCommand: (db, args) => commandCursor(db, args).toArray(),
};
