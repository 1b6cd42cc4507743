import { fail } from "../../errors.ts";
import type { Evaluator, OperatorCompiler } from "../expression.ts";
import { isNullish, isTruthy, typeName } from "../values.ts";
import { fixedOperands, operandList, variadicOperands } from "./args.ts";

type Compare = (a: unknown, b: unknown) => number;

/** The distinct values of an array, sorted by `compare` (sets have no defined order in MongoDB). */
export function distinctSorted(values: readonly unknown[], compare: Compare): unknown[] {
  const sorted = values.slice().sort(compare);
  const out: unknown[] = [];
  for (const v of sorted) if (out.length === 0 || compare(out[out.length - 1], v) !== 0) out.push(v);
  return out;
}

/** Binary search in a sorted distinct array. */
export function sortedHas(sorted: readonly unknown[], value: unknown, compare: Compare): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = compare(sorted[mid], value);
    if (order === 0) return true;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function everyOperandArray(
  compute: (arrays: unknown[][], compare: Compare) => unknown,
  code: number,
  nullResult: boolean,
): OperatorCompiler {
  return (args, c, name) => {
    const operands = variadicOperands(args, c);
    const compare = c.compare;
    return (doc, vars) => {
      const arrays: unknown[][] = [];
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (nullResult && isNullish(v)) return null;
        if (!Array.isArray(v))
          fail(code, `All operands of ${name} must be arrays. One argument is of type: ${typeName(v)}`);
        arrays.push(v);
      }
      return compute(arrays, compare);
    };
  };
}

function twoArrays(
  compute: (a: unknown[], b: unknown[], compare: Compare) => unknown,
  codes: [number, number],
  message: string,
  nullResult: boolean,
): OperatorCompiler {
  return (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    const compare = c.compare;
    return (doc, vars) => {
      const a = left(doc, vars);
      const b = right(doc, vars);
      if (nullResult && (isNullish(a) || isNullish(b))) return null;
      if (!Array.isArray(a)) fail(codes[0], `${message}. First argument is of type: ${typeName(a)}`);
      if (!Array.isArray(b)) fail(codes[1], `${message}. Second argument is of type: ${typeName(b)}`);
      return compute(a, b, compare);
    };
  };
}

function elementTest(test: (values: unknown[]) => boolean, code: number): OperatorCompiler {
  return (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (!Array.isArray(v)) fail(code, `${name}'s argument must be an array, but is ${typeName(v)}`);
      return test(v);
    };
  };
}

/** Set operators over arrays (values compared with MongoDB's order and the collation). */
export const setOperators: Record<string, OperatorCompiler> = {
  $setUnion: everyOperandArray((arrays, compare) => distinctSorted(arrays.flat(1), compare), 17043, true),

  $setIntersection: everyOperandArray(
    (arrays, compare) => {
      if (arrays.length === 0) return [];
      let result = distinctSorted(arrays[0]!, compare);
      for (const array of arrays.slice(1)) {
        const other = distinctSorted(array, compare);
        result = result.filter((v) => sortedHas(other, v, compare));
      }
      return result;
    },
    17047,
    true,
  ),

  $setEquals: (args, c, name) => {
    if (operandList(args).length < 2)
      fail(17045, `$setEquals needs at least two arguments had: ${operandList(args).length}`);
    return everyOperandArray(
      (arrays, compare) => {
        const first = distinctSorted(arrays[0]!, compare);
        return arrays.slice(1).every((array) => {
          const other = distinctSorted(array, compare);
          return other.length === first.length && other.every((v, i) => compare(v, first[i]) === 0);
        });
      },
      17044,
      false,
    )(args, c, name);
  },

  $setDifference: twoArrays(
    (a, b, compare) => {
      const exclude = distinctSorted(b, compare);
      return distinctSorted(a, compare).filter((v) => !sortedHas(exclude, v, compare));
    },
    [17048, 17049],
    "both operands of $setDifference must be arrays",
    true,
  ),

  $setIsSubset: twoArrays(
    (a, b, compare) => {
      const superset = distinctSorted(b, compare);
      return a.every((v) => sortedHas(superset, v, compare));
    },
    [17046, 17042],
    "both operands of $setIsSubset must be arrays",
    false,
  ),

  $anyElementTrue: elementTest((values) => values.some(isTruthy), 17041),
  $allElementsTrue: elementTest((values) => values.every(isTruthy), 17040),
};
