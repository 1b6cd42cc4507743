import { isDocument } from "./bson-values.ts";
import { isKnownOperation } from "./operations/index.ts";
import type { Document, EntityDescription, Operation, SpecFile, SpecTest } from "./types.ts";
import { UNSUPPORTED_CLIENT_FIELDS, UNSUPPORTED_ENTITIES } from "./unsupported.ts";

/**
 * Finds, before running, the features of a test this runner does not implement, so the test
 * is reported as skipped with that reason instead of failing half-way.
 */

/**
 * The reason a test cannot run on this runner, or undefined.
 *
 * @example
 * staticSkipReason(file, test); // "operation \"upload\" is not implemented"
 */
export function staticSkipReason(file: SpecFile, test: SpecTest): string | undefined {
  if (test.expectLogMessages !== undefined)
    return "expectLogMessages: log message observation is not supported";
  const operations = flatten(test.operations);
  const descriptions = [
    ...(file.createEntities ?? []),
    ...operations
      .filter((operation) => operation.name === "createEntities" && operation.object === "testRunner")
      .flatMap((operation) => (operation.arguments?.entities ?? []) as EntityDescription[]),
  ];
  for (const description of descriptions) {
    const reason = entityReason(description);
    if (reason) return reason;
  }
  for (const operation of operations) {
    if (!isKnownOperation(operation.name, operation.object))
      return `operation "${operation.name}" is not implemented`;
  }
  return undefined;
}

function entityReason(description: EntityDescription): string | undefined {
  const [type, spec] = Object.entries(description)[0] ?? [];
  if (type === undefined || spec === undefined) return undefined;
  if (UNSUPPORTED_ENTITIES[type]) return UNSUPPORTED_ENTITIES[type];
  if (type !== "client") return undefined;
  for (const [field, reason] of Object.entries(UNSUPPORTED_CLIENT_FIELDS)) {
    if (spec[field] !== undefined) return reason;
  }
  const placeholder = Object.entries((spec.uriOptions ?? {}) as Document).find(
    ([, value]) => isDocument(value) && Object.hasOwn(value, "$$placeholder"),
  );
  if (placeholder)
    return `uriOptions.${placeholder[0]} needs a credential from the environment ($$placeholder)`;
  return undefined;
}

/** The operations of a test including those nested in withTransaction callbacks, loops and threads. */
function flatten(operations: readonly Operation[]): Operation[] {
  return operations.flatMap((operation) => {
    const args = operation.arguments ?? {};
    const nested = [args.callback, args.operations, args.operation ? [args.operation] : undefined]
      .filter(Array.isArray)
      .flat() as Operation[];
    return [operation, ...flatten(nested)];
  });
}
