import { createReporters, REPORTER_NAMES, type ReporterName } from "../reports/index.ts";
import { summaryLine } from "../reports/format.ts";
import { runTests } from "./runner/run.ts";

const USAGE = `Usage: data-bridge test [paths...] [options]

Runs *.test.ts and *.spec.ts files (TestSuite classes and test() calls).

Options:
  --pattern GLOB       file pattern inside folders (repeatable; default **/*.test.ts, **/*.spec.ts)
  --grep REGEX         only tests whose "Suite > test" matches
  --tags a,b           only tests with one of these tags
  --fail-fast          stop at the first failure
  --parallel N         run files in N worker processes
  --timeout MS         default per-test time limit (default 5000)
  --reporter LIST      ${REPORTER_NAMES.join(",")} (default console)
  --out DIR            folder for report files (default reports)
  --baseline FILE      compare @profile results with FILE (written from this run if missing)
  --update-baseline    rewrite the baseline file from this run
  -h, --help           show this help`;

/** Thrown for a bad command line, with the reason. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The `data-bridge test` command: runs the tests and returns the exit code (0 when everything
 * passed, 1 otherwise, 2 for a bad command line). The last line printed is
 * `tests: N passed, N failed, N skipped`.
 *
 * @example
 * process.exit(await run(["tests/api", "--reporter", "console,junit", "--out", "reports"]));
 */
export async function run(argv: string[]): Promise<number> {
  let options: Parameters<typeof runTests>[0];
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      return 0;
    }
    console.error(`data-bridge test: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const report = await runTests(options);
    if (report.summary.total === 0) console.log("no tests found");
    console.log(summaryLine(report.summary));
    return report.summary.failed === 0 && report.summary.total > 0 ? 0 : 1;
  } catch (error) {
    console.error(`data-bridge test: ${(error as Error).message}`);
    console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }
}

class HelpRequested extends Error {}

/** Turns command-line flags into {@link runTests} options; throws {@link UsageError}. */
export function parseCommandLine(argv: string[]): NonNullable<Parameters<typeof runTests>[0]> {
  let parsed: ParsedArgs;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested();
  const names = (values.reporter ?? "console")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!REPORTER_NAMES.includes(name as ReporterName)) {
      throw new UsageError(`unknown reporter "${name}"; choose from ${REPORTER_NAMES.join(", ")}`);
    }
  }
  const options: NonNullable<Parameters<typeof runTests>[0]> = {
    paths: positionals,
    failFast: values["fail-fast"] ?? false,
    updateBaseline: values["update-baseline"] ?? false,
    reporters: createReporters(names as ReporterName[], { outDir: values.out ?? "reports" }),
  };
  if (values.pattern?.length) options.patterns = values.pattern;
  if (values.grep !== undefined) {
    try {
      options.grep = new RegExp(values.grep);
    } catch (error) {
      throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  if (values.tags !== undefined)
    options.tags = values.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  if (values.parallel !== undefined) options.parallel = positiveInteger("--parallel", values.parallel);
  if (values.timeout !== undefined) options.timeout = positiveInteger("--timeout", values.timeout);
  if (values.baseline !== undefined) options.baseline = values.baseline;
  return options;
}

const STRING_FLAGS = [
  "pattern",
  "grep",
  "tags",
  "parallel",
  "timeout",
  "reporter",
  "out",
  "baseline",
] as const;
const BOOLEAN_FLAGS = ["fail-fast", "update-baseline", "help"] as const;
type StringFlag = (typeof STRING_FLAGS)[number];
type BooleanFlag = (typeof BOOLEAN_FLAGS)[number];

interface ParsedArgs {
  values: Partial<Record<Exclude<StringFlag, "pattern">, string>> &
    Partial<Record<BooleanFlag, boolean>> & { pattern?: string[] };
  positionals: string[];
}

/**
 * Splits `--flag value`, `--flag=value`, boolean flags and positionals. Hand-written because
 * node:util's parseArgs costs more to load than a run of trivial tests takes.
 */
function parse(argv: string[]): ParsedArgs {
  const values: ParsedArgs["values"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      values.help = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq !== -1) throw new Error(`option --${name} does not take a value`);
      values[name as BooleanFlag] = true;
      continue;
    }
    if (!(STRING_FLAGS as readonly string[]).includes(name)) throw new Error(`unknown option ${arg}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new Error(`option --${name} needs a value`);
    if (name === "pattern") (values.pattern ??= []).push(value);
    else values[name as Exclude<StringFlag, "pattern">] = value;
  }
  return { values, positionals };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flag} needs a positive integer, got "${text}"`);
  return value;
}

if (import.meta.main) process.exit(await run(process.argv.slice(2)));
