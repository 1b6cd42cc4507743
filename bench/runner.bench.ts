/**
 * `data-bridge test` against `bun test` on the same 1,000 trivial tests in 50 files.
 *
 *   bun bench/runner.bench.ts              # 9 rounds
 *   bun bench/runner.bench.ts --rounds 3   # fewer rounds, for a smoke check
 *
 * Two temp folders get 50 generated files of 20 tests each (`expect(i + 1).toBe(i + 1)`), one
 * importing `data-bridge/test`, one `bun:test`. Each round runs both as fresh processes (order
 * alternating), so process start, file loading and reporting are all measured. Reported: the
 * median wall time and the median CPU time (user + system) of the child process, and for each
 * the median of the per-round ratios data-bridge / bun test. CPU time is the steadier number on a
 * shared machine, wall time what a person waits.
 *
 * A third contender, "bare loop", is the floor for any runner written in JavaScript: a script
 * that imports the same files (with a 3-line `test`/`expect`) and calls each test, printing one
 * line per test. What data-bridge adds above it is the framework's own cost.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FILES = 50;
const TESTS_PER_FILE = 20;
const roundsFlag = process.argv.indexOf("--rounds");
const rounds = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 9;
const cli = join(import.meta.dir, "../src/test/cli.ts");
const entry = join(import.meta.dir, "../src/test/index.ts");

async function generate(dir: string, importFrom: string): Promise<void> {
  for (let f = 0; f < FILES; f++) {
    const tests = Array.from(
      { length: TESTS_PER_FILE },
      (_, i) => `test("file ${f} test ${i}", () => {\n  expect(${i} + 1).toBe(${i + 1});\n});\n`,
    ).join("");
    const name = `t${String(f).padStart(2, "0")}.test.ts`;
    await Bun.write(join(dir, name), `import { expect, test } from "${importFrom}";\n\n${tests}`);
  }
}

interface Sample {
  wall: number;
  cpu: number;
}

async function measure(command: string[], cwd: string, expectLine: RegExp): Promise<Sample> {
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
  const wall = performance.now() - started;
  if (code !== 0 || !expectLine.test(out + err)) {
    throw new Error(`${command.join(" ")} failed (${code}):\n${out}\n${err}`);
  }
  const usage = proc.resourceUsage();
  const cpu = usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : Number.NaN;
  return { wall, cpu };
}

const BARE_LIB = `export const tests = [];
export function test(name, fn) { tests.push({ name, fn }); }
export function expect(v) { return { toBe(e) { if (!Object.is(v, e)) throw new Error("not equal"); } }; }
`;

const BARE_RUNNER = `import { readdirSync } from "node:fs";
import { tests } from "./lib.js";
let out = "";
for (const file of readdirSync(import.meta.dir).filter((f) => f.endsWith(".test.ts")).sort()) {
  tests.length = 0;
  await import(\`\${import.meta.dir}/\${file}\`);
  for (const t of tests) {
    const start = performance.now();
    t.fn();
    out += \`✓ \${t.name} \${(performance.now() - start).toFixed(2)} ms\\n\`;
  }
}
Bun.stdout.writer().write(out + "tests: 1000 passed, 0 failed, 0 skipped\\n");
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const root = mkdtempSync(join(tmpdir(), "data-bridge-runner-bench-"));
try {
  const ours = join(root, "data-bridge");
  const theirs = join(root, "bun");
  const bare = join(root, "bare");
  await generate(ours, entry);
  await generate(theirs, "bun:test");
  await generate(bare, "./lib.js");
  await Bun.write(join(bare, "lib.js"), BARE_LIB);
  await Bun.write(join(bare, "run.js"), BARE_RUNNER);

  const contenders = {
    "data-bridge test": () =>
      measure([process.execPath, cli, ours], ours, /^tests: 1000 passed, 0 failed, 0 skipped$/m),
    "bun test": () => measure([process.execPath, "test", theirs], theirs, /1000 pass/),
    "bare loop": () => measure([process.execPath, join(bare, "run.js")], bare, /^tests: 1000 passed/m),
  };
  type Name = keyof typeof contenders;
  const samples: Record<Name, Sample[]> = { "data-bridge test": [], "bun test": [], "bare loop": [] };
  const ratios = { wall: [] as number[], cpu: [] as number[], bareCpu: [] as number[] };
  // One warm-up round so all start with a warm file cache.
  for (const run of Object.values(contenders)) await run();
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(contenders) as Name[];
    const order = round % 2 === 0 ? names : [...names].reverse();
    const measured = {} as Record<Name, Sample>;
    for (const name of order) measured[name] = await contenders[name]();
    for (const name of order) samples[name].push(measured[name]);
    ratios.wall.push(measured["data-bridge test"].wall / measured["bun test"].wall);
    ratios.cpu.push(measured["data-bridge test"].cpu / measured["bun test"].cpu);
    ratios.bareCpu.push(measured["bare loop"].cpu / measured["bun test"].cpu);
  }
  console.log(`${FILES} files x ${TESTS_PER_FILE} tests, ${rounds} rounds, Bun ${Bun.version}`);
  for (const [name, list] of Object.entries(samples)) {
    const wall = list.map((s) => s.wall);
    const cpu = list.map((s) => s.cpu);
    console.log(
      `${name.padEnd(18)} wall median ${median(wall).toFixed(0).padStart(4)} ms (min ${Math.min(...wall).toFixed(0)})` +
        `   cpu median ${median(cpu).toFixed(0).padStart(4)} ms (min ${Math.min(...cpu).toFixed(0)})`,
    );
  }
  console.log(
    `ratio data-bridge / bun test: wall ${median(ratios.wall).toFixed(2)}x, cpu ${median(ratios.cpu).toFixed(2)}x ` +
      "(medians of per-round ratios)",
  );
  console.log(
    `ratio bare loop / bun test: cpu ${median(ratios.bareCpu).toFixed(2)}x (the floor for a JavaScript runner)`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
