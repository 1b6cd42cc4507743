import type { Observation } from "./observe.ts";
import type { ProbeResponse } from "./probe.ts";
import type { FindingKind } from "./report.ts";

/** A detector's verdict for one observation. */
export interface Verdict {
  kind: FindingKind;
  status?: number;
  detail: string;
}

/**
 * Finds what went wrong with one response on its own: prototype pollution, a crash, a timeout, a
 * 5xx, or one of `reflectable` strings echoed unescaped into an HTML (or untyped) response.
 */
export function judge(
  observation: Observation,
  reflectable: readonly string[],
  timeoutMs: number,
): Verdict | undefined {
  if (observation.polluted.length > 0) {
    return {
      kind: "prototype-pollution",
      detail: `Object.prototype gained ${observation.polluted.map((k) => `"${k}"`).join(", ")}`,
    };
  }
  if (observation.timedOut) return { kind: "timeout", detail: `no response within ${timeoutMs} ms` };
  if (observation.error !== undefined || !observation.response) {
    const error = observation.error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: "crash", detail: `the request failed: ${message}` };
  }
  const response = observation.response;
  if (response.status >= 500) {
    return {
      kind: "server-error",
      status: response.status,
      detail: `status ${response.status}: ${snippet(response.body)}`,
    };
  }
  if (isHtmlContext(response)) {
    const echoed = reflectable.find((s) => response.body.includes(s));
    if (echoed !== undefined) {
      return {
        kind: "reflected",
        status: response.status,
        detail: `payload ${JSON.stringify(echoed)} echoed unescaped in a ${response.contentType || "untyped"} response`,
      };
    }
  }
  return undefined;
}

/** Decides whether a response counts as a success for the injection check (default: 2xx). */
export type SuccessCheck = (response: ProbeResponse) => boolean;

export const isSuccess: SuccessCheck = (response) => response.status >= 200 && response.status < 300;

/**
 * Compares a payload's response with a control request (same input, a random non-matching value
 * instead of the payload). A payload that succeeds where the control did not, or that returns
 * more records than the control, means the backend ran it as a query: an injection.
 */
export function judgeInjection(
  payload: ProbeResponse,
  control: ProbeResponse,
  succeeded: SuccessCheck,
): Verdict | undefined {
  if (!succeeded(payload)) return undefined;
  if (!succeeded(control)) {
    return {
      kind: "injection",
      status: payload.status,
      detail: `the payload succeeded (status ${payload.status}) where a non-matching control value failed (status ${control.status})`,
    };
  }
  const found = recordCount(payload.body);
  const expected = recordCount(control.body);
  if (found > expected) {
    return {
      kind: "injection",
      status: payload.status,
      detail: `the payload returned ${found} record(s) where a non-matching control value returned ${expected}`,
    };
  }
  return undefined;
}

const LIST_KEYS = ["items", "data", "results", "records", "docs", "rows", "users"];

/** How many records a JSON body holds: an array's length, a list property's length, 1 for an object. */
export function recordCount(body: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() ? 1 : 0;
  }
  if (Array.isArray(parsed)) return parsed.length;
  if (parsed === null || typeof parsed !== "object") return parsed ? 1 : 0;
  const record = parsed as Record<string, unknown>;
  const list =
    LIST_KEYS.map((k) => record[k]).find(Array.isArray) ?? Object.values(record).find(Array.isArray);
  if (list) return list.length;
  if (Object.keys(record).length === 0) return 0;
  return Object.values(record).some((v) => v !== null && v !== false) ? 1 : 0;
}

function isHtmlContext(response: ProbeResponse): boolean {
  return response.contentType === "" || response.contentType.includes("html");
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || "(empty body)";
}
