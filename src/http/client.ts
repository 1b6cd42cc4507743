import { AttemptSignal } from "./attempt-signal.ts";
import { checkCount, checkDuration, checkLimit } from "./check.ts";
import {
  HttpAbortError,
  type HttpError,
  HttpStatusError,
  isHttpError,
  PoolQueueFullError,
} from "./errors.ts";
import { toHttpError } from "./failure.ts";
import { type HookLists, type HttpHooks, type HttpRequestInfo, hookLists } from "./hooks.ts";
import { type OriginMetrics, OriginPool } from "./pool.ts";
import {
  type FetchInit,
  fetchInit,
  type HeadersInput,
  headerRecord,
  type RequestContent,
} from "./request-init.ts";
import { handOver, HttpResponse } from "./response.ts";
import {
  defaultRetryPolicy,
  type RetryPolicy,
  type RetrySetting,
  retryDelay,
  retryPolicy,
  sleep,
} from "./retry.ts";
import {
  appendQuery,
  authorityEnd,
  endsAuthority,
  isAbsolute,
  joinPath,
  originOf,
  parseBaseUrl,
  type QueryParams,
} from "./url.ts";

export interface HttpClientOptions {
  /** Prefix for relative request URLs, e.g. `"http://users.internal/v1"`. */
  baseUrl?: string;
  /** Limit in ms for each attempt: queue wait, headers and body. `0` (default) means none. */
  timeout?: number;
  /** Headers sent with every request. */
  headers?: HeadersInput;
  /** Requests in flight per origin (each holds a connection until its body is read). Default 64. */
  maxConnectionsPerOrigin?: number;
  /** Requests that may wait for a slot per origin; one more throws {@link PoolQueueFullError}. Default 1024. */
  maxQueue?: number;
  /** Retry settings; default 2 retries of idempotent methods. `false` turns retries off. */
  retries?: RetrySetting;
  hooks?: HttpHooks;
  /** Throw {@link HttpStatusError} for statuses outside 200-299 (after retries). Default false. */
  throwOnError?: boolean;
}

export interface RequestOptions extends RequestContent {
  /** Query parameters appended to the URL. */
  params?: QueryParams;
  /** Overrides the client's `timeout` for this request (`0` for none). */
  timeout?: number;
  /** Aborts the request (queue wait, retries and body included) with {@link HttpAbortError}. */
  signal?: AbortSignal;
  /** Overrides the client's retry settings for this request. */
  retries?: RetrySetting;
}

/** Internal form of {@link HttpRequestInfo}: the client moves `attempt` forward. */
interface RequestState extends HttpRequestInfo {
  attempt: number;
}

/**
 * A fetch-based HTTP client with a per-origin concurrency cap and bounded queue, retries with
 * backoff, timeouts, typed errors, hooks and latency metrics.
 *
 * @example
 * const api = new HttpClient({ baseUrl: "http://users.internal", timeout: 2_000 });
 * const res = await api.get("/users", { params: { page: 2 } });
 * const users = await res.json(Type.Array(User));
 * api.metrics()["http://users.internal"].latency.p99;
 */
export class HttpClient {
  readonly #base: string | undefined;
  readonly #basePool: OriginPool | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #timeout: number;
  readonly #retry: RetryPolicy;
  readonly #hooks: HookLists | undefined;
  readonly #throwOnError: boolean;
  readonly #maxInFlight: number;
  readonly #maxQueue: number;
  readonly #pools = new Map<string, OriginPool>();
  #lastAuthority = "\u0000";
  #lastPool: OriginPool | undefined;
  /** Shared inits for requests without options, timeout or hooks (fetch only reads them). */
  readonly #bareInits = new Map<string, FetchInit>();

