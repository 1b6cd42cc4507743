import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { LatencyHistogram } from "../../src/http/index.ts";
import { checkerFor, schemaIssues } from "../../src/http/schema-check.ts";

describe("LatencyHistogram", () => {
  test("an empty histogram reports zeros", () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, mean: 0, max: 0, p50: 0, p95: 0, p99: 0 });
  });

  test("percentiles are within 1/16 of the exact values over a wide range", () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    let seed = 42;
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = 0.01 * 2 ** ((seed / 2 ** 31) * 20); // 10 µs .. ~10 s, log-uniform
      values.push(ms);
      h.record(ms);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThan(1 / 16);
    }
    const s = h.summary();
    expect(s.count).toBe(100_000);
    expect(s.max).toBe(values.at(-1)!);
    expect(s.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  test("sub-microsecond, zero and huge values are clamped, not lost", () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(0.0001);
    h.record(10 * 24 * 3600 * 1000);
    expect(h.count).toBe(3);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(1)).toBeGreaterThan(4_000_000);
  });

  test("a single value is reported as itself (percentiles never exceed the max)", () => {
    const h = new LatencyHistogram();
    h.record(3.3);
    expect(h.quantile(0.99)).toBe(3.3);
  });
});

describe("schema checks", () => {
  test("each schema object is compiled once", () => {
    const User = Type.Object({ id: Type.Number() });
    expect(checkerFor(User)).toBe(checkerFor(User));
    expect(checkerFor(Type.Object({ id: Type.Number() }))).not.toBe(checkerFor(User));
  });

  test("a passing value has no issues; a failing one lists each path once", () => {
    const Item = Type.Object({ n: Type.Integer(), tags: Type.Array(Type.String()) });
    expect(schemaIssues(Item, { n: 1, tags: [] })).toBeUndefined();
    const issues = schemaIssues(Item, { n: 1.5, tags: ["a", 1, null] })!;
    expect(issues.map((i) => i.path)).toEqual(["/n", "/tags/1", "/tags/2"]);
    expect(issues[1]!.value).toBe(1);
  });
});
