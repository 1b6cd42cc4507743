import { type Operation, runOperation } from "./operation.ts";
import type { ResolvedStressOptions } from "./options.ts";
import type { Recorder } from "./recorder.ts";

/**
 * Closed model: `workers` loops each start the next operation when the previous one ends, so
 * the load adapts to the target's speed. Worker i starts at `rampUp * i / workers`.
 */
export async function runClosed(
  operation: Operation,
  options: ResolvedStressOptions,
  recorder: Recorder,
): Promise<void> {
  const deadline = recorder.start + Math.min(options.duration + options.rampUp, options.maxDuration);
  let started = 0;
  const worker = async (index: number) => {
    const delay = (options.rampUp * index) / options.workers;
    if (delay > 0) await Bun.sleep(delay);
    while (started < options.iterations && performance.now() < deadline) {
      started++;
      const begin = performance.now();
      const outcome = await runOperation(operation, options.operationTimeout, options.isError);
      const end = performance.now();
      recorder.record(end - begin, outcome, end);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, i) => worker(i)));
}
