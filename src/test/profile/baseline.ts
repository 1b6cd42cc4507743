import type { BaselineComparison, ProfileStats } from "./stats.ts";

/** The saved-baseline file: profile means keyed by test id (`Suite > test`). */
export interface BaselineFile {
  schemaVersion: 1;
  profiles: Record<string, { mean: number; p95: number; opsPerSecond: number }>;
}

/** Thrown when a baseline file exists but is not a baseline. */
export class BaselineFileError extends Error {
  override name = "BaselineFileError";
}

/** Reads a baseline file, or returns undefined when it does not exist yet. */
export async function readBaseline(path: string): Promise<BaselineFile | undefined> {
  const file = Bun.file(path);
  if (!(await file.exists())) return undefined;
  let parsed: unknown;
  try {
    parsed = await file.json();
  } catch (error) {
    throw new BaselineFileError(`baseline ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const profiles = (parsed as { profiles?: unknown })?.profiles;
  if (
    (parsed as { schemaVersion?: unknown })?.schemaVersion !== 1 ||
    typeof profiles !== "object" ||
    !profiles
  ) {
    throw new BaselineFileError(`baseline ${path} needs { "schemaVersion": 1, "profiles": { … } }`);
  }
  return parsed as BaselineFile;
}

/** Writes the profiles of a run as a baseline file. */
export async function writeBaseline(path: string, profiles: Record<string, ProfileStats>): Promise<void> {
  const file: BaselineFile = { schemaVersion: 1, profiles: {} };
  for (const [id, stats] of Object.entries(profiles)) {
    file.profiles[id] = { mean: stats.mean, p95: stats.p95, opsPerSecond: stats.opsPerSecond };
  }
  await Bun.write(path, `${JSON.stringify(file, null, 2)}\n`);
}

/** Compares a profile's mean with its baseline: it passes while mean <= baseline * (1 + tolerance). */
export function compareWithBaseline(
  stats: ProfileStats,
  baseline: { mean: number },
  tolerance: number,
): BaselineComparison {
  const ratio = baseline.mean > 0 ? stats.mean / baseline.mean : 1;
  return { baselineMean: baseline.mean, ratio, tolerance, passed: ratio <= 1 + tolerance };
}
