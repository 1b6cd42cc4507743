import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  type DuplicateKeyError,
  isOrmError,
  type OrmError,
  type QueryError,
  type ValidationError,
} from "../../orm/index.ts";
import { ApiError, type ErrorBody, isApiError } from "./errors.ts";
import { toErrorIssues } from "./issues.ts";

/** Options of `errorHandler()`. */
export interface ErrorHandlerOptions {
  /**
   * Called with every error answered with a 5xx status (the response never carries the details).
   * Default: `console.error`. `false` logs nothing.
   */
  log?: ((error: unknown, c: Context) => void) | false;
}

const STATUS_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  408: "REQUEST_TIMEOUT",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "VALIDATION",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

const codeFor = (status: number) => STATUS_CODES[status] ?? `HTTP_${status}`;

function fromOrmError(error: OrmError): ApiError {
  switch (error.code) {
    case "VALIDATION": {
      const issues = toErrorIssues((error as ValidationError).issues);
      return new ApiError(422, "VALIDATION", `${issues.length} invalid value(s)`, issues);
    }
    case "DUPLICATE_KEY": {
      const { fields } = error as DuplicateKeyError;
      return new ApiError(
        409,
        "DUPLICATE_KEY",
        `a document with the same ${fields.join(", ")} already exists`,
        fields.map((path) => ({ path, message: "must be unique" })),
      );
    }
    case "CONFLICT":
      return new ApiError(409, "CONFLICT", error.message);
    case "CONNECTION":
      return new ApiError(503, "DATABASE_UNAVAILABLE", "the database is unavailable");
    case "SCHEMA":
      return new ApiError(500, "INTERNAL", "internal server error");
    default: {
      // QueryError: a filter, id or update from the request was refused before reaching the database.
      const { path, message } = error as QueryError;
      return new ApiError(400, error.code, message, path === undefined ? undefined : [{ path, message }]);
    }
  }
}

/**
 * The `ApiError` an error is answered with: `ApiError`s as they are, ORM errors by kind
 * (`ValidationError` 422, `DuplicateKeyError` and `ConflictError` 409, `QueryError` 400,
 * `ConnectionError` 503), Hono's `HTTPException` by its status, anything else 500.
 *
 * @example
 * const { status, code } = toApiError(new NotFoundError());   // 404, "NOT_FOUND"
 */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  if (isOrmError(error)) return fromOrmError(error);
  if (error instanceof HTTPException) {
    const status = error.status;
    return new ApiError(status, codeFor(status), error.message || codeFor(status).toLowerCase());
  }
  return new ApiError(500, "INTERNAL", "internal server error");
}

/**
 * Writes an `ErrorBody` response.
 *
 * @example
 * app.onError((error, c) => errorResponse(c, toApiError(error)));
 */
export function errorResponse(c: Context, error: ApiError): Response {
  const body: ErrorBody = error.toBody();
  return c.json(body, error.status as ContentfulStatusCode);
}

/**
 * Hono error handler answering every error with a JSON `ErrorBody` (see `toApiError` for the
 * statuses). 5xx answers say only "internal server error" or "the database is unavailable":
 * messages and stack traces go to `log`, never to the client.
 *
 * @example
 * const app = new Hono();
 * app.onError(errorHandler());
 * app.notFound(notFoundHandler);
 */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorHandler {
  const log = options.log === undefined ? defaultLog : options.log;
  return (error, c) => {
    if (error instanceof HTTPException && error.res) return error.getResponse();
    const answer = toApiError(error);
    if (answer.status >= 500 && log) log(error, c);
    return errorResponse(c, answer);
  };
}

function defaultLog(error: unknown, c: Context): void {
  console.error(`data-bridge/hono: ${c.req.method} ${c.req.path} failed:`, error);
}

/**
 * Hono not-found handler: a 404 `ErrorBody` naming the method and path.
 *
 * @example
 * app.notFound(notFoundHandler);
 */
export const notFoundHandler: NotFoundHandler = (c) =>
  errorResponse(c, new ApiError(404, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
