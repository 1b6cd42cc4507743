import { type Operation, runOperation } from "./operation.ts";
import type { ResolvedStressOptions } from "./options.ts";
import type { Recorder } from "./recorder.ts";

/**
 * Open model: operation k is scheduled at a fixed time from the target rate (climbing linearly
 * during ramp-up) and starts then whether or not earlier ones finished. Latency is measured from
 * the scheduled time, not the actual start, which corrects for coordinated omission: a stalled
 * target delays the dispatcher, and that delay shows up in the latencies instead of vanishing.
 */
export async function runOpen(
  operation: Operation,
  options: ResolvedStressOptions,
  recorder: Recorder,
): Promise<void> {
  const rate = options.rate ?? 1;
  const horizon = Math.min(options.duration + options.rampUp, options.maxDuration);
  const inFlight = new Set<Promise<void>>();
  let k = 0;
  for (;;) {
    const elapsed = performance.now() - recorder.start;
    let due = scheduledAt(k, rate, options.rampUp);
    while (k < options.iterations && due < horizon && due <= elapsed) {
      const intended = recorder.start + due;
      if (inFlight.size >= options.maxInFlight) {
        recorder.record(performance.now() - intended, { error: "overload" }, performance.now());
      } else {
        const op = runOperation(operation, options.operationTimeout, options.isError).then((outcome) => {
          const end = performance.now();
          recorder.record(end - intended, outcome, end);
          inFlight.delete(op);
        });
        inFlight.add(op);
      }
      due = scheduledAt(++k, rate, options.rampUp);
    }
    if (k >= options.iterations || due >= horizon) break;
    await Bun.sleep(Math.max(0, Math.min(5, due - (performance.now() - recorder.start))));
  }
  await Promise.all(inFlight);
}

/**
 * Ms after the start at which operation k is due. During a ramp-up of R ms the rate grows
 * linearly, so k(t) = rate * t² / 2R and t = sqrt(2Rk / rate); after it, one every 1/rate s.
 */
export function scheduledAt(k: number, ratePerSecond: number, rampUpMs: number): number {
  const perMs = ratePerSecond / 1000;
  const rampOps = (perMs * rampUpMs) / 2;
  if (k < rampOps) return Math.sqrt((2 * rampUpMs * k) / perMs);
  return rampUpMs + (k - rampOps) / perMs;
}
