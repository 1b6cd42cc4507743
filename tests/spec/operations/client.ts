import type { AnyClientBulkWriteModel } from "mongodb";
import { isDocument } from "../bson-values.ts";
import type { ClientEntity } from "../entities.ts";
import type { Document } from "../types.ts";
import { openChangeStream, type OperationHandler, takeArguments } from "./context.ts";

/** Client operations: listDatabases, client-level bulk write, change streams, close. */

type ClientOperation = OperationHandler<ClientEntity>;

/** `{ insertOne: { namespace, document } }` (test format) -> `{ name: "insertOne", namespace, document }` (driver). */
function toClientModel(model: unknown): AnyClientBulkWriteModel<Document> {
  const entries = isDocument(model) ? Object.entries(model) : [];
  const [name, fields] = entries[0] ?? [];
  if (entries.length !== 1 || !isDocument(fields)) {
    throw new Error(`clientBulkWrite: each model needs exactly one write kind, got ${JSON.stringify(model)}`);
  }
  return { name, ...fields } as unknown as AnyClientBulkWriteModel<Document>;
}

export const clientOperations: Record<string, ClientOperation> = {
  clientBulkWrite: ({ client }, args) => {
    const [{ models }, options] = takeArguments("clientBulkWrite", args, "models");
    return client.bulkWrite((models as unknown[]).map(toClientModel), options);
  },
  close: async ({ client }) => {
    await client.close();
    return undefined;
  },
  createChangeStream: ({ client }, args) => openChangeStream(client, args),
  listDatabaseNames: async ({ client }, args) => {
    const result = await client
      .db("admin")
      .admin()
      .listDatabases({ ...args, nameOnly: true });
    return result.databases.map((info) => info.name);
  },
  listDatabases: async ({ client }, args) => {
    const result = await client.db("admin").admin().listDatabases(args);
    return result.databases;
  },
};
