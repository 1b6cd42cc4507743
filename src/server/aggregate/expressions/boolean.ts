import type { OperatorCompiler } from "../expression.ts";
import { isTruthy } from "../values.ts";
import { fixedOperands, variadicOperands } from "./args.ts";

/** `$and`, `$or`, `$not` (short-circuiting, MongoDB truthiness). */
export const booleanOperators: Record<string, OperatorCompiler> = {
  $and: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      for (const operand of operands) if (!isTruthy(operand(doc, vars))) return false;
      return true;
    };
  },

  $or: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      for (const operand of operands) if (isTruthy(operand(doc, vars))) return true;
      return false;
    };
  },

  $not: (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1);
    return (doc, vars) => !isTruthy(operand!(doc, vars));
  },
};
