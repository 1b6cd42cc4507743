import { fail } from "../../errors.ts";
import { type Accumulator, nArguments, valueAccumulators } from "../accumulators.ts";
import { extremeNAccumulator, firstNAccumulator } from "../accumulators/basic.ts";
import type { OperatorCompiler } from "../expression.ts";
import { formatValue } from "../format.ts";
import { int32Value, isNullish, typeName } from "../values.ts";
import { variadicOperands } from "./args.ts";

type Compare = (a: unknown, b: unknown) => number;

/** `{ $sum: "$array" }` accumulates the array's elements; `{ $sum: [a, b] }` the operands. */
function overValues(name: string): OperatorCompiler {
  const create = valueAccumulators[name]!;
  return (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      const acc = create(c);
      if (operands.length === 1) {
        const v = operands[0]!(doc, vars);
        if (Array.isArray(v)) for (const element of v) acc.add(element);
        else acc.add(v);
      } else for (const operand of operands) acc.add(operand(doc, vars));
      return acc.result();
    };
  };
}

/** `{ $firstN: { n, input } }` over an array. */
function overArrayN(create: (n: number, compare: Compare) => Accumulator): OperatorCompiler {
  return (args, c, name) => {
    const spec = nArguments(args, name);
    const input = c.compile(spec.input);
    const n = c.compile(spec.n);
    const compare = c.compare;
    return (doc, vars) => {
      const count = n(doc, vars);
      const size = int32Value(count);
      if (size === undefined || size <= 0) {
        fail(5787908, `Value for 'n' must be a positive integral value, but is ${formatValue(count)}`);
      }
      const values = input(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values)) fail(5788200, `Input must be an array, but is ${typeName(values)}`);
      const acc = create(size, compare);
      for (const v of values) acc.add(v);
      return acc.result();
    };
  };
}

/** Accumulators in expression form: over an array operand or over several operands. */
export const accumulatorExpressions: Record<string, OperatorCompiler> = {
  $sum: overValues("$sum"),
  $avg: overValues("$avg"),
  $min: overValues("$min"),
  $max: overValues("$max"),
  $stdDevPop: overValues("$stdDevPop"),
  $stdDevSamp: overValues("$stdDevSamp"),
  $firstN: overArrayN((n) => firstNAccumulator(n, false)),
  $lastN: overArrayN((n) => firstNAccumulator(n, true)),
  $minN: overArrayN((n, compare) => extremeNAccumulator(n, compare, 1)),
  $maxN: overArrayN((n, compare) => extremeNAccumulator(n, compare, -1)),
};
