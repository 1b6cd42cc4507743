export { startServer, type EmbeddedServer, type ServerOptions } from "./server.ts";
export { spawnServer, type ServerProcess, type ServerProcessOptions } from "./server-process.ts";
export { CommandError, ErrorCode } from "./errors.ts";
