import type { TestKind } from "../result.ts";

/** The serialisable part of a run's settings, shared with worker processes. */
export interface RunSettings {
  cwd: string;
  /** Default per-test time limit in ms. */
  timeout: number;
  grep?: { source: string; flags: string };
  tags?: string[];
  kinds?: TestKind[];
  failFast: boolean;
  baseline?: string;
}
