import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { ValidationError, type ValidationIssue } from "./errors.ts";

/** A schema check compiled once; `assert` throws one `ValidationError` listing every failing path. */
export interface Validator {
  check(value: unknown): boolean;
  issues(value: unknown, prefix?: string): ValidationIssue[];
  assert(value: unknown, model: string, prefix?: string): void;
}

function pointerToPath(pointer: string, prefix: string): string {
  const path = pointer
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
  return prefix && path ? `${prefix}.${path}` : prefix || path;
}

const REQUIRED = "Expected required property";

/** Compiles `schema` with TypeBox's TypeCompiler. */
export function compileValidator(schema: TSchema): Validator {
  const compiled = TypeCompiler.Compile(schema);
  const issues = (value: unknown, prefix = ""): ValidationIssue[] => {
    const seen = new Set<string>();
    const out: ValidationIssue[] = [];
    for (const error of compiled.Errors(value)) {
      const path = pointerToPath(error.path, prefix);
      const key = `${path}\u0000${error.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path, message: error.message, value: error.value });
    }
    // TypeBox reports a missing property twice ("Expected required property", then "Expected
    // string" and the like): keep only the first.
    const missing = new Set(out.filter((i) => i.message === REQUIRED).map((i) => i.path));
    return missing.size === 0 ? out : out.filter((i) => i.message === REQUIRED || !missing.has(i.path));
  };
  return {
    check: (value) => compiled.Check(value),
    issues,
    assert(value, model, prefix) {
      if (!compiled.Check(value)) throw new ValidationError(model, issues(value, prefix));
    },
  };
}
