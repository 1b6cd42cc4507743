import type { EntityKind } from "../entities.ts";
import { UnsupportedFeature } from "../unsupported.ts";
import { bucketOperations } from "./bucket.ts";
import { clientOperations } from "./client.ts";
import { collectionOperations } from "./collection.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { cursorOperations } from "./cursor.ts";
import { databaseOperations } from "./database.ts";
import { runnerOperations } from "./test-runner.ts";
import { sessionOperations } from "./session.ts";

export type { OperationContext } from "./context.ts";
export { runnerOperations } from "./test-runner.ts";

/** Entity operations by entity kind. */
const OPERATIONS: Partial<Record<EntityKind, Record<string, OperationHandler<any>>>> = {
  client: clientOperations,
  database: databaseOperations,
  collection: collectionOperations,
  session: sessionOperations,
  bucket: bucketOperations,
  cursor: cursorOperations,
};

/**
 * Operations whose result is an iterable of documents: each element of `expectResult` is
 * matched as a root-level document.
 */
export const DOCUMENT_ITERABLE_OPERATIONS = new Set([
  "aggregate",
  "find",
  "listCollections",
  "listDatabases",
  "listIndexes",
  "listSearchIndexes",
  "runCursorCommand",
]);

/** True when some entity kind or the test runner implements the operation name. */
export function isKnownOperation(name: string, object: string): boolean {
  if (object === "testRunner") return Object.hasOwn(runnerOperations, name);
  return Object.values(OPERATIONS).some((table) => Object.hasOwn(table, name));
}

/** Looks up the handler for `name` on an entity of `kind`. */
export function entityOperation(kind: EntityKind, name: string): OperationHandler<any> {
  const handler = OPERATIONS[kind]?.[name];
  if (!handler) {
    if (!isKnownOperation(name, "")) throw new UnsupportedFeature(`operation "${name}" is not implemented`);
    throw new Error(`operation "${name}" is not defined for a ${kind} entity`);
  }
  return handler;
}

export function runnerOperation(
  name: string,
): (args: Record<string, unknown>, context: OperationContext) => Promise<void> {
  const handler = runnerOperations[name];
  if (!handler) throw new UnsupportedFeature(`test runner operation "${name}" is not implemented`);
  return handler;
}
