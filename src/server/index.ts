export { startServer, type EmbeddedServer, type ServerOptions } from "./server.ts";
export { CommandError, ErrorCode } from "./errors.ts";
