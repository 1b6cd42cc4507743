import { afterAll, beforeAll, beforeEach } from "bun:test";
import type { CommandStartedEvent } from "mongodb";
import { type Connection, connect, disconnect } from "../../src/index.ts";

/** Connects the default connection (embedded server unless DATA_BRIDGE_URI is set) for one test file. */
export function useDatabase(dbName: string): {
  connection: () => Connection;
  commands: CommandStartedEvent[];
} {
  let connection: Connection | undefined;
  const commands: CommandStartedEvent[] = [];
  beforeAll(async () => {
    connection = await connect(undefined, { dbName, monitorCommands: true });
    connection.client.on("commandStarted", (event) => commands.push(event));
  });
  beforeEach(async () => {
    await connection!.db.dropDatabase();
    commands.length = 0;
  });
  afterAll(() => disconnect());
  return { connection: () => connection!, commands };
}

/** The commands named `name` sent since the last reset. */
export function sent(commands: CommandStartedEvent[], name: string): Record<string, any>[] {
  return commands.filter((event) => event.commandName === name).map((event) => event.command);
}
