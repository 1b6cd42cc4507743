/**
 * data-bridge: a TypeBox ORM for MongoDB on Bun.
 *
 * @example
 * import { connect, Document, Type } from "data-bridge";
 */
export * from "./orm/index.ts";
export { Type } from "@sinclair/typebox";
