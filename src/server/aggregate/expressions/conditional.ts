import { fail } from "../../errors.ts";
import type { Evaluator, OperatorCompiler } from "../expression.ts";
import { isDocument, isNullish, isTruthy } from "../values.ts";
import { fixedOperands, namedArguments, operandList } from "./args.ts";

/** `$cond` (array and object form), `$ifNull` (any number of fallbacks), `$switch`. */
export const conditionalOperators: Record<string, OperatorCompiler> = {
  $cond: (args, c, name) => {
    let parts: Evaluator[];
    if (isDocument(args)) {
      const spec = namedArguments(args, name, ["if", "then", "else"], [], [17083, 17083, 17080]);
      parts = [c.compile(spec.if), c.compile(spec.then), c.compile(spec.else)];
    } else parts = fixedOperands(args, c, name, 3);
    const [test, then, otherwise] = parts as [Evaluator, Evaluator, Evaluator];
    return (doc, vars) => (isTruthy(test(doc, vars)) ? then(doc, vars) : otherwise(doc, vars));
  },

  $ifNull: (args, c) => {
    const list = operandList(args);
    if (list.length < 2) fail(1257300, `$ifNull needs at least two arguments, had: ${list.length}`);
    const operands = list.map((e) => c.compile(e));
    const last = operands.length - 1;
    return (doc, vars) => {
      for (let i = 0; i < last; i++) {
        const v = operands[i]!(doc, vars);
        if (!isNullish(v)) return v;
      }
      return operands[last]!(doc, vars);
    };
  },

  $switch: (args, c) => {
    if (!isDocument(args)) fail(40060, "$switch requires an object as an argument");
    let otherwise: Evaluator | undefined;
    const branches: [Evaluator, Evaluator][] = [];
    for (const key of Object.keys(args)) {
      if (key === "default") otherwise = c.compile(args.default);
      else if (key === "branches") {
        if (!Array.isArray(args.branches)) fail(40061, "$switch expected an array for 'branches'");
        for (const branch of args.branches) {
          if (!isDocument(branch)) fail(40062, "$switch expected each branch to be an object");
          for (const field of Object.keys(branch)) {
            if (field !== "case" && field !== "then") {
              fail(40063, `$switch found an unknown argument to a branch: ${field}`);
            }
          }
          if (branch.case === undefined) fail(40064, "$switch requires each branch have a 'case' expression");
          if (branch.then === undefined)
            fail(40065, "$switch requires each branch have a 'then' expression.");
          branches.push([c.compile(branch.case), c.compile(branch.then)]);
        }
      } else fail(40067, `$switch found an unknown argument: ${key}`);
    }
    if (branches.length === 0) fail(40068, "$switch requires at least one branch.");
    return (doc, vars) => {
      for (const [test, then] of branches) if (isTruthy(test(doc, vars))) return then(doc, vars);
      if (otherwise === undefined) {
        fail(40066, "$switch could not find a matching branch for an input, and no default was specified.");
      }
      return otherwise(doc, vars);
    };
  },
};
