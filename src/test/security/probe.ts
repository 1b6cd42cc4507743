/** A response reduced to what the detectors read. */
export interface ProbeResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Sends one input to the system under test and returns its response (a `Response` or `{ status, body }`). */
export type Probe = (input: unknown) => unknown;

/** Anything with a Fetch-API `fetch(request)`, such as a Hono app. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/** Reads a probe's result into a {@link ProbeResponse}; throws if it is not response-like. */
export async function readProbeResult(result: unknown): Promise<ProbeResponse> {
  if (result instanceof Response) {
    return {
      status: result.status,
      contentType: result.headers.get("content-type") ?? "",
      body: await result.text(),
    };
  }
  if (result && typeof result === "object" && typeof (result as { status?: unknown }).status === "number") {
    const r = result as { status: number; headers?: unknown; body?: unknown; text?: unknown; data?: unknown };
    const headers = r.headers as
      | { get?: (name: string) => string | null }
      | Record<string, string>
      | undefined;
    const contentType =
      (typeof headers?.get === "function"
        ? headers.get("content-type")
        : (headers as Record<string, string>)?.["content-type"]) ?? "";
    const raw =
      typeof r.text === "function" ? await (r.text as () => Promise<string>)() : (r.body ?? r.data ?? "");
    return { status: r.status, contentType, body: typeof raw === "string" ? raw : JSON.stringify(raw) };
  }
  throw new TypeError(`a probe must return a Response or { status, body }, got ${typeof result}`);
}

/** How {@link httpProbe} sends each input. */
export interface HttpProbeOptions {
  method?: string;
  path: string;
  /** `json` (default) sends the input as the body; `query` as URL parameters (objects in bracket form). */
  as?: "json" | "query";
  headers?: Record<string, string>;
}

/**
 * A probe that sends each input to an app (anything with `fetch`, e.g. Hono) or a base URL.
 *
 * @example
 * fuzz(httpProbe(app, { method: "POST", path: "/login" }), { template: { user: "a", password: "b" } });
 */
export function httpProbe(target: FetchHandler | string, options: HttpProbeOptions): Probe {
  const base = typeof target === "string" ? target : "http://app.local";
  const send = typeof target === "string" ? (r: Request) => fetch(r) : (r: Request) => target.fetch(r);
  const method = options.method ?? (options.as === "query" ? "GET" : "POST");
  return (input) => {
    const url = new URL(options.path, base);
    if (options.as === "query") {
      appendQuery(url.searchParams, "", input);
      return send(new Request(url, { method, headers: options.headers }));
    }
    const body = JSON.stringify(input);
    return send(
      new Request(url, { method, body, headers: { "content-type": "application/json", ...options.headers } }),
    );
  };
}

function appendQuery(params: URLSearchParams, prefix: string, value: unknown): void {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) appendQuery(params, prefix ? `${prefix}[${k}]` : k, v);
  } else {
    params.append(prefix || "q", value === undefined ? "" : String(value));
  }
}
