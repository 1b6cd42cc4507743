import type { ProfileOptions } from "./profile/profile.ts";
import type { FuzzOptions } from "./security/fuzz.ts";
import type { StressOptions } from "./stress/options.ts";

/** Options every kind of test accepts. */
export interface TestOptions {
  /** Ms before the test fails with a timeout (default: the run's `--timeout`, 5000). */
  timeout?: number;
  /** Labels for `--tags` and report filters. */
  tags?: string[];
  /** Skip this test; a string gives the reason. */
  skip?: boolean | string;
  /** Run only the tests marked `only` in this file. */
  only?: boolean;
  /** Run a failing test again up to this many times; it passes if any attempt passes. */
  retries?: number;
  /** Display name (default: the method name). */
  name?: string;
}

/** `@profile(...)` options. */
export interface ProfileTestOptions extends TestOptions, ProfileOptions {}

/** `@stress(...)` options: the method body is one operation; `timeout` bounds the whole test. */
export interface StressTestOptions extends TestOptions, StressOptions {}

/**
 * `@security(...)` options: the method is the probe. It receives each input and returns the
 * response (for example `this.http.post("/login", { json: input })`).
 */
export interface SecurityTestOptions extends TestOptions, FuzzOptions {}
