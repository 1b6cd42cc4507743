#!/usr/bin/env bun
/**
 * data-bridge command line: `bunx data-bridge <command> [options]`.
 * Each command lives with its capability and is loaded only when used.
 */
export {};

type Command = { describe: string; load: () => Promise<(argv: string[]) => Promise<number>> };

const commands: Record<string, Command> = {
  test: {
    describe: "run test suites (*.test.ts, *.spec.ts) with reporters",
    load: async () => (await import("./test/cli.ts")).run,
  },
  serve: {
    describe: "run the embedded MongoDB-compatible server",
    load: async () => (await import("./server/serve.ts")).serve,
  },
  health: {
    describe: "ping a MongoDB server and report its version, topology and latency",
    load: async () => (await import("./server/health.ts")).health,
  },
  benchmark: {
    describe: "run the benchmarks in bench/ and print their tables",
    load: async () => (await import("./benchmark.ts")).benchmark,
  },
  profile: {
    describe: "run only the @profile tests and print the profile table (--baseline FILE)",
    load: async () => (await import("./test/profile/cli.ts")).profile,
  },
  migrate: {
    describe: "apply, roll back, list or create database migrations (up, down, status, create)",
    load: async () => (await import("./orm/cli/migrate.ts")).migrate,
  },
  schema: {
    describe: "print the models a module exports: collection, fields as JSON Schema, indexes",
    load: async () => (await import("./orm/cli/schema.ts")).schema,
  },
  index: {
    describe: "create or sync the indexes of a module's models in a database",
    load: async () => (await import("./orm/cli/indexes.ts")).indexes,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.describe}`);
  return `Usage: data-bridge <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'data-bridge <command> --help' for a command's options.`;
}

const [commandName, ...rest] = process.argv.slice(2);
if (!commandName || commandName === "--help" || commandName === "-h") {
  console.log(usage());
  process.exit(commandName ? 0 : 2);
}
const command = commands[commandName];
if (!command) {
  console.error(`data-bridge: unknown command '${commandName}'\n\n${usage()}`);
  process.exit(2);
}
let code: number;
try {
  code = await (await command.load())(rest);
} catch (error) {
  console.error(`data-bridge ${commandName}: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
}
// A user's suite or a server left open must not keep the process alive after its command is done.
process.exit(code);
