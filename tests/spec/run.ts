import { relative } from "node:path";
import { startServer } from "../../src/server/index.ts";
import { collectSpecFiles } from "./load.ts";
import { type PreparedFile, SpecRunner, type TestResult } from "./runner.ts";

/**
 * Command line for the unified spec runner:
 *
 *   bun tests/spec/run.ts [--uri mongodb://...] [--filter text] PATH...
 *
 * PATH is a unified-format JSON file or a folder of them. Without --uri an embedded server is
 * started in-process. Prints one line per file, the reason of every failed and skipped test,
 * and a final `spec: N passed, N failed, N skipped` line. Exit code 1 when a test failed.
 */

interface CliOptions {
  uri?: string;
  filter?: string;
  paths: string[];
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--uri" || arg === "--filter") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[arg === "--uri" ? "uri" : "filter"] = value;
    } else if (arg.startsWith("--")) {
      throw new Error(`unknown option ${arg}`);
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0)
    throw new Error("usage: bun tests/spec/run.ts [--uri URI] [--filter TEXT] PATH...");
  return options;
}

/** Runs every test of one file and prints its summary line and its failed and skipped tests. */
async function runFile(runner: SpecRunner, path: string, filter: string | undefined): Promise<TestResult[]> {
  let file: PreparedFile;
  try {
    file = await runner.prepare(path);
  } catch (error) {
    const result: TestResult = { description: "(file)", status: "failed", reason: (error as Error).message };
    printFile(path, [result]);
    return [result];
  }
  const results: TestResult[] = [];
  for (const test of file.tests) {
    if (filter && !test.description.includes(filter)) continue;
    results.push(await SpecRunner.result(test));
  }
  printFile(path, results);
  return results;
}

function printFile(path: string, results: readonly TestResult[]): void {
  const count = (status: TestResult["status"]) => results.filter((result) => result.status === status).length;
  const failed = count("failed");
  console.log(
    `${failed > 0 ? "FAIL" : "PASS"} ${relative(process.cwd(), path)} (${count("passed")} passed, ${failed} failed, ${count("skipped")} skipped)`,
  );
  for (const result of results) {
    if (result.status === "failed") console.log(`  ✗ ${result.description}: ${result.reason}`);
  }
  for (const result of results) {
    if (result.status === "skipped") console.log(`  - skipped ${result.description}: ${result.reason}`);
  }
}

/**
 * Entry point, also callable from the project CLI.
 *
 * @example
 * const code = await run(["../shared/specs/crud/tests/unified"]);
 */
export async function run(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  let files: string[];
  try {
    options = parseArgs(argv);
    files = collectSpecFiles(options.paths);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const server = options.uri ? undefined : await startServer({ port: 0 });
  const runner = await SpecRunner.connect(options.uri ?? server!.uri);
  const totals = { passed: 0, failed: 0, skipped: 0 };
  try {
    for (const path of files) {
      for (const result of await runFile(runner, path, options.filter)) totals[result.status]++;
    }
  } finally {
    await runner.close();
    await server?.close();
  }
  console.log(`spec: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals.failed > 0 ? 1 : 0;
}

if (import.meta.main) process.exit(await run(Bun.argv.slice(2)));
