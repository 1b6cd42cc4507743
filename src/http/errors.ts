const HTTP_ERROR = Symbol.for("data-bridge.http.error");

/** What went wrong, one value per error class; switch on it instead of `instanceof`. */
export type HttpErrorKind = "timeout" | "connection" | "status" | "queue-full" | "abort" | "parse" | "schema";

/** Where a request was when it timed out or lost its connection. */
export type HttpPhase = "queue" | "response" | "body";

/**
 * Base of every error the client throws. Carries the request's method and URL.
 * Recognise it with {@link isHttpError} (a symbol tag, so it works across copies of the package).
 */
export abstract class HttpError extends Error {
  readonly [HTTP_ERROR] = true;
  abstract readonly kind: HttpErrorKind;
  readonly method: string;
  readonly url: string;

  constructor(message: string, method: string, url: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.method = method;
    this.url = url;
  }
}

/** The attempt did not finish within `timeout` ms (waiting for a slot, for headers, or reading the body). */
export class HttpTimeoutError extends HttpError {
  readonly kind = "timeout";
  override readonly name = "HttpTimeoutError";
  readonly timeoutMs: number;
  readonly phase: HttpPhase;

  constructor(method: string, url: string, timeoutMs: number, phase: HttpPhase) {
    super(`${method} ${url} timed out after ${timeoutMs} ms (${phase})`, method, url);
    this.timeoutMs = timeoutMs;
    this.phase = phase;
  }
}

/**
 * The connection failed: refused, reset, DNS failure, TLS failure, or closed by the server.
 * `phase` is `"response"` before headers arrived (retried for idempotent methods) and `"body"` when
 * the server closed the connection in the middle of the body (never retried).
 */
export class HttpConnectionError extends HttpError {
  readonly kind = "connection";
  override readonly name = "HttpConnectionError";
  /** The system code from the runtime, e.g. `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`. */
  readonly code: string;
  readonly phase: HttpPhase;

  constructor(method: string, url: string, code: string, phase: HttpPhase, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${method} ${url} failed (${code}, ${phase}): ${detail}`, method, url, cause);
    this.code = code;
    this.phase = phase;
  }
}

/** A response with a status outside 200-299 while `throwOnError` is on. `body` holds its text. */
export class HttpStatusError extends HttpError {
  readonly kind = "status";
  override readonly name = "HttpStatusError";
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** The response body as text, or `undefined` when it could not be read. */
  readonly body: string | undefined;

  constructor(
    method: string,
    url: string,
    status: number,
    statusText: string,
    headers: Headers,
    body?: string,
  ) {
    super(`${method} ${url} answered ${status}${statusText ? " " + statusText : ""}`, method, url);
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.body = body;
  }
}

/** The origin already has `maxConnectionsPerOrigin` requests running and `maxQueue` waiting. */
export class PoolQueueFullError extends HttpError {
  readonly kind = "queue-full";
  override readonly name = "PoolQueueFullError";
  readonly origin: string;
  readonly maxQueue: number;

  constructor(method: string, url: string, origin: string, maxQueue: number) {
    super(`${method} ${url}: queue for ${origin} is full (${maxQueue} waiting)`, method, url);
    this.origin = origin;
    this.maxQueue = maxQueue;
  }
}

/**
 * The caller's `signal` aborted the request. `name` is `"AbortError"` like the DOM error fetch throws,
 * so `err.name === "AbortError"` checks keep working; the signal's reason is in `cause`.
 */
export class HttpAbortError extends HttpError {
  readonly kind = "abort";
  override readonly name = "AbortError";

  constructor(method: string, url: string, reason: unknown) {
    super(`${method} ${url} was aborted`, method, url, reason);
  }
}

/** The body is not valid JSON. `excerpt` holds its first 200 characters. */
export class HttpParseError extends HttpError {
  readonly kind = "parse";
  override readonly name = "HttpParseError";
  readonly status: number;
  readonly excerpt: string;

  constructor(method: string, url: string, status: number, text: string, cause: unknown) {
    const excerpt = text.length > 200 ? text.slice(0, 200) + "…" : text;
    const what = text.length === 0 ? "an empty body" : `invalid JSON: ${JSON.stringify(excerpt)}`;
    super(`${method} ${url} (${status}) returned ${what}`, method, url, cause);
    this.status = status;
    this.excerpt = excerpt;
  }
}

/** One value that failed a schema check: JSON pointer path, what was expected, what was found. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** The JSON body does not match the schema given to `json(schema)`. `issues` lists every failing path. */
export class HttpSchemaError extends HttpError {
  readonly kind = "schema";
  override readonly name = "HttpSchemaError";
  readonly status: number;
  readonly issues: readonly SchemaIssue[];

  constructor(method: string, url: string, status: number, issues: readonly SchemaIssue[]) {
    const list = issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ");
    super(`${method} ${url} (${status}) body does not match the schema: ${list}`, method, url);
    this.status = status;
    this.issues = issues;
  }
}

interface HttpErrorByKind {
  timeout: HttpTimeoutError;
  connection: HttpConnectionError;
  status: HttpStatusError;
  "queue-full": PoolQueueFullError;
  abort: HttpAbortError;
  parse: HttpParseError;
  schema: HttpSchemaError;
}

/**
 * True for errors thrown by the HTTP client, optionally of one `kind`.
 *
 * @example
 * try { await client.get("/users") } catch (err) {
 *   if (isHttpError(err, "status") && err.status === 404) return null;
 *   throw err;
 * }
 */
export function isHttpError(value: unknown): value is HttpError;
export function isHttpError<K extends HttpErrorKind>(value: unknown, kind: K): value is HttpErrorByKind[K];
export function isHttpError(value: unknown, kind?: HttpErrorKind): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [HTTP_ERROR]?: unknown })[HTTP_ERROR] === true &&
    (kind === undefined || (value as HttpError).kind === kind)
  );
}
