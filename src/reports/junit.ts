import type { ErrorInfo, RunReport, SuiteResult, TestResult } from "../test/result.ts";
import { headline } from "./format.ts";
import { attributes, escapeXml } from "./xml.ts";

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML as Jenkins and GitLab read it: one `<testsuite>` per suite, one `<testcase>` per test
 * with classname, name, time and file; `<failure>` for failed expectations, `<error>` for
 * exceptions and timeouts, `<skipped>`, and captured `<system-out>`/`<system-err>`. A suite-level
 * error (file load, setupSuite, teardownSuite) becomes a testcase of its own so CI shows it.
 * classname + name pairs are unique: repeated ones get a ` (2)` suffix.
 */
export function renderJunit(report: RunReport): string {
  const classNames = uniqueClassNames(report.suites);
  const seen = new Set<string>();
  const unique = (className: string, name: string) => {
    let candidate = name;
    for (let n = 2; seen.has(`${className}\u0000${candidate}`); n++) candidate = `${name} (${n})`;
    seen.add(`${className}\u0000${candidate}`);
    return candidate;
  };
  const suites = report.suites.map((suite, index) => {
    const className = classNames[index]!;
    const cases = suite.tests.map((t) => testCase(t, className, unique(className, t.name)));
    const onlySuiteError =
      suite.error && !suite.tests.some((t) => t.error?.message.includes(suite.error!.message));
    if (onlySuiteError) cases.push(suiteErrorCase(suite, className, unique(className, "(suite)")));
    const count = (status: TestResult["status"]) => suite.tests.filter((t) => t.status === status).length;
    const errors = suite.tests.filter((t) => t.status === "failed" && t.error?.kind !== "assertion").length;
    const attrs = attributes({
      name: suite.name,
      tests: cases.length,
      failures: count("failed") - errors,
      errors: errors + (onlySuiteError ? 1 : 0),
      skipped: count("skipped"),
      time: seconds(suite.durationMs),
      timestamp: report.startedAt,
      file: suite.file,
    });
    return `  <testsuite${attrs}>\n${cases.join("")}  </testsuite>\n`;
  });
  const all = report.suites.flatMap((s) => s.tests);
  const errors = all.filter((t) => t.status === "failed" && t.error?.kind !== "assertion").length;
  const head = attributes({
    name: "data-bridge",
    tests: all.length,
    failures: all.filter((t) => t.status === "failed").length - errors,
    errors,
    skipped: report.summary.skipped,
    time: seconds(report.durationMs),
    timestamp: report.startedAt,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${suites.join("")}</testsuites>\n`;
}

/** Suite names as classnames, prefixed with the file where two suites share a name. */
function uniqueClassNames(suites: readonly SuiteResult[]): string[] {
  const counts = new Map<string, number>();
  for (const s of suites) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  return suites.map((s) => (counts.get(s.name)! > 1 && s.name !== s.file ? `${s.file}.${s.name}` : s.name));
}

function testCase(test: TestResult, className: string, name: string): string {
  const attrs = attributes({ classname: className, name, time: seconds(test.durationMs), file: test.file });
  let body = "";
  if (test.status === "skipped") body += `      <skipped${attributes({ message: test.skipReason })}/>\n`;
  if (test.status === "failed" && test.error) body += problem(test.error);
  if (test.stdout) body += `      <system-out>${escapeXml(test.stdout)}</system-out>\n`;
  if (test.stderr) body += `      <system-err>${escapeXml(test.stderr)}</system-err>\n`;
  return body ? `    <testcase${attrs}>\n${body}    </testcase>\n` : `    <testcase${attrs}/>\n`;
}

function suiteErrorCase(suite: SuiteResult, className: string, name: string): string {
  const attrs = attributes({ classname: className, name, time: seconds(suite.durationMs), file: suite.file });
  return `    <testcase${attrs}>\n${problem({ ...suite.error!, kind: "error" })}    </testcase>\n`;
}

function problem(error: ErrorInfo): string {
  const tag = error.kind === "assertion" ? "failure" : "error";
  const diff = error.diff ? `- Expected\n+ Received\n\n${error.diff.unified}` : undefined;
  const text = [error.message, diff, error.stack].filter(Boolean).join("\n\n");
  const firstLine = headline(error).split("\n")[0];
  return `      <${tag}${attributes({ message: firstLine, type: error.name })}>${escapeXml(text)}</${tag}>\n`;
}
