import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HTMLInputElement, type HTMLSelectElement, Window } from "happy-dom";
import { renderHtml } from "../../src/reports/html.ts";
import { renderJson } from "../../src/reports/json.ts";
import { renderJunit } from "../../src/reports/junit.ts";
import { renderMarkdown } from "../../src/reports/markdown.ts";
import type { RunReport } from "../../src/test/index.ts";
import { runCli, runFixtures } from "./helpers.ts";

let report: RunReport;

beforeAll(async () => {
  report = await runFixtures(["basic", "kinds"]);
});

/** A report whose names and messages hold everything that breaks naive escaping. */
function hostileReport(): RunReport {
  const nasty = `<img src=x onerror="alert(1)"> & ]]> \u0001 \uD800 'quote' "double"`;
  const testResult = (name: string) => ({
    id: `Evil > ${name}`,
    name,
    suite: "Evil",
    file: "evil.spec.ts",
    kind: "test" as const,
    status: "failed" as const,
    durationMs: 1,
    tags: ["x<y"],
    attempts: 1,
    error: { kind: "assertion" as const, name: "AssertionError", message: nasty, stack: `at ${nasty}` },
    stdout: nasty,
    stderr: nasty,
  });
  return {
    schemaVersion: 1,
    tool: "data-bridge",
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    summary: { total: 3, passed: 0, failed: 3, skipped: 0 },
    suites: [
      {
        name: "Evil",
        file: "evil.spec.ts",
        status: "failed",
        durationMs: 3,
        tests: [testResult(nasty), testResult(nasty), testResult("plain")],
      },
    ],
  };
}

function parseXml(xml: string) {
  const window = new Window();
  const doc = new window.DOMParser().parseFromString(xml, "application/xml");
  expect(doc.querySelector("parsererror")?.textContent ?? "").toBe("");
  return doc;
}

describe("JUnit XML", () => {
  test("is well-formed with testsuites/testsuite/testcase and the attributes CI reads", () => {
    const doc = parseXml(renderJunit(report));
    const root = doc.documentElement;
    expect(root.tagName).toBe("testsuites");
    const cases = [...doc.querySelectorAll("testcase")];
    expect(cases.length).toBe(report.summary.total);
    for (const c of cases) {
      for (const attr of ["classname", "name", "time", "file"]) expect(c.getAttribute(attr)).toBeTruthy();
      expect(Number(c.getAttribute("time"))).toBeGreaterThanOrEqual(0);
    }
    const byName = (name: string) => cases.find((c) => c.getAttribute("name") === name)!;
    expect(byName("comparesObjects").querySelector("failure")?.getAttribute("type")).toBe("AssertionError");
    expect(byName("comparesObjects").querySelector("failure")?.textContent).toContain("- Expected");
    expect(byName("comparesObjects").querySelector("system-out")?.textContent).toBe(
      "inside comparesObjects\n",
    );
    expect(byName("timesOut").querySelector("error")?.getAttribute("type")).toBe("TestTimeoutError");
    expect(byName("plain fails").querySelector("error")?.getAttribute("message")).toBe("TypeError: boom");
    expect(byName("skipped").querySelector("skipped")?.getAttribute("message")).toBe("not ready");
    const suites = [...doc.querySelectorAll("testsuite")];
    const total = (attr: string) => suites.reduce((n, s) => n + Number(s.getAttribute(attr)), 0);
    expect(total("tests")).toBe(report.summary.total);
    expect(total("failures") + total("errors")).toBe(report.summary.failed);
    expect(total("skipped")).toBe(report.summary.skipped);
  });

  test("escapes hostile text, drops characters XML cannot hold and keeps classname+name unique", () => {
    const xml = renderJunit(hostileReport());
    const doc = parseXml(xml);
    expect(xml).not.toContain("<img");
    expect(xml).not.toContain("\u0001");
    const names = [...doc.querySelectorAll("testcase")].map(
      (c) => `${c.getAttribute("classname")}|${c.getAttribute("name")}`,
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names[1]).toEndWith(" (2)");
    expect(doc.querySelector("system-out")?.textContent).toContain("]]> \uFFFD \uFFFD");
  });

  test("a suite-level error becomes its own testcase", () => {
    const broken: RunReport = {
      ...hostileReport(),
      summary: { total: 0, passed: 0, failed: 1, skipped: 0 },
      suites: [
        {
          name: "a.spec.ts",
          file: "a.spec.ts",
          status: "failed",
          durationMs: 1,
          tests: [],
          error: { kind: "error", name: "Error", message: "loading the file: nope" },
        },
      ],
    };
    const doc = parseXml(renderJunit(broken));
    expect(doc.querySelector("testcase")?.getAttribute("name")).toBe("(suite)");
    expect(doc.querySelector("testcase error")?.getAttribute("message")).toBe("loading the file: nope");
  });
});

