/**
 * `data-bridge/http`: a fetch-based HTTP client for Bun with a per-origin pool, retries, timeouts,
 * typed errors, hooks and latency metrics.
 *
 * @example
 * import { HttpClient } from "data-bridge/http";
 * const api = new HttpClient({ baseUrl: "http://users.internal", timeout: 2_000 });
 * const user = await (await api.get("/users/1")).json(UserSchema);
 */
export { type HttpClientOptions, HttpClient, type RequestOptions } from "./client.ts";
export {
  HttpAbortError,
  HttpConnectionError,
  HttpError,
  type HttpErrorKind,
  HttpParseError,
  type HttpPhase,
  HttpSchemaError,
  HttpStatusError,
  HttpTimeoutError,
  isHttpError,
  PoolQueueFullError,
  type SchemaIssue,
} from "./errors.ts";
export { type LatencySummary, LatencyHistogram } from "./histogram.ts";
export type { HttpHooks, HttpRequestInfo, HttpRetryInfo } from "./hooks.ts";
export type { OriginMetrics } from "./pool.ts";
export type { FormInput, HeadersInput } from "./request-init.ts";
export { HttpResponse } from "./response.ts";
export { parseRetryAfter, type RetryOptions, type RetrySetting } from "./retry.ts";
export type { QueryParams, QueryValue } from "./url.ts";
