import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const BENCH_DIR = resolve(import.meta.dir, "../bench");

/** `data-bridge benchmark [name...]`: runs the package's benchmarks (all, or those named) one after another. */
export async function benchmark(argv: string[]): Promise<number> {
  const available = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".bench.ts"))
    .map((f) => f.replace(/\.bench\.ts$/, ""));
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      `Usage: data-bridge benchmark [${available.join("|")}...]\n\nRuns the benchmarks in bench/ and prints their tables.`,
    );
    return 0;
  }
  const chosen = argv.length ? argv : available;
  const unknown = chosen.filter((name) => !available.includes(name));
  if (unknown.length) {
    console.error(`unknown benchmark: ${unknown.join(", ")} (available: ${available.join(", ")})`);
    return 2;
  }
  let status = 0;
  for (const name of chosen) {
    console.log(`\n## ${name}  (bun bench/${name}.bench.ts)\n`);
    const child = Bun.spawn([process.execPath, join(BENCH_DIR, `${name}.bench.ts`)], {
      stdout: "inherit",
      stderr: "inherit",
    });
    if ((await child.exited) !== 0) status = 1;
  }
  return status;
}
