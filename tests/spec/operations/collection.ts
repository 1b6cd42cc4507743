import type { AnyBulkWriteOperation, Collection } from "mongodb";
import { isDocument } from "../bson-values.ts";
import type { Document } from "../types.ts";
import { initialized, openChangeStream, type OperationHandler, takeArguments } from "./context.ts";

/** Collection operations of the CRUD, index-management and change-stream specifications. */

type CollectionOperation = OperationHandler<Collection<Document>>;

/** `{ insertOne: { document } }` etc. checked to be one request of a known kind. */
function toBulkRequest(request: unknown): AnyBulkWriteOperation<Document> {
  const kinds = ["insertOne", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany"];
  const keys = isDocument(request) ? Object.keys(request) : [];
  if (keys.length !== 1 || !kinds.includes(keys[0]!)) {
    throw new Error(
      `bulkWrite: each request needs exactly one of ${kinds.join(", ")}, got ${JSON.stringify(keys)}`,
    );
  }
  return request as AnyBulkWriteOperation<Document>;
}

export const collectionOperations: Record<string, CollectionOperation> = {
  aggregate: (collection, args) => {
    const [{ pipeline }, options] = takeArguments("aggregate", args, "pipeline");
    return collection.aggregate(pipeline, options).toArray();
  },
  bulkWrite: (collection, args) => {
    const [{ requests }, options] = takeArguments("bulkWrite", args, "requests");
    return collection.bulkWrite((requests as unknown[]).map(toBulkRequest), options);
  },
  count: (collection, args) => {
    const { filter, ...options } = args;
    return collection.count((filter ?? {}) as Document, options);
  },
  countDocuments: (collection, args) => {
    const [{ filter }, options] = takeArguments("countDocuments", args, "filter");
    return collection.countDocuments(filter, options);
  },
  createChangeStream: (collection, args) => openChangeStream(collection, args),
  createFindCursor: async (collection, args) => {
    const { filter, ...options } = args;
    const cursor = collection.find((filter ?? {}) as Document, options);
    return initialized(cursor);
  },
  createIndex: (collection, args) => {
    const [{ keys }, options] = takeArguments("createIndex", args, "keys");
    return collection.createIndex(keys, options);
  },
  createIndexes: (collection, args) => {
    const [{ models }, options] = takeArguments("createIndexes", args, "models");
    return collection.createIndexes(models, options);
  },
  deleteMany: (collection, args) => {
    const [{ filter }, options] = takeArguments("deleteMany", args, "filter");
    return collection.deleteMany(filter, options);
  },
  deleteOne: (collection, args) => {
    const [{ filter }, options] = takeArguments("deleteOne", args, "filter");
    return collection.deleteOne(filter, options);
  },
  distinct: (collection, args) => {
    const [{ fieldName, filter }, options] = takeArguments("distinct", args, "fieldName", "filter");
    return collection.distinct(fieldName, filter, options);
  },
  drop: (collection, args) => collection.drop(args),
  dropIndex: (collection, args) => {
    const [{ name }, options] = takeArguments("dropIndex", args, "name");
    return collection.dropIndex(name, options);
  },
  dropIndexes: (collection, args) => collection.dropIndexes(args),
  estimatedDocumentCount: (collection, args) => collection.estimatedDocumentCount(args),
  find: (collection, args) => {
    const { filter, ...options } = args;
    return collection.find((filter ?? {}) as Document, options).toArray();
  },
  findOne: (collection, args) => {
    const { filter, ...options } = args;
    return collection.findOne((filter ?? {}) as Document, options);
  },
  findOneAndDelete: (collection, args) => {
    const [{ filter }, options] = takeArguments("findOneAndDelete", args, "filter");
    return collection.findOneAndDelete(filter, options);
  },
  findOneAndReplace: (collection, args) => {
    const [{ filter, replacement }, options] = takeArguments(
      "findOneAndReplace",
      args,
      "filter",
      "replacement",
    );
    return collection.findOneAndReplace(filter, replacement, options);
  },
  findOneAndUpdate: (collection, args) => {
    const [{ filter, update }, options] = takeArguments("findOneAndUpdate", args, "filter", "update");
    return collection.findOneAndUpdate(filter, update, options);
  },
  insertMany: (collection, args) => {
    const [{ documents }, options] = takeArguments("insertMany", args, "documents");
    return collection.insertMany(documents, options);
  },
  insertOne: (collection, args) => {
    const [{ document }, options] = takeArguments("insertOne", args, "document");
    return collection.insertOne(document, options);
  },
  listIndexes: (collection, args) => collection.listIndexes(args).toArray(),
  listIndexNames: async (collection, args) =>
    (await collection.listIndexes(args).toArray()).map((index) => index.name),
  rename: (collection, args) => {
    const [{ to }, options] = takeArguments("rename", args, "to");
    return collection.rename(to, options).then(() => undefined);
  },
  replaceOne: (collection, args) => {
    const [{ filter, replacement }, options] = takeArguments("replaceOne", args, "filter", "replacement");
    return collection.replaceOne(filter, replacement, options);
  },
  updateMany: (collection, args) => {
    const [{ filter, update }, options] = takeArguments("updateMany", args, "filter", "update");
    return collection.updateMany(filter, update, options);
  },
  updateOne: (collection, args) => {
    const [{ filter, update }, options] = takeArguments("updateOne", args, "filter", "update");
    return collection.updateOne(filter, update, options);
  },
};
