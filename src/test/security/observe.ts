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

const TIMEOUT = Symbol("timeout");

/**
 * Sends `input` through `probe` under a time limit. Object.prototype is compared before and after,
 * which detects prototype pollution in an app running in this process (such as a Hono app).
 */
export async function observe(probe: Probe, input: unknown, timeoutMs: number): Promise<Observation> {
  const before = new Set(Object.getOwnPropertyNames(Object.prototype));
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const result: Observation = { timedOut: false, polluted: [], ms: 0 };
  try {
    const pending = Promise.resolve()
      .then(() => probe(input))
      .then(readProbeResult);
    const outcome = await Promise.race([
      pending,
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(resolve, timeoutMs, TIMEOUT);
      }),
    ]);
    if (outcome === TIMEOUT) {
      pending.catch(() => {});
      result.timedOut = true;
    } else result.response = outcome;
  } catch (error) {
    result.error = error;
  } finally {
    clearTimeout(timer);
  }
  result.ms = performance.now() - start;
  for (const key of Object.getOwnPropertyNames(Object.prototype)) {
    if (before.has(key)) continue;
    result.polluted.push(key);
    delete (Object.prototype as Record<string, unknown>)[key];
  }
  return result;
}
