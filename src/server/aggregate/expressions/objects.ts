import type { Document } from "bson";
import { fail } from "../../errors.ts";
import type { Evaluator, ExpressionCompiler, OperatorCompiler } from "../expression.ts";
import { getField } from "../field-path.ts";
import { formatValue } from "../format.ts";
import { isDocument, isNullish, typeName } from "../values.ts";
import { namedArguments, variadicOperands } from "./args.ts";

/** Shallow merge of documents: later fields win, null/missing operands are skipped (`$mergeObjects`). */
export function mergeInto(target: Document, source: unknown): void {
  if (isNullish(source)) return;
  if (!isDocument(source)) {
    fail(
      40400,
      `$mergeObjects requires object inputs, but input ${formatValue(source)} is of type ${typeName(source)}`,
    );
  }
  for (const key of Object.keys(source)) target[key] = source[key];
}

/** The `field` argument of `$getField`/`$setField`/`$unsetField`: a constant string. */
function constantField(spec: unknown, c: ExpressionCompiler, name: string): string {
  const constant = c.constant(spec);
  if (constant === undefined || typeof constant.value !== "string") {
    fail(4161106, `${name} requires 'field' to evaluate to a constant of type String`);
  }
  return constant.value;
}

function fieldUpdate(withValue: boolean): OperatorCompiler {
  return (args, c, name) => {
    const spec = namedArguments(args, name, withValue ? ["field", "input", "value"] : ["field", "input"]);
    const field = constantField(spec.field, c, name);
    const input = c.compile(spec.input);
    const value: Evaluator = withValue ? c.compile(spec.value) : () => undefined;
    return (doc, vars) => {
      const target = input(doc, vars);
      if (isNullish(target)) return null;
      if (!isDocument(target)) fail(4161105, `${name} requires 'input' to evaluate to type Object`);
      const v = value(doc, vars);
      const out: Document = {};
      for (const key of Object.keys(target)) if (key !== field || v !== undefined) out[key] = target[key];
      if (v !== undefined) out[field] = v;
      return out;
    };
  };
}

/** Object operators: `$mergeObjects`, `$getField`, `$setField`, `$unsetField`. */
export const objectOperators: Record<string, OperatorCompiler> = {
  $mergeObjects: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      const out: Document = {};
      for (const operand of operands) mergeInto(out, operand(doc, vars));
      return out;
    };
  },

  $getField: (args, c, name) => {
    const spec = isDocument(args) && !Object.keys(args)[0]?.startsWith("$") ? args : { field: args };
    namedArguments(spec, name, ["field"], ["input"]);
    const field = constantField(spec.field, c, name);
    const input = c.compile(spec.input === undefined ? "$$CURRENT" : spec.input);
    return (doc, vars) => {
      const target = input(doc, vars);
      if (isNullish(target)) return null;
      if (!isDocument(target)) {
        fail(3041705, `${name} requires 'input' to evaluate to type Object, but got ${typeName(target)}`);
      }
      return getField(target, field);
    };
  },

  $setField: fieldUpdate(true),
  $unsetField: fieldUpdate(false),
};
