import { MongoError, MongoServerError } from "mongodb";
import { describe, toDocumentTree } from "./bson-values.ts";
import { assertMatches, type MatchEntities, MatchError, scalarEquals } from "./matcher.ts";
import type { Document, ExpectedError } from "./types.ts";

/**
 * `expectError` assertions. Bulk write errors aggregate several server errors, so code, code
 * name and message assertions look at the top-level error, its `cause` and every write error.
 */

/** The driver error fields read here (a superset over MongoServerError, bulk and client-bulk errors). */
interface DriverErrorFields {
  message?: string;
  code?: number;
  codeName?: string;
  errorResponse?: Document;
  cause?: DriverErrorFields;
  writeErrors?: DriverErrorFields[] | Map<number, DriverErrorFields>;
  writeConcernError?: DriverErrorFields;
  writeConcernErrors?: DriverErrorFields[];
  errmsg?: string;
  err?: DriverErrorFields;
  result?: unknown;
  partialResult?: unknown;
  hasErrorLabel?(label: string): boolean;
  errorLabels?: string[];
}

/** True when the error came from a server reply (as opposed to driver validation or the network). */
export function isServerError(error: unknown): boolean {
  return error instanceof MongoServerError;
}

/** A driver-side error: MongoError that is not a server error, or a BSON serialization error. */
function isClientError(error: unknown): boolean {
  if (error instanceof MongoError) return !isServerError(error);
  return (error as Error | undefined)?.name === "BSONError";
}

/** The error and the errors it aggregates, each once. */
function relatedErrors(error: DriverErrorFields): DriverErrorFields[] {
  const writeErrors =
    error.writeErrors instanceof Map ? [...error.writeErrors.values()] : (error.writeErrors ?? []);
  const related = [
    error,
    error.cause,
    error.err,
    error.writeConcernError,
    ...writeErrors,
    ...(error.writeConcernErrors ?? []),
  ];
  return related.filter((item): item is DriverErrorFields => item != null && typeof item === "object");
}

function fail(field: string, message: string): never {
  throw new MatchError({ path: `expectError.${field}`, message });
}

/**
 * Asserts a caught error against an `expectError` object.
 *
 * @example
 * assertExpectedError({ errorCode: 11000 }, caught, entities);
 */
export function assertExpectedError(expected: ExpectedError, error: unknown, entities: MatchEntities): void {
  const fields = error as DriverErrorFields;
  const related = relatedErrors(fields);
  const summary = `${(error as Error)?.name ?? "error"}: ${fields.message}`;

  if (expected.isClientError !== undefined && expected.isClientError !== isClientError(error)) {
    fail(
      "isClientError",
      `expected ${expected.isClientError ? "a client" : "a server"} error, got ${summary}`,
    );
  }
  if (expected.isTimeoutError !== undefined) {
    const isTimeout = (error as Error)?.name === "MongoOperationTimeoutError";
    if (isTimeout !== expected.isTimeoutError)
      fail("isTimeoutError", `expected ${expected.isTimeoutError}, got ${summary}`);
  }
  if (expected.errorContains !== undefined) {
    const needle = expected.errorContains.toLowerCase();
    const messages = related.flatMap((item) => [item.message, item.errmsg]).filter((m): m is string => !!m);
    if (!messages.some((message) => message.toLowerCase().includes(needle))) {
      fail("errorContains", `"${expected.errorContains}" not found in ${JSON.stringify(messages)}`);
    }
  }
  if (expected.errorCode !== undefined) {
    const codes = related.map((item) => item.code).filter((code) => code !== undefined);
    if (!codes.some((code) => scalarEquals(expected.errorCode, code))) {
      fail(
        "errorCode",
        `expected ${describe(expected.errorCode)}, got ${JSON.stringify(codes)} (${summary})`,
      );
    }
  }
  if (expected.errorCodeName !== undefined) {
    const names = related.map((item) => item.codeName).filter((name): name is string => !!name);
    if (!names.some((name) => name.toLowerCase() === expected.errorCodeName!.toLowerCase())) {
      fail("errorCodeName", `expected ${expected.errorCodeName}, got ${JSON.stringify(names)} (${summary})`);
    }
  }
  for (const label of expected.errorLabelsContain ?? []) {
    if (!fields.hasErrorLabel?.(label))
      fail("errorLabelsContain", `missing label ${label}; labels: ${labelsOf(fields)}`);
  }
  for (const label of expected.errorLabelsOmit ?? []) {
    if (fields.hasErrorLabel?.(label)) fail("errorLabelsOmit", `unexpected label ${label}`);
  }
  if (expected.errorResponse !== undefined) {
    const response = fields.errorResponse ?? fields.cause?.errorResponse;
    if (!response) fail("errorResponse", `the error carries no server response (${summary})`);
    assertMatches(expected.errorResponse, response, { root: true, entities });
  }
  if (expected.writeErrors !== undefined) {
    const actual = toDocumentTree(fields.writeErrors ?? new Map()) as Document;
    assertWriteErrors(expected.writeErrors, actual, entities);
  }
  if (expected.writeConcernErrors !== undefined) {
    const actual = toDocumentTree(fields.writeConcernErrors ?? []);
    assertMatches(expected.writeConcernErrors, actual, { rootElements: true, entities });
  }
  if (expected.expectResult !== undefined) {
    const result = toDocumentTree(fields.partialResult ?? fields.result);
    assertMatches(expected.expectResult, result, { root: true, entities });
  }
}

function assertWriteErrors(expected: Document, actual: Document, entities: MatchEntities): void {
  const extra = Object.keys(actual).filter((index) => !Object.hasOwn(expected, index));
  if (extra.length > 0) fail("writeErrors", `unexpected write errors at index ${extra.join(", ")}`);
  for (const [index, writeError] of Object.entries(expected)) {
    if (!Object.hasOwn(actual, index)) fail("writeErrors", `no write error at index ${index}`);
    assertMatches(writeError, actual[index], { root: true, entities });
  }
}

function labelsOf(error: DriverErrorFields): string {
  return JSON.stringify(error.errorLabels ?? []);
}