  constructor(options: HttpClientOptions = {}) {
    this.#timeout = checkDuration("timeout", options.timeout ?? 0);
    this.#maxInFlight = checkLimit("maxConnectionsPerOrigin", options.maxConnectionsPerOrigin ?? 64);
    this.#maxQueue =
      options.maxQueue === Number.POSITIVE_INFINITY
        ? options.maxQueue
        : checkCount("maxQueue", options.maxQueue ?? 1024);
    this.#retry = retryPolicy(options.retries, defaultRetryPolicy);
    this.#hooks = hookLists(options.hooks);
    this.#throwOnError = options.throwOnError ?? false;
    const headers = headerRecord(options.headers);
    this.#headers = Object.keys(headers).length === 0 ? undefined : headers;
    if (options.baseUrl !== undefined) {
      const { base, origin } = parseBaseUrl(options.baseUrl);
      this.#base = base;
      this.#basePool = this.#pool(origin);
    }
  }

  /** @example const res = await client.get("/users/1"); */
  get(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("GET", url, options);
  }

  /** @example await client.post("/users", { json: { name: "Ada" } }); */
  post(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("POST", url, options);
  }

  /** @example await client.put("/users/1", { json: user }); */
  put(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("PUT", url, options);
  }

  /** @example await client.patch("/users/1", { json: { name: "Ada" } }); */
  patch(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("PATCH", url, options);
  }

  /** @example await client.delete("/users/1"); */
  delete(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("DELETE", url, options);
  }

  /** @example (await client.head("/files/a")).headers.get("content-length"); */
  head(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("HEAD", url, options);
  }

  /** @example (await client.options("/users")).headers.get("allow"); */
  options(url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send("OPTIONS", url, options);
  }

  /**
   * Sends a request with any method (upper-cased).
   *
   * @example
   * await client.request("PROPFIND", "/dav/", { headers: { depth: "1" } });
   */
  request(method: string, url: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.#send(method.toUpperCase(), url, options);
  }

