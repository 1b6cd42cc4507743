import type { PayloadSet } from "./payloads.ts";

/** What went wrong for one input. */
export type FindingKind =
  | "server-error"
  | "crash"
  | "timeout"
  | "reflected"
  | "injection"
  | "prototype-pollution";

/** One problem the engine found, with the smallest input that still reproduces it. */
export interface Finding {
  kind: FindingKind;
  /** Where the payload went, e.g. `password` or `(root)`. */
  path: string;
  set?: PayloadSet;
  payload?: string;
  /** The minimal input (long strings and arrays shortened for the report). */
  input: unknown;
  status?: number;
  detail: string;
  /** Found by property-based generation: pass these to `fuzz` to replay the same run. */
  replay?: { seed: number; path: string };
}

/** The outcome of a fuzz / security run. */
export interface SecurityReport {
  probes: number;
  durationMs: number;
  sets: PayloadSet[];
  seed: number;
  runs: number;
  findings: Finding[];
  passed: boolean;
}

/** One line per finding: `injection at password ({"$ne": null}): 200 for the payload, 401 for a control`. */
export function describeFinding(finding: Finding): string {
  const where = finding.payload ? `${finding.path} (${finding.payload})` : finding.path;
  return `${finding.kind} at ${where}: ${finding.detail}`;
}

/** Shortens long strings and arrays so findings stay readable and small in reports. */
export function preview(value: unknown, depth = 0): unknown {
  if (typeof value === "string")
    return value.length > 120 ? `${value.slice(0, 40)}…(${value.length} chars)` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return "…(nested)";
  if (Array.isArray(value)) {
    const head = value.slice(0, 10).map((v) => preview(v, depth + 1));
    return value.length > 10 ? [...head, `…(${value.length} items)`] : head;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: preview((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
