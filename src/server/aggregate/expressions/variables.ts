import { fail } from "../../errors.ts";
import type { OperatorCompiler } from "../expression.ts";
import { validateVariableName } from "../field-path.ts";
import { isDocument, normalizeConstant } from "../values.ts";
import { namedArguments } from "./args.ts";

/** `$literal` and `$let`. */
export const variableOperators: Record<string, OperatorCompiler> = {
  $literal: (args) => {
    const value = normalizeConstant(args);
    return () => value;
  },

  $let: (args, c) => {
    const spec = namedArguments(args, "$let", ["vars", "in"], [], [16874, 16875, 16876]);
    const varsSpec = spec.vars;
    if (!isDocument(varsSpec)) fail(10065, "invalid parameter: expected an object (vars)");
    const names = Object.keys(varsSpec);
    for (const name of names) validateVariableName(name, "write");
    const values = names.map((name) => c.compile(varsSpec[name]));
    const body = c.withVariables(names).compile(spec.in);
    return (doc, vars) => {
      const scope: Record<string, unknown> = Object.create(vars);
      for (let i = 0; i < names.length; i++) scope[names[i]!] = values[i]!(doc, vars);
      return body(doc, scope);
    };
  },
};
