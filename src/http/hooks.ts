import type { HttpError } from "./errors.ts";
import type { HttpResponse } from "./response.ts";

/** The request as hooks see it. `beforeRequest` may change `url` and `headers` before each attempt. */
export interface HttpRequestInfo {
  readonly method: string;
  url: string;
  readonly headers: Headers;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
}

/** What `beforeRetry` is told: why the last attempt failed and how long the client will wait. */
export interface HttpRetryInfo {
  readonly request: HttpRequestInfo;
  /** 1 for the first retry. */
  readonly retry: number;
  readonly delayMs: number;
  /** Set when the attempt failed with a connection error. */
  readonly error?: HttpError;
  /** Set when the attempt got a retryable status (its body is already discarded). */
  readonly response?: HttpResponse;
}

type OneOrMany<F> = F | readonly F[];

/**
 * Functions called around each request. Each may be one function or a list; they run in order and
 * are awaited. A hook that throws fails the request with its error.
 */
export interface HttpHooks {
  /** Before every attempt, retries included: add auth headers, sign, log. */
  beforeRequest?: OneOrMany<(request: HttpRequestInfo) => void | Promise<void>>;
  /** After the final response (not for responses that get retried), before `throwOnError` checks it. */
  afterResponse?: OneOrMany<(response: HttpResponse, request: HttpRequestInfo) => void | Promise<void>>;
  /** Before waiting for a retry. */
  beforeRetry?: OneOrMany<(retry: HttpRetryInfo) => void | Promise<void>>;
  /** When the request fails for good with an {@link HttpError}, before it is thrown. */
  onError?: OneOrMany<(error: HttpError, request: HttpRequestInfo) => void | Promise<void>>;
}

/** Hooks as lists; `undefined` when none are set, so the request path can skip them with one check. */
export interface HookLists {
  beforeRequest: readonly ((request: HttpRequestInfo) => void | Promise<void>)[];
  afterResponse: readonly ((response: HttpResponse, request: HttpRequestInfo) => void | Promise<void>)[];
  beforeRetry: readonly ((retry: HttpRetryInfo) => void | Promise<void>)[];
  onError: readonly ((error: HttpError, request: HttpRequestInfo) => void | Promise<void>)[];
}

export function hookLists(hooks: HttpHooks | undefined): HookLists | undefined {
  if (hooks === undefined) return undefined;
  const lists: HookLists = {
    beforeRequest: listOf("beforeRequest", hooks.beforeRequest),
    afterResponse: listOf("afterResponse", hooks.afterResponse),
    beforeRetry: listOf("beforeRetry", hooks.beforeRetry),
    onError: listOf("onError", hooks.onError),
  };
  const count =
    lists.beforeRequest.length + lists.afterResponse.length + lists.beforeRetry.length + lists.onError.length;
  return count === 0 ? undefined : lists;
}

function listOf<F>(name: string, hook: OneOrMany<F> | undefined): readonly F[] {
  const list = hook === undefined ? [] : Array.isArray(hook) ? [...hook] : [hook as F];
  for (const fn of list) {
    if (typeof fn !== "function")
      throw new TypeError(`hooks.${name} must be a function or a list of functions`);
  }
  return list;
}
