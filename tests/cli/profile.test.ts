import { describe, expect, test } from "bun:test";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cli, folder, ROOT } from "./helpers.ts";

const suite = `import { expect, profile, test, TestSuite } from ${JSON.stringify(join(ROOT, "src/test/index.ts"))};

export class Parsing extends TestSuite {
  @profile({ iterations: 30, warmup: 3, tolerance: 0.5 })
  parse() {
    JSON.parse(JSON.stringify({ list: Array.from({ length: 200 }, (_, i) => i) }));
  }

  @test()
  notAProfile() {
    throw new Error("plain tests must not run");
  }
}

test("plain test() calls do not run either", () => {
  expect(1).toBe(2);
});
`;

describe("data-bridge profile", () => {
  test("runs only @profile tests and prints the profile table", async () => {
    const dir = await folder({ "parse.test.ts": suite });
    const run = await cli(["profile", dir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [header, row, ...rest] = run.stdout.trimEnd().split("\n");
    expect(header).toMatch(
      /^Test\s+Iterations\s+Mean ms\s+p50\s+p95\s+p99\s+ops\/s\s+Heap growth\s+Peak RSS\s+Baseline$/,
    );
    expect(row).toMatch(
      /^Parsing > parse\s+30\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+-?[\d.]+ \w+\s+[\d.]+ \w+$/,
    );
    expect(rest).toEqual(["tests: 1 passed, 0 failed, 0 skipped"]);
  });

  test("--baseline is written on the first run and judges the next", async () => {
    const dir = await folder({ "parse.test.ts": suite });
    const baseline = join(dir, "baseline.json");
    expect((await cli(["profile", dir, "--baseline", baseline])).code).toBe(0);
    const written = JSON.parse(await readFile(baseline, "utf8"));
    expect(Object.keys(written.profiles)).toEqual(["Parsing > parse"]);
    written.profiles["Parsing > parse"].mean = 1e-9;
    await writeFile(baseline, JSON.stringify(written));
    const slower = await cli(["profile", dir, "--baseline", baseline]);
    expect(slower.code).toBe(1);
    expect(slower.stdout).toMatch(/Parsing > parse .*x slower\n/);
    expect(slower.stdout).toContain("✗ Parsing > parse:");
    expect(slower.stdout).toContain("tests: 0 passed, 1 failed, 0 skipped");
  });

  test("no profiles found exits 1; a bad option exits 2 with the usage", async () => {
    const plain = `import { test } from ${JSON.stringify(join(ROOT, "src/test/index.ts"))};\ntest("plain", () => {});\n`;
    const empty = await folder({ "plain.test.ts": plain });
    const none = await cli(["profile", empty]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no @profile tests found");
    const bad = await cli(["profile", "--parallel", "zero"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Usage: data-bridge profile");
  });
});