describe("JSON", () => {
  test("is the documented schema, version 1", () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion",
      "tool",
      "startedAt",
      "durationMs",
      "summary",
      "suites",
    ]);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.summary).toEqual(report.summary);
    const stress = parsed.suites
      .flatMap((s: { tests: unknown[] }) => s.tests)
      .find((t: { kind: string }) => t.kind === "stress");
    expect(Object.keys(stress.stress)).toEqual([
      "model",
      "workers",
      "durationMs",
      "operations",
      "ok",
      "errors",
      "errorRate",
      "throughput",
      "latency",
      "histogram",
      "statusCodes",
      "errorKinds",
      "timeline",
      "thresholds",
      "passed",
    ]);
    expect(Object.keys(stress.stress.latency)).toEqual([
      "min",
      "mean",
      "p50",
      "p90",
      "p95",
      "p99",
      "p999",
      "max",
    ]);
  });
});

describe("Markdown", () => {
  test("has the summary, suite tables, failures with diffs and the measurement tables", () => {
    const md = renderMarkdown(report);
    expect(md).toContain(`**Failed**: ${report.summary.passed} passed, ${report.summary.failed} failed`);
    expect(md).toContain("## ❌ MathTests");
    expect(md).toContain("| ✅ | adds | test |");
    expect(md).toContain("```diff\n  {");
    expect(md).toContain("## Profiles");
    expect(md).toContain("## Stress");
    expect(md).toContain("## Security");
    expect(md).toContain("**injection**");
  });

  test("escapes table cells", () => {
    const md = renderMarkdown(hostileReport());
    const outsideCode = md.replace(/```[\s\S]*?```/g, "");
    expect(outsideCode).not.toContain("<img");
    expect(md).toContain("&lt;img src=x");
  });
});

