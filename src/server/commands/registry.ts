import type { CommandHandler } from "./context.ts";

/** Command handlers by name (case-sensitive, as in mongod); filled by each command module's `register` calls. */
export const commands = new Map<string, CommandHandler>();

export function register(names: string | string[], handler: CommandHandler): void {
  for (const name of Array.isArray(names) ? names : [names]) commands.set(name, handler);
}
