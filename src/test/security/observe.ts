import { raceDeadline, TIMED_OUT } from "../deadline.ts";
import { type Probe, type ProbeResponse, readProbeResult } from "./probe.ts";

/** What happened when one input was sent. */
export interface Observation {
  response?: ProbeResponse;
  /** The probe threw or returned something unreadable. */
  error?: unknown;
  timedOut: boolean;
  /** Keys that appeared on Object.prototype while the probe ran (removed again afterwards). */
  polluted: string[];
  ms: number;
}

/**
 * Sends `input` through `probe` under a time limit. Object.prototype is compared before and after,
 * which detects prototype pollution in an app running in this process (such as a Hono app).
 */
export async function observe(probe: Probe, input: unknown, timeoutMs: number): Promise<Observation> {
  const before = new Set(Object.getOwnPropertyNames(Object.prototype));
  const start = performance.now();
  const result: Observation = { timedOut: false, polluted: [], ms: 0 };
  try {
    const pending = Promise.resolve()
      .then(() => probe(input))
      .then(readProbeResult);
    const outcome = await raceDeadline(pending, timeoutMs);
    if (outcome === TIMED_OUT) result.timedOut = true;
    else result.response = outcome;
  } catch (error) {
    result.error = error;
  }
  result.ms = performance.now() - start;
  for (const key of Object.getOwnPropertyNames(Object.prototype)) {
    if (before.has(key)) continue;
    result.polluted.push(key);
    delete (Object.prototype as Record<string, unknown>)[key];
  }
  return result;
}
