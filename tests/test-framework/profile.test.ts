import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProfileOptionsError, profileFunction } from "../../src/test/index.ts";
import { byId, runCli, runFixtures } from "./helpers.ts";

describe("profileFunction", () => {
  test("runs warm-up then timed iterations and reports ordered statistics", async () => {
    let calls = 0;
    const stats = await profileFunction(() => void calls++, { iterations: 200, warmup: 20 });
    expect(calls).toBe(220);
    expect(stats.iterations).toBe(200);
    expect(stats.min).toBeLessThanOrEqual(stats.p50);
    expect(stats.p50).toBeLessThanOrEqual(stats.p95);
    expect(stats.p95).toBeLessThanOrEqual(stats.p99);
    expect(stats.p99).toBeLessThanOrEqual(stats.max);
    expect(stats.mean).toBeGreaterThanOrEqual(stats.min);
    expect(stats.opsPerSecond).toBeCloseTo(1000 / stats.mean, 5);
    expect(stats.peakRss).toBeGreaterThan(1024 * 1024);
  });

  test("awaits async bodies", async () => {
    const stats = await profileFunction(() => Bun.sleep(5), { iterations: 5, warmup: 0 });
    expect(stats.min).toBeGreaterThanOrEqual(4);
  });

  test("heap growth shows retained memory", async () => {
    const kept: unknown[] = [];
    const leaky = await profileFunction(() => void kept.push(new Array(10_000).fill(1)), {
      iterations: 50,
      warmup: 0,
    });
    expect(leaky.heapGrowth).toBeGreaterThan(50 * 10_000 * 4);
  });

  test("rejects nonsense options", async () => {
    await expect(profileFunction(() => {}, { iterations: 0 })).rejects.toThrow(ProfileOptionsError);
    await expect(profileFunction(() => {}, { warmup: -1 })).rejects.toThrow('"warmup"');
  });
});

describe("@profile and --baseline", () => {
  const dir = mkdtempSync(join(tmpdir(), "data-bridge-baseline-"));
  const fixture = join(import.meta.dir, "fixtures/profile");
  const args = (file: string, ...more: string[]) => [
    fixture,
    "--pattern",
    "**/*.suite.ts",
    "--baseline",
    file,
    ...more,
  ];
  const writeBaseline = (file: string, mean: number) =>
    Bun.write(
      file,
      JSON.stringify({
        schemaVersion: 1,
        profiles: { "Profiled > work": { mean, p95: mean, opsPerSecond: 1 } },
      }),
    );

  test("a profile test records its statistics", async () => {
    const report = await runFixtures(["profile"]);
    const result = byId(report).get("Profiled > work")!;
    expect(result.kind).toBe("profile");
    expect(result.profile?.iterations).toBe(20);
    expect(result.profile?.warmup).toBe(2);
  });

  test("a missing baseline is written from the run", async () => {
    const file = join(dir, "new.json");
    const result = await runCli(args(file));
    expect(result.code).toBe(0);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved.schemaVersion).toBe(1);
    expect(Object.keys(saved.profiles)).toEqual(["Profiled > work"]);
    expect(saved.profiles["Profiled > work"].mean).toBeGreaterThan(0);
  });

  test("within tolerance passes; slower than baseline * (1 + tolerance) fails", async () => {
    const generous = join(dir, "generous.json");
    await writeBaseline(generous, 10_000);
    expect((await runCli(args(generous))).code).toBe(0);

    const strict = join(dir, "strict.json");
    await writeBaseline(strict, 1e-9);
    const failing = await runCli(args(strict));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("the baseline");
    expect(failing.stdout).toContain("(tolerance 50%)");
  });

  test("--update-baseline rewrites it", async () => {
    const file = join(dir, "update.json");
    await writeBaseline(file, 1e-9);
    expect((await runCli(args(file, "--update-baseline"))).code).toBe(0);
    // Rewritten from the run instead of judged against the old value (re-comparing a ~µs body
    // with itself would depend on timing noise).
    expect(JSON.parse(readFileSync(file, "utf8")).profiles["Profiled > work"].mean).toBeGreaterThan(1e-9);
  });

  test("a corrupt baseline is reported", async () => {
    const file = join(dir, "corrupt.json");
    await Bun.write(file, "{ nope");
    const result = await runCli(args(file));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not valid JSON");
  });
});
