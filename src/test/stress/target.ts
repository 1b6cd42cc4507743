import type { Operation } from "./operation.ts";

/** An HTTP request to send on every operation. */
export interface RequestTarget {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

/** Thrown when a stress target is not on this machine. */
export class StressTargetError extends Error {
  override name = "StressTargetError";
}

/**
 * True for 127.0.0.0/8, ::1 and localhost. Load is only ever generated against the local
 * machine so a typo cannot turn a test into an attack on someone else's service.
 */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Throws a {@link StressTargetError} naming `url` unless it is a loopback address. */
export function assertLoopback(url: string): void {
  let ok: boolean;
  try {
    ok = isLoopback(url);
  } catch {
    throw new StressTargetError(`stress target is not a valid URL: ${url}`);
  }
  if (!ok) {
    throw new StressTargetError(
      `stress targets must be loopback (127.0.0.0/8, ::1, localhost); refusing ${url}`,
    );
  }
}

/** Makes an operation that sends the request and reads the whole body, so connections are reused. */
export function requestOperation(target: string | RequestTarget): Operation {
  const spec = typeof target === "string" ? { url: target } : target;
  assertLoopback(spec.url);
  const body =
    spec.body === undefined
      ? undefined
      : typeof spec.body === "string"
        ? spec.body
        : JSON.stringify(spec.body);
  const headers = {
    ...(body !== undefined && typeof spec.body !== "string" ? { "content-type": "application/json" } : {}),
    ...spec.headers,
  };
  return async () => {
    const response = await fetch(spec.url, { method: spec.method ?? (body ? "POST" : "GET"), headers, body });
    await response.arrayBuffer();
    return response;
  };
}
