import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  isLoopback,
  LatencyHistogram,
  runStress,
  stress,
  StressOptionsError,
  StressTargetError,
} from "../../src/test/index.ts";
import { scheduledAt } from "../../src/test/stress/open.ts";

let server: ReturnType<typeof Bun.serve>;
let base: string;
let hits = 0;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      hits++;
      const path = new URL(request.url).pathname;
      if (path === "/fail") return new Response("unavailable", { status: 503 });
      if (path === "/every-fourth") return new Response("", { status: hits % 4 === 0 ? 500 : 200 });
      if (path === "/slow") await Bun.sleep(30);
      return new Response("ok");
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

describe("latency histogram", () => {
  test("percentiles stay within 1% of the exact values over six decades", () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = 0.001 * 10 ** ((seed / 2 ** 31) * 6);
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThan(0.01);
    }
    expect(h.count).toBe(50_000);
    expect(h.min).toBe(values[0]!);
    expect(h.max).toBe(values[values.length - 1]!);
    expect(h.buckets().reduce((n, b) => n + b.count, 0)).toBe(50_000);
  });

  test("merges", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(1);
    b.record(100);
    a.merge(b);
    expect(a.count).toBe(2);
    expect(a.max).toBe(100);
    expect(a.percentile(100)).toBe(100);
  });
});

describe("closed model", () => {
  test("N workers against a real server: throughput, percentiles, status codes, timeline", async () => {
    const report = await stress(`${base}/ok`, { workers: 4, duration: 300 });
    expect(report.model).toBe("closed");
    expect(report.workers).toBe(4);
    expect(report.operations).toBeGreaterThan(20);
    expect(report.errors).toBe(0);
    expect(report.statusCodes).toEqual({ "200": report.operations });
    expect(report.throughput).toBeGreaterThan(0);
    const l = report.latency;
    expect(l.min).toBeLessThanOrEqual(l.p50);
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.p999);
    expect(l.p999).toBeLessThanOrEqual(l.max);
    expect(report.timeline.points.reduce((n, p) => n + p.ok + p.errors, 0)).toBe(report.operations);
    expect(report.durationMs).toBeGreaterThanOrEqual(290);
    expect(report.durationMs).toBeLessThan(5000);
  });

  test("iterations bound the count exactly", async () => {
    let calls = 0;
    const report = await runStress(() => void calls++, { workers: 3, iterations: 100 });
    expect(report.operations).toBe(100);
    expect(calls).toBe(100);
  });

  test("errors: status codes, thrown errors by code/name, timeouts", async () => {
    const statuses = await runStress(`${base}/every-fourth`, { workers: 1, iterations: 40 });
    expect(statuses.errorKinds["status 500"]).toBe(10);
    expect(statuses.errorRate).toBeCloseTo(0.25, 5);
    let n = 0;
    const thrown = await runStress(
      async () => {
        n++;
        if (n % 2) throw Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
        if (n % 4 === 0) throw new TypeError("bad");
        await Bun.sleep(100);
      },
      { iterations: 8, operationTimeout: 20 },
    );
    expect(thrown.errorKinds).toEqual({ ECONNREFUSED: 4, TypeError: 2, timeout: 2 });
  });

  test("ramp-up starts workers over time", async () => {
    const starts: number[] = [];
    const t0 = performance.now();
    const seen = new Set<number>();
    let worker = 0;
    await runStress(
      async () => {
        const id = worker++;
        if (!seen.has(id)) starts.push(performance.now() - t0);
        seen.add(id);
        await Bun.sleep(5);
      },
      { workers: 4, duration: 200, rampUp: 200 },
    );
    expect(Math.max(...starts)).toBeGreaterThan(100);
  });
});

