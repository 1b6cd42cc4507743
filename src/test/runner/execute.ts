import type { BaselineFile } from "../profile/baseline.ts";
import type { ErrorInfo, SuiteResult, TestResult } from "../result.ts";
import { releaseFixtures, type TestSuite } from "../suite.ts";
import { type BodyContext, type BodyOutput, MeasuredFailure, runBody } from "./body.ts";
import type { ConsoleCapture } from "./capture.ts";
import { toErrorInfo } from "./error-info.ts";
import type { SuitePlan, TestPlan } from "./plan.ts";
import type { StrayErrors } from "./stray.ts";
import { isPromiseLike, withTimeout } from "./timeout.ts";

/** What executing suites needs from the run. */
export interface ExecuteContext {
  defaultTimeout: number;
  baseline?: BaselineFile;
  capture: ConsoleCapture;
  stray: StrayErrors;
  failFast: boolean;
  /** Set once a test failed under --fail-fast; later tests are skipped. */
  stopped: { value: boolean };
  onTest?: (result: TestResult) => void;
}

/**
 * Runs one suite: setupSuite, then each test with setup/teardown, retries and time limits, then
 * teardownSuite and the fixtures' release. A failing setupSuite fails every test of the suite;
 * nothing a test does stops the suites after it (unless --fail-fast).
 */
export async function executeSuite(plan: SuitePlan, context: ExecuteContext): Promise<SuiteResult> {
  const started = performance.now();
  const result: SuiteResult = {
    name: plan.name,
    file: plan.file,
    status: "passed",
    durationMs: 0,
    tests: [],
  };
  const record = (test: TestResult) => {
    result.tests.push(test);
    if (test.status === "failed" && context.failFast) context.stopped.value = true;
    context.onTest?.(test);
  };
  let instance: TestSuite | undefined;
  let setupError: ErrorInfo | undefined;
  try {
    if (plan.suiteClass) {
      instance = new plan.suiteClass();
      await withTimeout(() => instance!.setupSuite(), context.defaultTimeout, "setupSuite");
    }
  } catch (error) {
    setupError = toErrorInfo(error, instance ? "setupSuite" : "constructor");
    result.error = setupError;
  }
  const bodyContext: BodyContext = { defaultTimeout: context.defaultTimeout };
  if (context.baseline) bodyContext.baseline = context.baseline;
  for (const test of plan.tests) {
    if (setupError && !test.skip) record(failedBySetup(test, setupError));
    else record(await runTest(test, instance, context, bodyContext));
  }
  if (instance) {
    try {
      await withTimeout(() => instance.teardownSuite(), context.defaultTimeout, "teardownSuite");
    } catch (error) {
      result.error ??= toErrorInfo(error, "teardownSuite");
    }
    await releaseFixtures(instance).catch((error) => {
      result.error ??= toErrorInfo(error, "releasing fixtures");
    });
  }
  result.durationMs = performance.now() - started;
  result.status = result.error || result.tests.some((t) => t.status === "failed") ? "failed" : "passed";
  if (result.tests.length > 0 && result.tests.every((t) => t.status === "skipped") && !result.error) {
    result.status = "skipped";
  }
  return result;
}

function base(test: TestPlan): TestResult {
  return {
    id: test.id,
    name: test.name,
    suite: test.suite,
    file: test.file,
    kind: test.declaration.kind,
    status: "skipped",
    durationMs: 0,
    tags: test.tags,
    attempts: 0,
  };
}

function failedBySetup(test: TestPlan, error: ErrorInfo): TestResult {
  return {
    ...base(test),
    status: "failed",
    error: { ...error, message: `suite setup failed: ${error.message}` },
  };
}

async function runTest(
  test: TestPlan,
  instance: TestSuite | undefined,
  context: ExecuteContext,
  bodyContext: BodyContext,
): Promise<TestResult> {
  const result = base(test);
  if (test.skip || context.stopped.value) {
    result.skipReason = test.skip ?? "stopped by --fail-fast";
    return result;
  }
  const retries = Math.max(0, test.declaration.options.retries ?? 0);
  for (let attempt = 0; attempt <= retries; attempt++) {
    const started = performance.now();
    // Plain tests have no `this.signal` to abort, so they skip the controller.
    const controller = instance ? new AbortController() : undefined;
    if (instance && controller) instance.signal = controller.signal;
    let error: ErrorInfo | undefined;
    let output: BodyOutput | Promise<BodyOutput> | undefined;
    let async = false;
    context.capture.begin();
    try {
      if (instance) await withTimeout(() => instance.setup(), context.defaultTimeout, "setup", controller);
      output = runBody(test, instance, controller, bodyContext);
      // Synchronous bodies skip the await: a trivial test then costs no extra turn.
      if (isPromiseLike(output)) {
        async = true;
        output = await output;
      }
    } catch (thrown) {
      if (thrown instanceof MeasuredFailure) output = thrown.output;
      error = toErrorInfo(thrown);
    }
    if (instance) {
      try {
        await withTimeout(() => instance.teardown(), context.defaultTimeout, "teardown");
      } catch (thrown) {
        error ??= toErrorInfo(thrown, "teardown");
      }
    }
    // Let a rejection an async body left behind surface before judging the test.
    if (async) await Promise.resolve();
    const stray = context.stray.take();
    if (stray.length > 0) error ??= toErrorInfo(stray[0], "unhandled error during the test");
    const captured = context.capture.end();
    if (output && !isPromiseLike(output)) Object.assign(result, output);
    result.attempts = attempt + 1;
    result.durationMs = performance.now() - started;
    if (captured.stdout) result.stdout = captured.stdout;
    if (captured.stderr) result.stderr = captured.stderr;
    result.status = error ? "failed" : "passed";
    if (error) result.error = error;
    else delete result.error;
    if (!error) break;
  }
  return result;
}
