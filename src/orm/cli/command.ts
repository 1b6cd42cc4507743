/** A bad command line: the command prints the message and its usage and exits with 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

const isParseError = (error: unknown) =>
  typeof (error as { code?: unknown }).code === "string" &&
  (error as { code: string }).code.startsWith("ERR_PARSE_ARGS");

/**
 * Runs a command: `--help` prints `usage`; a bad command line (a `UsageError`, or an error from
 * `node:util`'s `parseArgs`) prints its message and `usage` and returns 2. Other errors go to the
 * CLI, which prints them and exits with 1.
 */
export async function runCommand(
  name: string,
  usage: string,
  argv: readonly string[],
  body: () => Promise<number>,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    return 0;
  }
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError) && !isParseError(error)) throw error;
    console.error(`data-bridge ${name}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
}