describe("open model", () => {
  test("issues operations at the target rate whatever their latency", async () => {
    const report = await stress(`${base}/slow`, { rate: 200, duration: 500 });
    expect(report.model).toBe("open");
    expect(report.targetRate).toBe(200);
    expect(report.operations).toBe(100);
    expect(report.latency.min).toBeGreaterThanOrEqual(25);
  });

  test("ramp-up schedule integrates the rising rate", () => {
    expect(scheduledAt(0, 100, 0)).toBe(0);
    expect(scheduledAt(10, 100, 0)).toBeCloseTo(100, 6);
    // 1000 ms ramp to 100/s: 50 ops during the ramp; op 50 is due at 1000 ms, op 60 at 1100 ms.
    expect(scheduledAt(50, 100, 1000)).toBeCloseTo(1000, 6);
    expect(scheduledAt(60, 100, 1000)).toBeCloseTo(1100, 6);
    expect(scheduledAt(25, 100, 1000)).toBeCloseTo(Math.sqrt((2 * 1000 * 25) / 0.1), 6);
  });

  test("corrects for coordinated omission: a stall shows in the open model's tail, not the closed one's", async () => {
    // A server that handles one request at a time and stalls once for 200 ms.
    const serialStall = () => {
      let queue = Promise.resolve();
      let stalled = false;
      return () => {
        const run = queue.then(async () => {
          if (!stalled) {
            stalled = true;
            await Bun.sleep(200);
          }
        });
        queue = run;
        return run;
      };
    };
    const closed = await runStress(serialStall(), { workers: 1, duration: 400 });
    const open = await runStress(serialStall(), { rate: 200, duration: 400 });
    // Closed: one slow sample among thousands of fast ones; the p90 hides the stall.
    expect(closed.latency.p90).toBeLessThan(20);
    // Open: every request scheduled during the stall waited for it, measured from its intended start.
    expect(open.latency.p90).toBeGreaterThan(50);
    expect(open.latency.max).toBeGreaterThanOrEqual(190);
  });

  test("in-flight cap drops instead of growing without bound", async () => {
    const report = await runStress(() => Bun.sleep(200), { rate: 1000, duration: 100, maxInFlight: 10 });
    expect(report.errorKinds.overload).toBeGreaterThan(50);
  });
});

describe("thresholds and bounds", () => {
  test("thresholds decide pass or fail", async () => {
    const passing = await stress(`${base}/ok`, {
      workers: 2,
      iterations: 50,
      thresholds: { p95: 5000, errorRate: 0.01 },
    });
    expect(passing.passed).toBe(true);
    const failing = await stress(`${base}/fail`, {
      workers: 2,
      iterations: 20,
      thresholds: { errorRate: 0.01, minThroughput: 1e9 },
    });
    expect(failing.passed).toBe(false);
    expect(failing.thresholds).toEqual([
      { metric: "errorRate", limit: 0.01, actual: 1, passed: false },
      { metric: "minThroughput", limit: 1e9, actual: failing.throughput, passed: false },
    ]);
    expect(failing.statusCodes).toEqual({ "503": 20 });
  });

  test("refuses unbounded or contradictory options", async () => {
    await expect(runStress(() => {}, {})).rejects.toThrow(StressOptionsError);
    await expect(runStress(() => {}, { workers: 0, iterations: 1 })).rejects.toThrow(
      '"workers" must be a positive integer',
    );
    await expect(runStress(() => {}, { workers: 2, rate: 10, iterations: 1 })).rejects.toThrow("not both");
  });

  test("maxDuration caps a run given only iterations", async () => {
    const started = performance.now();
    const report = await runStress(() => Bun.sleep(10), { iterations: 1_000_000, maxDuration: 200 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(report.operations).toBeLessThan(1_000_000);
  });

  test("only loopback targets", async () => {
    expect(isLoopback("http://127.0.0.1:80/")).toBe(true);
    expect(isLoopback("http://127.8.9.10/")).toBe(true);
    expect(isLoopback("http://[::1]:3000/")).toBe(true);
    expect(isLoopback("http://localhost/")).toBe(true);
    expect(isLoopback("http://example.com/")).toBe(false);
    expect(isLoopback("http://10.0.0.1/")).toBe(false);
    expect(isLoopback("http://127.0.0.1.example.com/")).toBe(false);
    await expect(stress("http://example.com/", { iterations: 1 })).rejects.toThrow(StressTargetError);
    await expect(stress({ url: "http://192.168.1.1/" }, { iterations: 1 })).rejects.toThrow(
      "refusing http://192.168.1.1/",
    );
  });
});
