import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  fuzz,
  httpProbe,
  PAYLOAD_SETS,
  PAYLOADS,
  payloadsFor,
  PayloadSetError,
} from "../../src/test/index.ts";
import { byId, runFixtures } from "./helpers.ts";
import { safeApp, vulnerableApp } from "./fixtures/vulnerable-app.ts";

let vulnerable: ReturnType<typeof Bun.serve>;
let safe: ReturnType<typeof Bun.serve>;
const url = (server: ReturnType<typeof Bun.serve>) => `http://127.0.0.1:${server.port}`;

beforeAll(() => {
  const v = vulnerableApp();
  const s = safeApp();
  vulnerable = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (r) => v.fetch(r) });
  safe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (r) => s.fetch(r) });
});
afterAll(() => {
  vulnerable.stop(true);
  safe.stop(true);
});

const login = { username: "ada", password: "wrong" };

describe("payload sets", () => {
  test("every set named in the issue is there and non-empty", () => {
    expect(PAYLOAD_SETS).toEqual([
      "nosql",
      "sql",
      "xss",
      "path-traversal",
      "command-injection",
      "unicode",
      "oversized",
      "prototype-pollution",
    ]);
    for (const set of PAYLOAD_SETS) expect(PAYLOADS[set].length).toBeGreaterThan(0);
    expect(PAYLOADS.nosql.map((p) => p.value)).toContainEqual({ $ne: null });
    expect(PAYLOADS.nosql.map((p) => p.value)).toContainEqual({ $gt: "" });
    expect(PAYLOADS.nosql.some((p) => JSON.stringify(p.value).includes("$where"))).toBe(true);
    const proto = PAYLOADS["prototype-pollution"].map((p) => JSON.stringify(p.value));
    expect(proto.some((p) => p.includes('"__proto__"'))).toBe(true);
    expect(proto.some((p) => p.includes('"constructor":{"prototype"'))).toBe(true);
  });

  test("an unknown set is a typed error", () => {
    expect(() => payloadsFor(["nosql", "ldap" as "nosql"])).toThrow(PayloadSetError);
  });
});

