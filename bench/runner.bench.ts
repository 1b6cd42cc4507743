/**
 * `data-bridge test` against `bun test` on the same 1,000 trivial tests in 50 files.
 *
 *   bun bench/runner.bench.ts              # 7 rounds
 *   bun bench/runner.bench.ts --rounds 3   # fewer rounds, for a smoke check
 *
 * Two temp folders get 50 generated files of 20 tests each (`expect(i + 1).toBe(i + 1)`), one
 * importing `data-bridge/test`, one `bun:test`. Each round runs both as fresh processes (order
 * alternating), so process start, file loading and reporting are all measured; the reported time
 * is the median wall time, the ratio is data-bridge / bun test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FILES = 50;
const TESTS_PER_FILE = 20;
const roundsFlag = process.argv.indexOf("--rounds");
const rounds = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 7;
const cli = join(import.meta.dir, "../src/test/cli.ts");
const entry = join(import.meta.dir, "../src/test/index.ts");

function generate(dir: string, importFrom: string): void {
  for (let f = 0; f < FILES; f++) {
    const tests = Array.from(
      { length: TESTS_PER_FILE },
      (_, i) => `test("file ${f} test ${i}", () => {\n  expect(${i} + 1).toBe(${i + 1});\n});\n`,
    ).join("");
    Bun.write(
      join(dir, `t${String(f).padStart(2, "0")}.test.ts`),
      `import { expect, test } from "${importFrom}";\n\n${tests}`,
    );
  }
}

async function time(command: string[], cwd: string, expectLine: RegExp): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn(command, {
    cwd,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const elapsed = performance.now() - started;
  if (code !== 0 || !expectLine.test(out + err))
    throw new Error(`${command.join(" ")} failed (${code}):\n${out}\n${err}`);
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const root = mkdtempSync(join(tmpdir(), "data-bridge-runner-bench-"));
try {
  const ours = join(root, "data-bridge");
  const theirs = join(root, "bun");
  generate(ours, entry);
  generate(theirs, "bun:test");
  await Bun.sleep(50);

  const contenders = {
    "data-bridge test": () =>
      time([process.execPath, cli, ours], ours, /^tests: 1000 passed, 0 failed, 0 skipped$/m),
    "bun test": () => time([process.execPath, "test", theirs], theirs, /1000 pass/),
  };
  const times: Record<string, number[]> = { "data-bridge test": [], "bun test": [] };
  const ratios: number[] = [];
  // One warm-up round so both start with a warm file cache.
  await contenders["data-bridge test"]();
  await contenders["bun test"]();
  for (let round = 0; round < rounds; round++) {
    const order =
      round % 2 === 0
        ? (["data-bridge test", "bun test"] as const)
        : (["bun test", "data-bridge test"] as const);
    const measured: Record<string, number> = {};
    for (const name of order) measured[name] = await contenders[name]();
    for (const name of order) times[name]!.push(measured[name]!);
    ratios.push(measured["data-bridge test"]! / measured["bun test"]!);
  }
  console.log(`${FILES} files x ${TESTS_PER_FILE} tests, ${rounds} rounds, Bun ${Bun.version}`);
  for (const [name, values] of Object.entries(times)) {
    console.log(
      `${name.padEnd(18)} median ${median(values).toFixed(0).padStart(5)} ms  (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`,
    );
  }
  console.log(`ratio data-bridge / bun test: ${median(ratios).toFixed(2)}x (median of per-round ratios)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
