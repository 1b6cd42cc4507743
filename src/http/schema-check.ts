import type { TSchema } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import type { SchemaIssue } from "./errors.ts";

/** Compiled checkers by schema object: each schema is compiled once, on first use. */
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The compiled checker for `schema`, compiling it on first use. */
export function checkerFor(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/**
 * Every path in `value` that fails `schema`, or `undefined` when it passes. The fast compiled check
 * runs first; errors are only enumerated for a failing value.
 *
 * @example
 * schemaIssues(Type.Object({ id: Type.Number() }), { id: "1" });
 * // [{ path: "/id", message: "Expected number", value: "1" }]
 */
export function schemaIssues(schema: TSchema, value: unknown): SchemaIssue[] | undefined {
  const check = checkerFor(schema);
  if (check.Check(value)) return undefined;
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of check.Errors(value)) {
    const key = error.path + "\u0000" + error.message;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: error.path, message: error.message, value: error.value });
  }
  return issues;
}
