import { Int32 } from "bson";
import type { Evaluator, OperatorCompiler } from "../expression.ts";
import { fixedOperands } from "./args.ts";

const MINUS_ONE = new Int32(-1);
const ZERO = new Int32(0);
const ONE = new Int32(1);

function comparison(test: (order: number) => boolean): OperatorCompiler {
  return (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    const compare = c.compare;
    return (doc, vars) => test(compare(left(doc, vars), right(doc, vars)));
  };
}

/** `$eq $ne $gt $gte $lt $lte $cmp`: MongoDB's total order over values (collation-aware). */
export const comparisonOperators: Record<string, OperatorCompiler> = {
  $eq: comparison((o) => o === 0),
  $ne: comparison((o) => o !== 0),
  $gt: comparison((o) => o > 0),
  $gte: comparison((o) => o >= 0),
  $lt: comparison((o) => o < 0),
  $lte: comparison((o) => o <= 0),
  $cmp: (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    const compare = c.compare;
    return (doc, vars) => {
      const order = compare(left(doc, vars), right(doc, vars));
      return order < 0 ? MINUS_ONE : order > 0 ? ONE : ZERO;
    };
  },
};
