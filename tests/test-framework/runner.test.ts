import { beforeEach, describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { events, resetEvents } from "./fixtures/events.ts";
import { byId, FIXTURES, runCli, runFixtures } from "./helpers.ts";

beforeEach(resetEvents);

describe("suites, lifecycle and results", () => {
  test("runs hooks around every test and attempt, in declaration order", async () => {
    const report = await runFixtures(["lifecycle"], { grep: /^Lifecycle > / });
    expect(report.suites.map((s) => s.name)).toEqual(["Lifecycle"]);
    expect(events()).toEqual([
      "setupSuite",
      "setup",
      "first",
      "teardown",
      "setup",
      "failing",
      "teardown",
      "setup",
      "flaky",
      "teardown",
      "setup",
      "flaky",
      "teardown",
      "setup",
      "teardown",
      "setup",
      "teardown",
      "teardownSuite",
    ]);
  });

  test("records status, kind of error, attempts, skips and names", async () => {
    const report = await runFixtures(["lifecycle"]);
    const tests = byId(report);
    expect(tests.get("Lifecycle > first")?.status).toBe("passed");
    expect(tests.get("Lifecycle > failing")?.error?.kind).toBe("assertion");
    expect(tests.get("Lifecycle > failing")?.error?.diff?.unified).toBe("- 2\n+ 1");
    expect(tests.get("Lifecycle > flaky")).toMatchObject({ status: "passed", attempts: 2 });
    expect(tests.get("Lifecycle > slow")?.error).toMatchObject({ kind: "timeout", name: "TestTimeoutError" });
    expect(tests.get("Lifecycle > skipped")).toMatchObject({ status: "skipped", skipReason: "not today" });
    expect(events()).not.toContain("skipped ran");
    expect(tests.get("Lifecycle > custom display name")?.status).toBe("passed");
    expect(tests.get("Lifecycle > first")?.tags).toEqual(["unit"]);
  });

  test("a failing setupSuite fails every test of its suite only, and teardownSuite still runs", async () => {
    const report = await runFixtures(["lifecycle"]);
    const broken = report.suites.find((s) => s.name === "BrokenSetup")!;
    expect(broken.status).toBe("failed");
    expect(broken.error?.message).toBe("setupSuite: database unreachable");
    expect(broken.tests.map((t) => [t.name, t.status])).toEqual([
      ["a", "failed"],
      ["b", "failed"],
    ]);
    expect(broken.tests[0]?.error?.message).toContain("suite setup failed: setupSuite: database unreachable");
    expect(events()).not.toContain("BrokenSetup.a ran");
    expect(events()).toContain("BrokenSetup.teardownSuite");
    expect(report.suites.find((s) => s.name === "Registered")?.status).toBe("passed");
  });

  test("inherits tests, drops overridden undecorated methods, and finds @suite classes", async () => {
    const report = await runFixtures(["lifecycle"]);
    const derived = report.suites.find((s) => s.name === "Derived")!;
    expect(derived.tests.map((t) => t.name)).toEqual([
      "first",
      "flaky",
      "slow",
      "skipped",
      "custom display name",
      "extra",
    ]);
    const registered = report.suites.find((s) => s.name === "Registered")!;
    expect(registered.tests[0]).toMatchObject({ name: "runs", tags: ["registered"], status: "passed" });
    expect(report.suites.map((s) => s.name)).toEqual(["Lifecycle", "BrokenSetup", "Registered", "Derived"]);
  });

  test("counts", async () => {
    const report = await runFixtures(["lifecycle"]);
    expect(report.summary).toEqual({ total: 15, passed: 8, failed: 5, skipped: 2 });
  });
});

describe("selection", () => {
  test("--grep and --tags keep matching tests only", async () => {
    const grep = await runFixtures(["lifecycle"], { grep: /flaky/ });
    expect([...byId(grep).keys()]).toEqual(["Lifecycle > flaky", "Derived > flaky"]);
    const tags = await runFixtures(["lifecycle"], { tags: ["unit", "registered"] });
    expect([...byId(tags).keys()]).toEqual([
      "Lifecycle > first",
      "Lifecycle > failing",
      "Registered > runs",
      "Derived > first",
    ]);
  });

  test("kinds keeps tests of those kinds only", async () => {
    const profiles = await runFixtures(["kinds", "basic"], { kinds: ["profile"] });
    expect([...byId(profiles).keys()]).toEqual(["ProfileKinds > sortsArray"]);
    expect(byId(profiles).get("ProfileKinds > sortsArray")?.profile?.iterations).toBe(50);
    const both = await runFixtures(["kinds"], { kinds: ["profile", "test"], grep: /Kinds/ });
    expect([...byId(both).keys()]).toEqual(["ProfileKinds > sortsArray", "SecurityKinds > greets"]);
  });

  test("only runs the tests marked only in the file", async () => {
    const report = await runFixtures(["only"]);
    const tests = byId(report);
    expect(tests.get("only.suite.ts > chosen")?.status).toBe("passed");
    expect(tests.get("only.suite.ts > not chosen")).toMatchObject({
      status: "skipped",
      skipReason: "not marked only",
    });
    expect(tests.get("only.suite.ts > skipped with reason")?.skipReason).toBe("later");
  });

  test("--fail-fast stops at the first failure", async () => {
    const report = await runFixtures(["failfast"], { failFast: true });
    const tests = byId(report);
    expect(tests.get("a.suite.ts > fails")?.status).toBe("failed");
    expect(tests.get("a.suite.ts > after the failure")).toMatchObject({
      status: "skipped",
      skipReason: "stopped by --fail-fast",
    });
    expect(tests.has("b.suite.ts > in a later file")).toBe(false);
    const all = await runFixtures(["failfast"]);
    expect(byId(all).get("b.suite.ts > in a later file")?.status).toBe("passed");
  });
});

describe("files that cannot run", () => {
  test("a class with tests that is neither exported nor @suite is an error, not silence", async () => {
    const report = await runFixtures(["unreachable"]);
    expect(report.summary.failed).toBe(1);
    expect(report.suites[0]?.error?.name).toBe("UnreachableSuiteError");
    expect(report.suites[0]?.error?.message).toContain("(invisible)");
  });

  test("a file that throws while loading fails as one suite and the run goes on", async () => {
    const report = await runFixtures(["broken", "only"]);
    expect(report.suites[0]?.error?.message).toBe("loading the file: this file fails while loading");
    expect(report.summary).toEqual({ total: 4, passed: 1, failed: 1, skipped: 2 });
  });

  test("a file can be run twice in one process", async () => {
    const first = await runFixtures(["only"]);
    const second = await runFixtures(["only"]);
    expect(second.summary).toEqual(first.summary);
  });
});

describe("errors nobody awaited", () => {
  test("fail the test that was running instead of ending the run", async () => {
    const result = await runCli([join(FIXTURES, "stray"), "--pattern", "**/*.suite.ts"]);
    expect(result.stdout).toContain("✗ stray.suite.ts > leaves a rejection nobody awaits");
    expect(result.stdout).toContain("unhandled error during the test: forgotten promise");
    expect(result.stdout).toContain("unhandled error during the test: thrown in a timer");
    expect(result.lastLine).toBe("tests: 1 passed, 2 failed, 0 skipped");
  });
});

describe("output capture", () => {
  test("console output inside a test goes to that test's stdout/stderr", async () => {
    const report = await runFixtures(["parallel/p1.suite.ts"]);
    const [first] = report.suites[0]!.tests;
    expect(first?.stdout).toBe(`pid ${process.pid}\n`);
  });
});

describe("command line", () => {
  test("exit code 0 when all pass, 1 otherwise, and the summary is the last line", async () => {
    const ok = await runCli([join(FIXTURES, "only"), "--pattern", "**/*.suite.ts"]);
    expect(ok.code).toBe(0);
    expect(ok.lastLine).toBe("tests: 1 passed, 0 failed, 2 skipped");
    const bad = await runCli([join(FIXTURES, "failfast"), "--pattern", "**/*.suite.ts"]);
    expect(bad.code).toBe(1);
    expect(bad.lastLine).toBe("tests: 3 passed, 1 failed, 0 skipped");
    expect(bad.stdout).toContain("✗ a.suite.ts > fails");
    expect(bad.stdout).toContain("  first failure");
  });

  test("bad flags are reported with the usage", async () => {
    const result = await runCli(["--reporter", "xml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown reporter "xml"');
    const parallel = await runCli(["--parallel", "zero"]);
    expect(parallel.stderr).toContain('--parallel needs a positive integer, got "zero"');
  });

  test("a missing path fails the run with a clear message", async () => {
    const result = await runCli(["no/such/folder"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("test path not found: no/such/folder");
    expect(result.lastLine).toBe("tests: 0 passed, 1 failed, 0 skipped");
  });

  test("every example suite passes", async () => {
    const result = await runCli([
      join(import.meta.dir, "../../examples/tests"),
      "--reporter",
      "json",
      "--out",
      tmpdir(),
    ]);
    // Without the console reporter only the summary line is printed.
    expect(result.stdout).toMatch(/^tests: \d+ passed, 0 failed, 0 skipped\n$/);
    expect(result.code).toBe(0);
  }, 60_000);

  test("default patterns find *.test.ts and *.spec.ts", async () => {
    const result = await runCli([join(import.meta.dir, "../../examples/tests"), "--grep", "^HealthTests"]);
    expect(result.lastLine).toMatch(/^tests: [1-9]\d* passed, 0 failed/);
  });
});

describe("--parallel", () => {
  test("spreads files over worker processes and merges results in file order", async () => {
    const report = await runFixtures(["parallel"], { parallel: 2 });
    expect(report.suites.map((s) => s.name)).toEqual([
      "p1.suite.ts",
      "p2.suite.ts",
      "p3.suite.ts",
      "p4.suite.ts",
    ]);
    expect(report.summary).toEqual({ total: 20, passed: 19, failed: 1, skipped: 0 });
    const pids = new Set(report.suites.flatMap((s) => s.tests.map((t) => t.stdout)));
    expect(pids.has(`pid ${process.pid}\n`)).toBe(false);
    expect(pids.size).toBe(2);
  });

  test("--fail-fast stops the workers", async () => {
    const report = await runFixtures(["failfast"], { parallel: 2, failFast: true });
    expect(byId(report).get("a.suite.ts > fails")?.status).toBe("failed");
    expect(byId(report).get("a.suite.ts > after the failure")?.status).toBe("skipped");
  });
});
