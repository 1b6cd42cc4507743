import type { GridFSBucket, ObjectId } from "mongodb";
import { isDocument } from "../bson-values.ts";
import type { Document } from "../types.ts";
import { type OperationHandler, takeArguments } from "./context.ts";

/** GridFS bucket operations; streams are fed from and read into byte buffers. */

type BucketOperation = OperationHandler<GridFSBucket>;

/** `{ $$hexBytes: "12ab" }` -> bytes, rejecting anything malformed. */
function hexBytes(source: unknown): Buffer {
  const hex = isDocument(source) ? source.$$hexBytes : undefined;
  if (typeof hex !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw new Error(
      `upload: source must be { $$hexBytes: <even-length hex> }, got ${JSON.stringify(source)}`,
    );
  }
  return Buffer.from(hex, "hex");
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function finish(stream: NodeJS.WritableStream & { id: unknown }, bytes: Buffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    stream.once("error", reject);
    stream.once("finish", () => resolve(stream.id));
    stream.end(bytes);
  });
}

export const bucketOperations: Record<string, BucketOperation> = {
  delete: async (bucket, args) => {
    await bucket.delete(args.id as ObjectId);
    return undefined;
  },
  download: (bucket, args) => readAll(bucket.openDownloadStream(args.id as ObjectId)),
  downloadByName: (bucket, args) => {
    const [{ filename }, options] = takeArguments("downloadByName", args, "filename");
    return readAll(bucket.openDownloadStreamByName(filename, options));
  },
  drop: async (bucket) => {
    await bucket.drop();
    return undefined;
  },
  find: (bucket, args) => {
    const { filter, ...options } = args;
    return bucket.find((filter ?? {}) as Document, options).toArray();
  },
  rename: async (bucket, args) => {
    await bucket.rename(args.id as ObjectId, String(args.newFilename));
    return undefined;
  },
  upload: (bucket, args) => {
    const [{ filename, source }, options] = takeArguments("upload", args, "filename", "source");
    return finish(bucket.openUploadStream(filename, options), hexBytes(source));
  },
  uploadWithId: (bucket, args) => {
    const [{ id, filename, source }, options] = takeArguments(
      "uploadWithId",
      args,
      "id",
      "filename",
      "source",
    );
    return finish(bucket.openUploadStreamWithId(id, filename, options), hexBytes(source));
  },
};
