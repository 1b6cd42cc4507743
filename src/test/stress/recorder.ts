import { LatencyHistogram } from "./histogram.ts";

/** The outcome of one operation as the recorder sees it. */
export interface Outcome {
  status?: number;
  /** Set when the operation failed: an error code/name, `timeout`, `overload` or `status`. */
  error?: string;
}

/** Collects latencies, outcomes and completions over time for one stress run. */
export class Recorder {
  readonly latency = new LatencyHistogram();
  readonly statusCodes: Record<string, number> = {};
  readonly errorKinds: Record<string, number> = {};
  /** Completions per 10 ms slot since the start, regrouped into the report's interval later. */
  readonly slots: { ok: number; errors: number }[] = [];
  ok = 0;
  errors = 0;

  constructor(readonly start: number) {}

  record(latencyMs: number, outcome: Outcome, endedAt: number): void {
    this.latency.record(latencyMs);
    if (outcome.status !== undefined) bump(this.statusCodes, String(outcome.status));
    const slotIndex = Math.max(0, Math.floor((endedAt - this.start) / 10));
    const slot = (this.slots[slotIndex] ??= { ok: 0, errors: 0 });
    if (outcome.error) {
      this.errors++;
      slot.errors++;
      bump(this.errorKinds, outcome.error);
    } else {
      this.ok++;
      slot.ok++;
    }
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