describe("finds real problems in a deliberately vulnerable app", () => {
  test("operator injection on a login over a real socket, with the minimal input", async () => {
    const report = await fuzz(httpProbe(url(vulnerable), { path: "/login" }), {
      template: login,
      sets: ["nosql"],
      runs: 0,
    });
    const injection = report.findings.find((f) => f.kind === "injection");
    expect(injection).toMatchObject({ path: "password", set: "nosql", status: 200 });
    expect(injection?.detail).toContain("non-matching control value failed (status 401)");
    // Minimal: username is kept because dropping it makes the payload fail; only password changed.
    expect((injection!.input as { password: unknown }).password).toBeObject();
    expect(report.passed).toBe(false);
  });

  test("injection is found without other fields when they are not needed", async () => {
    const report = await fuzz(httpProbe(url(vulnerable), { path: "/login" }), {
      template: { username: { $ne: null }, password: "x", remember: true },
      sets: ["nosql"],
      runs: 0,
    });
    const finding = report.findings.find((f) => f.kind === "injection" && f.path === "password");
    expect(finding?.input).not.toHaveProperty("remember");
  });

  test("reflected XSS in an HTML response", async () => {
    const report = await fuzz(httpProbe(url(vulnerable), { path: "/greet", as: "query" }), {
      template: { name: "bob" },
      sets: ["xss"],
      runs: 0,
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: "reflected", path: "name", set: "xss" });
    expect(report.findings[0]?.detail).toContain("echoed unescaped");
  });

  test("prototype pollution through a recursive merge (in-process app)", async () => {
    const report = await fuzz(httpProbe(vulnerableApp(), { path: "/settings" }), {
      template: { theme: "dark" },
      sets: ["prototype-pollution"],
      runs: 0,
    });
    expect(report.findings.map((f) => f.kind)).toEqual(["prototype-pollution"]);
    expect(report.findings[0]?.detail).toContain("dataBridgeFuzzPolluted");
    expect(({} as Record<string, unknown>).dataBridgeFuzzPolluted).toBeUndefined();
  });

  test("a 5xx found by fast-check is shrunk and can be replayed from seed and path", async () => {
    const probe = httpProbe(url(vulnerable), { path: "/sum" });
    const report = await fuzz(probe, { template: { values: [1, 2] }, sets: [], runs: 200, seed: 42 });
    const finding = report.findings.find((f) => f.kind === "server-error");
    expect(finding?.replay).toBeDefined();
    expect(finding?.status).toBe(500);
    // Shrunk: a non-array "values" (or no object at all), not a large random document.
    expect(JSON.stringify(finding?.input).length).toBeLessThan(30);
    const replay = await fuzz(probe, {
      template: { values: [1, 2] },
      sets: [],
      runs: 200,
      seed: finding!.replay!.seed,
      path: finding!.replay!.path,
    });
    expect(replay.findings[0]?.input).toEqual(finding?.input);
  });

  test("the same seed finds the same thing", async () => {
    const probe = httpProbe(url(vulnerable), { path: "/sum" });
    const a = await fuzz(probe, { template: { values: [1] }, sets: [], runs: 50, seed: 9 });
    const b = await fuzz(probe, { template: { values: [1] }, sets: [], runs: 50, seed: 9 });
    expect(b.findings).toEqual(a.findings);
  });

  test("crashes and timeouts of the probe are findings", async () => {
    const crash = await fuzz(
      (input) => {
        if (typeof input === "object" && input !== null && JSON.stringify(input).includes("$ne")) {
          throw new Error("socket hang up");
        }
        return new Response("ok");
      },
      { template: { q: "x" }, sets: ["nosql"], runs: 0 },
    );
    expect(crash.findings[0]).toMatchObject({ kind: "crash", path: "q" });
    const timeout = await fuzz(
      (input) => (input === "../../../../etc/passwd" ? new Promise(() => {}) : new Response("ok")),
      {
        template: "file.txt",
        sets: ["path-traversal"],
        runs: 0,
        probeTimeout: 50,
      },
    );
    expect(timeout.findings[0]).toMatchObject({ kind: "timeout", path: "(root)" });
  });

  test("a custom fast-check arbitrary drives the property phase", async () => {
    const report = await fuzz(
      (input) => new Response("", { status: typeof input === "number" && input > 1000 ? 500 : 200 }),
      { arbitrary: fc.integer(), sets: [], runs: 500, seed: 1 },
    );
    expect(report.findings[0]).toMatchObject({ kind: "server-error", input: 1001 });
  });
});

describe("does not flag a safe app", () => {
  test("every payload set and 100 generated inputs per route", async () => {
    const routes = [
      { probe: httpProbe(url(safe), { path: "/login" }), template: login },
      { probe: httpProbe(url(safe), { path: "/greet", as: "query" }), template: { name: "bob" } },
      { probe: httpProbe(safeApp(), { path: "/settings" }), template: { theme: "dark" } },
      { probe: httpProbe(url(safe), { path: "/sum" }), template: { values: [1, 2] } },
    ];
    for (const route of routes) {
      const report = await fuzz(route.probe, { template: route.template, runs: 100, seed: 5 });
      expect(report.findings).toEqual([]);
      expect(report.passed).toBe(true);
      expect(report.probes).toBeGreaterThan(100);
    }
  });
});

describe("@security in a suite", () => {
  test("fails the test with the findings and records the report", async () => {
    const report = await runFixtures(["kinds"], { grep: /SecurityKinds/ });
    const test = byId(report).get("SecurityKinds > login")!;
    expect(test.status).toBe("failed");
    expect(test.kind).toBe("security");
    expect(test.security?.findings.map((f) => f.kind)).toContain("injection");
    expect(test.error?.message).toContain("security finding(s)");
    expect(byId(report).get("SecurityKinds > greets")?.status).toBe("passed");
  });
});
