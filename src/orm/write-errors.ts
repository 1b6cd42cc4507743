import { DuplicateKeyError } from "./errors.ts";

interface RawWriteError {
  code?: number;
  errmsg?: string;
  message?: string;
  keyPattern?: Record<string, unknown>;
  keyValue?: Record<string, unknown>;
  err?: RawWriteError;
  writeErrors?: RawWriteError[] | RawWriteError;
}

function duplicateOf(error: RawWriteError): RawWriteError | undefined {
  if (error.code === 11000) return error;
  const writeErrors = error.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  const found = list.find((w) => w.code === 11000 || w.err?.code === 11000);
  return found?.err?.code === 11000 ? { ...found.err, ...found } : found;
}

/** Turns a driver error for a unique-index violation into a `DuplicateKeyError`; other errors pass through. */
export function translateWriteError(error: unknown, collection: string): unknown {
  if (typeof error !== "object" || error === null) return error;
  const duplicate = duplicateOf(error as RawWriteError);
  if (!duplicate) return error;
  const message = duplicate.errmsg ?? duplicate.message ?? "";
  const keyValue = duplicate.keyValue ?? duplicate.err?.keyValue ?? {};
  const keyPattern = duplicate.keyPattern ?? duplicate.err?.keyPattern ?? keyValue;
  const fields = Object.keys(keyPattern);
  const index =
    /index: (\S+)/.exec(message)?.[1] ??
    Object.entries(keyPattern)
      .map(([key, direction]) => `${key}_${direction}`)
      .join("_");
  return new DuplicateKeyError(collection, index, fields, keyValue, error);
}
