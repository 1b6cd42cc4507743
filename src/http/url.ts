/** A query value; `undefined` leaves the parameter out, arrays repeat it. */
export type QueryValue = string | number | boolean | bigint | undefined;

/** Query parameters, appended to the URL with `?` or `&`. */
export type QueryParams = Record<string, QueryValue | readonly QueryValue[]> | URLSearchParams;

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

/**
 * Checks a `baseUrl` and returns it without trailing slashes, with its origin.
 *
 * @example
 * parseBaseUrl("http://api.local/v1/"); // { base: "http://api.local/v1", origin: "http://api.local" }
 */
export function parseBaseUrl(baseUrl: string): { base: string; origin: string } {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch (error) {
    throw new TypeError(`baseUrl must be an absolute URL, got ${JSON.stringify(baseUrl)}`, { cause: error });
  }
  if (origin === "null")
    throw new TypeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  return { base: baseUrl.replace(/\/+$/, ""), origin };
}

/** True when `url` carries its own scheme (`https://...`) and so ignores `baseUrl`. */
export function isAbsolute(url: string): boolean {
  if (url.startsWith("http://") || url.startsWith("https://")) return true;
  return url.charCodeAt(0) !== 47 && ABSOLUTE.test(url);
}

/**
 * Joins a relative `path` to `base` by concatenation, so `/v1` in the base is kept
 * (unlike `new URL(path, base)`).
 *
 * @example
 * joinPath("http://api.local/v1", "users"); // "http://api.local/v1/users"
 */
export function joinPath(base: string | undefined, path: string): string {
  if (base === undefined)
    throw new TypeError(`relative URL ${JSON.stringify(path)} needs a baseUrl on the client`);
  return path.charCodeAt(0) === 47 ? base + path : base + "/" + path;
}

/**
 * Appends query parameters with `?` or `&`.
 *
 * @example
 * appendQuery("http://api.local/users", { page: 2, tag: ["a", "b"] });
 * // "http://api.local/users?page=2&tag=a&tag=b"
 */
export function appendQuery(url: string, params: QueryParams): string {
  const query = encodeQuery(params);
  if (query === "") return url;
  return url + (url.includes("?") ? "&" : "?") + query;
}

/** Encodes query parameters; rejects values that would otherwise be silently stringified. */
export function encodeQuery(params: QueryParams): string {
  if (params instanceof URLSearchParams) return params.toString();
  let query = "";
  for (const key in params) {
    const value = params[key];
    if (Array.isArray(value)) {
      for (const item of value) query = appendPair(query, key, item);
    } else query = appendPair(query, key, value as QueryValue);
  }
  return query;
}

function appendPair(query: string, key: string, value: QueryValue): string {
  if (value === undefined) return query;
  const type = typeof value;
  if (type !== "string" && type !== "number" && type !== "boolean" && type !== "bigint") {
    const shown = value === null ? "null" : type;
    throw new TypeError(`query parameter "${key}" must be a string, number, boolean or bigint, got ${shown}`);
  }
  const pair = encodeURIComponent(key) + "=" + encodeURIComponent(String(value));
  return query === "" ? pair : query + "&" + pair;
}

const originCache = new Map<string, string>();
const ORIGIN_CACHE_LIMIT = 1024;

/**
 * The origin of an absolute URL (`scheme://host:port`, normalised like `URL#origin`). Parses each
 * distinct scheme+authority once; later calls are a slice and a map lookup.
 */
export function originOf(url: string): string {
  const authority = url.slice(0, authorityEnd(url));
  let origin = originCache.get(authority);
  if (origin === undefined) {
    try {
      origin = new URL(authority).origin;
    } catch (error) {
      throw new TypeError(`invalid URL ${JSON.stringify(url)}`, { cause: error });
    }
    if (originCache.size >= ORIGIN_CACHE_LIMIT) originCache.clear();
    originCache.set(authority, origin);
  }
  return origin;
}

/** Index just past `scheme://authority` in an absolute URL. */
export function authorityEnd(url: string): number {
  const slashes = url.indexOf("//");
  if (slashes < 0) throw new TypeError(`invalid URL ${JSON.stringify(url)}: expected scheme://host`);
  let end = slashes + 2;
  while (end < url.length && !endsAuthority(url.charCodeAt(end))) end++;
  return end;
}

/** True for the character code after an authority: `/`, `?`, `#`, or NaN (end of the string). */
export function endsAuthority(code: number): boolean {
  return code === 47 || code === 63 || code === 35 || Number.isNaN(code);
}
