import { readBaseline } from "../profile/baseline.ts";
import type { TestResult } from "../result.ts";
import { ConsoleCapture } from "./capture.ts";
import type { FileContext } from "./run-file.ts";
import { StrayErrors } from "./stray.ts";
import type { RunSettings } from "./settings.ts";

/** Builds the context files run in, from serialisable settings (in the main process or a worker). */
export async function fileContext(
  settings: RunSettings,
  onTest?: (result: TestResult) => void,
): Promise<FileContext> {
  const baseline = settings.baseline ? await readBaseline(settings.baseline) : undefined;
  const context: FileContext = {
    cwd: settings.cwd,
    defaultTimeout: settings.timeout,
    filter: {
      ...(settings.grep ? { grep: new RegExp(settings.grep.source, settings.grep.flags) } : {}),
      ...(settings.tags?.length ? { tags: settings.tags } : {}),
      ...(settings.kinds?.length ? { kinds: settings.kinds } : {}),
    },
    capture: new ConsoleCapture(),
    stray: new StrayErrors(),
    failFast: settings.failFast,
    stopped: { value: false },
  };
  if (baseline) context.baseline = baseline;
  if (onTest) context.onTest = onTest;
  return context;
}