describe("HTML", () => {
  function load(html: string) {
    const window = new Window({
      settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
    });
    window.document.write(html);
    return window;
  }
  const visible = (window: Window) =>
    [...window.document.querySelectorAll("details.test")]
      .filter((d) => !d.hasAttribute("hidden"))
      .map((d) => d.querySelector(".name")!.textContent);

  test("is self-contained: no external scripts, styles, images or fonts", () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(
      /<script[^>]+src=|<link[^>]+href=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
    );
  });

  test("structure: one details per test, suites, status and tag data, charts as inline SVG", () => {
    const window = load(renderHtml(report));
    const doc = window.document;
    expect(doc.querySelectorAll("details.test").length).toBe(report.summary.total);
    expect(doc.querySelectorAll("section.suite").length).toBe(report.suites.length);
    expect(doc.querySelectorAll("details.test.failed[open]").length).toBe(report.summary.failed);
    expect(doc.querySelector("details.test.failed pre.diff .del")?.textContent).toBe("- Expected");
    expect(doc.querySelector("svg.chart.latency rect.bar")).not.toBeNull();
    expect(doc.querySelector("svg.chart.throughput path.line.ok")).not.toBeNull();
    expect(doc.querySelector("svg.chart.profile")).not.toBeNull();
    expect(doc.querySelector("table.profile")?.textContent).toContain("p95");
    expect(doc.querySelector("table.findings")?.textContent).toContain("injection");
    const tags = [...doc.querySelectorAll("#tag option")].map((o) => o.getAttribute("value"));
    expect(tags).toEqual(["", "load", "perf", "security", "slow", "unit"]);
    expect(doc.getElementById("visible")?.textContent).toBe(String(report.summary.total));
  });

  test("filters by status, tag and search when the controls fire events", () => {
    const window = load(renderHtml(report));
    const doc = window.document;
    const fire = (el: HTMLInputElement | HTMLSelectElement, type: string) =>
      el.dispatchEvent(new window.Event(type));
    const boxes = [...doc.querySelectorAll("input[name=status]")] as HTMLInputElement[];
    for (const box of boxes) {
      box.checked = box.value === "failed";
      fire(box, "change");
    }
    expect(visible(window).length).toBe(report.summary.failed);
    expect(doc.getElementById("visible")?.textContent).toBe(String(report.summary.failed));
    const hiddenSuites = [...doc.querySelectorAll("section.suite[hidden]")].map((s) =>
      s.querySelector("h2")!.firstChild!.textContent!.trim(),
    );
    expect(hiddenSuites).toEqual(["ProfileKinds"]);

    for (const box of boxes) {
      box.checked = true;
      fire(box, "change");
    }
    const tag = doc.getElementById("tag") as HTMLSelectElement;
    tag.value = "load";
    fire(tag, "change");
    expect(visible(window).sort()).toEqual(["login", "wrongPassword"]);

    tag.value = "";
    fire(tag, "change");
    const search = doc.getElementById("search") as HTMLInputElement;
    search.value = "COMPARES";
    fire(search, "input");
    expect(visible(window)).toEqual(["comparesObjects"]);
    search.value = "no such test";
    fire(search, "input");
    expect(visible(window)).toEqual([]);
    expect(doc.getElementById("empty")?.hasAttribute("hidden")).toBe(false);
  });

  test("hostile names and messages stay text", () => {
    const window = load(renderHtml(hostileReport()));
    expect(window.document.querySelector("img")).toBeNull();
    expect(window.document.querySelector("details.test .name")?.textContent).toContain(
      '<img src=x onerror="alert(1)">',
    );
  });
});

describe("headless Chromium", () => {
  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  const dir = mkdtempSync(join(tmpdir(), "data-bridge-html-"));
  afterAll(() => Bun.spawnSync(["rm", "-rf", dir]));

  test.skipIf(!chromium)(
    "renders the report and takes a non-trivial screenshot",
    async () => {
      const html = join(dir, "report.html");
      await Bun.write(html, renderHtml(report));
      const png = join(dir, "report.png");
      const proc = Bun.spawn(
        [
          chromium!,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          `--user-data-dir=${mkdtempSync(join(tmpdir(), "data-bridge-chromium-"))}`,
          `--screenshot=${png}`,
          "--window-size=1280,900",
          `file://${html}`,
        ],
        { stdout: "ignore", stderr: "ignore" },
      );
      const timer = setTimeout(() => proc.kill(), 60_000);
      await proc.exited;
      clearTimeout(timer);
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(20_000);
      const bytes = readFileSync(png);
      expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
      expect(bytes.readUInt32BE(16)).toBe(1280);
    },
    90_000,
  );

  if (!chromium) test("headless Chromium screenshot skipped: chromium is not installed", () => {});
});

describe("--reporter and --out", () => {
  test("write every report file", async () => {
    const out = mkdtempSync(join(tmpdir(), "data-bridge-reports-"));
    const result = await runCli([
      join(import.meta.dir, "fixtures/only"),
      "--pattern",
      "**/*.suite.ts",
      "--reporter",
      "console,markdown,html,json,junit",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    for (const file of ["report.md", "report.html", "report.json", "junit.xml"])
      expect(existsSync(join(out, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).summary.passed).toBe(1);
    Bun.spawnSync(["rm", "-rf", out]);
  });

  test("console colours only on a TTY or when forced", async () => {
    const plain = await runCli([join(import.meta.dir, "fixtures/only"), "--pattern", "**/*.suite.ts"]);
    expect(plain.stdout).not.toContain("\x1b[");
    const forced = await runCli([join(import.meta.dir, "fixtures/only"), "--pattern", "**/*.suite.ts"], {
      NO_COLOR: "",
      FORCE_COLOR: "1",
    });
    expect(forced.stdout).toContain("\x1b[32m✓\x1b[39m");
  });
});
