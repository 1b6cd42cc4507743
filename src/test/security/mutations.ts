import fc from "fast-check";
import { isPlainObject } from "../expect/equality.ts";
import { PAYLOADS } from "./payloads.ts";

const SMALL_PAYLOADS = [
  ...PAYLOADS.nosql,
  ...PAYLOADS.sql,
  ...PAYLOADS.xss,
  ...PAYLOADS["path-traversal"],
  ...PAYLOADS.unicode,
].map((p) => p.value);

/** Values of the wrong type or shape, and small known-hostile payloads. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...SMALL_PAYLOADS),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * Inputs shaped like `template` where any value may be swapped for a hostile one. `fc.oneof`
 * shrinks towards its first arbitrary, the original value, so a shrunk counterexample differs
 * from the template only where it must.
 *
 * @example
 * fc.sample(mutationsOf({ user: "ada", age: 36 }), 3);
 */
export function mutationsOf(template: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(template)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.tuple(...template.map(mutationsOf)) },
      { weight: 1, arbitrary: hostile },
    );
  }
  if (isPlainObject(template)) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, value] of Object.entries(template)) model[key] = mutationsOf(value);
    return fc.oneof({ weight: 4, arbitrary: fc.record(model) }, { weight: 1, arbitrary: hostile });
  }
  return fc.oneof({ weight: 3, arbitrary: fc.constant(template) }, { weight: 1, arbitrary: hostile });
}