  /**
   * Counters and latency percentiles per origin, keyed by origin.
   *
   * @example
   * const { inFlight, queued, latency } = client.metrics()["http://users.internal"];
   */
  metrics(): Record<string, OriginMetrics> {
    const result: Record<string, OriginMetrics> = {};
    for (const [origin, pool] of this.#pools) result[origin] = pool.metrics();
    return result;
  }

  async #send(method: string, path: string, options: RequestOptions | undefined): Promise<HttpResponse> {
    const absolute = isAbsolute(path);
    let url = absolute ? path : joinPath(this.#base, path);
    if (options?.params !== undefined) url = appendQuery(url, options.params);
    const hooks = this.#hooks;
    const timeout =
      options?.timeout === undefined ? this.#timeout : checkDuration("timeout", options.timeout);
    const caller = options?.signal;
    const init =
      options === undefined && hooks === undefined && timeout === 0
        ? this.#bareInit(method)
        : fetchInit(method, this.#headers, options ?? {});
    const policy = options?.retries === undefined ? this.#retry : retryPolicy(options.retries, this.#retry);
    const attempts =
      policy.limit > 0 && policy.methods.has(method) && !(init?.body instanceof ReadableStream)
        ? policy.limit + 1
        : 1;
    let request: RequestState | undefined;
    if (init !== undefined && hooks !== undefined) {
      request = { method, url, headers: new Headers(init.headers), attempt: 0 };
      init.headers = request.headers;
    }
    for (let attempt = 1; ; attempt++) {
      let pool: OriginPool;
      if (request === undefined) pool = absolute ? this.#poolOf(url) : this.#basePool!;
      else {
        request.attempt = attempt;
        for (const hook of hooks!.beforeRequest) await hook(request);
        url = request.url;
        pool = this.#poolOf(url);
      }
      if (caller?.aborted) throw await this.#failed(new HttpAbortError(method, url, caller.reason), request);
      const guard = timeout > 0 ? new AttemptSignal(timeout, caller) : undefined;
      const signal = guard === undefined ? caller : guard.signal;
      if (!pool.tryAcquire()) {
        const error = await queueFor(pool, method, url, guard, caller);
        if (error !== undefined) throw await this.#failed(error, request);
      }
      pool.requests++;
      if (signal !== undefined) init!.signal = signal;
      const start = performance.now();
      let raw: Response;
      try {
        raw = await fetch(url, init as RequestInit);
      } catch (thrown) {
        guard?.dispose();
        pool.errors++;
        pool.release();
        const error = toHttpError(thrown, method, url, "response", guard, caller);
        if (attempt < attempts && isHttpError(error, "connection")) {
          const delay = retryDelay(policy, attempt, null);
          await this.#pause(pool, method, url, request, attempt, delay, caller, { error });
          continue;
        }
        throw await this.#failed(error, request);
      }
      const response = new HttpResponse(raw, method, url, pool, guard, caller, start, attempt);
      if (attempt < attempts && policy.statusCodes.has(response.status)) {
        const delay = retryDelay(policy, attempt, response.headers.get("retry-after"));
        await response.discard();
        await this.#pause(pool, method, url, request, attempt, delay, caller, { response });
        continue;
      }
      if (request !== undefined) await this.#afterResponse(response, request);
      if (this.#throwOnError && !response.ok)
        throw await this.#failed(await statusError(response, url), request);
      response[handOver]();
      return response;
    }
  }

  /** Counts the retry, tells the hooks, and waits (an abort of the caller's signal ends the wait). */
  async #pause(
    pool: OriginPool,
    method: string,
    url: string,
    request: RequestState | undefined,
    attempt: number,
    delayMs: number,
    caller: AbortSignal | undefined,
    cause: { error?: HttpError; response?: HttpResponse },
  ): Promise<void> {
    pool.retries++;
    if (request !== undefined) {
      for (const hook of this.#hooks!.beforeRetry) await hook({ request, retry: attempt, delayMs, ...cause });
    }
    try {
      await sleep(delayMs, caller);
    } catch (reason) {
      throw await this.#failed(new HttpAbortError(method, url, reason), request);
    }
  }

  async #afterResponse(response: HttpResponse, request: RequestState): Promise<void> {
    try {
      for (const hook of this.#hooks!.afterResponse) await hook(response, request);
    } catch (error) {
      await response.discard();
      throw error;
    }
  }

  /** Runs the onError hooks for an error about to be thrown, and returns it. */
  async #failed(error: unknown, request: RequestState | undefined): Promise<unknown> {
    if (request !== undefined && isHttpError(error)) {
      for (const hook of this.#hooks!.onError) await hook(error, request);
    }
    return error;
  }

  /** The pool of an absolute URL; the last authority seen is remembered to skip parsing. */
  #poolOf(url: string): OriginPool {
    const authority = this.#lastAuthority;
    if (url.startsWith(authority) && endsAuthority(url.charCodeAt(authority.length))) return this.#lastPool!;
    const pool = this.#pool(originOf(url));
    this.#lastAuthority = url.slice(0, authorityEnd(url));
    this.#lastPool = pool;
    return pool;
  }

  #pool(origin: string): OriginPool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      pool = new OriginPool(origin, this.#maxInFlight, this.#maxQueue);
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** The init of a request without options: none at all for a plain GET, as fetch is fastest then. */
  #bareInit(method: string): FetchInit | undefined {
    if (method === "GET" && this.#headers === undefined) return undefined;
    let init = this.#bareInits.get(method);
    if (init === undefined) {
      init = this.#headers === undefined ? { method } : { method, headers: this.#headers };
      this.#bareInits.set(method, init);
    }
    return init;
  }
}

/**
 * Waits in the pool's queue for a slot. Returns the error to throw when the queue is full or the
 * wait is cut short by the timeout or the caller's signal, `undefined` once the slot is taken.
 */
async function queueFor(
  pool: OriginPool,
  method: string,
  url: string,
  guard: AttemptSignal | undefined,
  caller: AbortSignal | undefined,
): Promise<unknown> {
  if (pool.queueFull) {
    guard?.dispose();
    pool.rejected++;
    return new PoolQueueFullError(method, url, pool.origin, pool.maxQueue);
  }
  try {
    await pool.wait(guard === undefined ? caller : guard.signal);
    return undefined;
  } catch (error) {
    guard?.dispose();
    pool.errors++;
    return toHttpError(error, method, url, "queue", guard, caller);
  }
}

async function statusError(response: HttpResponse, url: string): Promise<HttpStatusError> {
  let body: string | undefined;
  try {
    body = await response.text();
  } catch {
    body = undefined;
  }
  return new HttpStatusError(
    response.method,
    url,
    response.status,
    response.statusText,
    response.headers,
    body,
  );
}
