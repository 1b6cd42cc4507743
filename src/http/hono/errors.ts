/** Tag shared by every `ApiError`, so `isApiError` works across copies of the package. */
const API_ERROR = Symbol.for("data-bridge.hono.error");

/** Where a request value came from. */
export type IssueLocation = "body" | "query" | "param";

/** One problem with a request or a document, as it appears in error responses. */
export interface ErrorIssue {
  /** Dot path in the body (`address.zip`), the query parameter name, or `""` for the whole value. */
  readonly path: string;
  readonly message: string;
  /** Set for request validation: which part of the request the path refers to. */
  readonly in?: IssueLocation;
}

/**
 * The JSON body of every error response. `code` is stable and machine-readable; `issues` is
 * present when the error is about specific fields (validation, duplicate keys, bad query).
 */
export interface ErrorBody {
  readonly error: {
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly ErrorIssue[];
  };
}

/**
 * An error that becomes an HTTP response with this status and a JSON `ErrorBody`.
 * Throw it from handlers; `errorHandler()` renders it.
 *
 * @example
 * if (!user.active) throw new ApiError(403, "INACTIVE", "this account is disabled");
 */
export class ApiError extends Error {
  readonly [API_ERROR] = true;
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ErrorIssue[] | undefined;

  constructor(status: number, code: string, message: string, issues?: readonly ErrorIssue[]) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  /** The response body. */
  toBody(): ErrorBody {
    const { status, code, message, issues } = this;
    return { error: issues ? { status, code, message, issues } : { status, code, message } };
  }
}

/**
 * 404: the addressed thing does not exist.
 *
 * @example
 * const user = await User.get(id);
 * if (!user) throw new NotFoundError(`no user ${id}`);
 */
export class NotFoundError extends ApiError {
  constructor(message = "not found") {
    super(404, "NOT_FOUND", message);
  }
}

/**
 * 400: the request cannot be understood (malformed JSON, operator keys, unknown or repeated
 * query parameters). Lists every problem found.
 *
 * @example
 * throw new BadRequestError("INVALID_CURSOR", "the cursor is not valid", [{ path: "cursor", message: "Expected base64", in: "query" }]);
 */
export class BadRequestError extends ApiError {
  constructor(code: string, message: string, issues?: readonly ErrorIssue[]) {
    super(400, code, message, issues);
  }
}

/**
 * 422: the request is well formed but its values break the schema. Lists every failing path.
 *
 * @example
 * throw new RequestValidationError("body", [{ path: "endsAt", message: "Expected a date after startsAt", in: "body" }]);
 */
export class RequestValidationError extends ApiError {
  constructor(location: IssueLocation, issues: readonly ErrorIssue[]) {
    super(422, "VALIDATION", `invalid request ${location}: ${issues.length} invalid value(s)`, issues);
  }
}

/**
 * True for an `ApiError` from any copy of this package (checked by a symbol tag).
 *
 * @example
 * if (isApiError(error) && error.status === 404) return c.redirect("/");
 */
export function isApiError(error: unknown): error is ApiError {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[API_ERROR] === true
  );
}
