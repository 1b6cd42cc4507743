import { Int32 } from "bson";
import { fail } from "../errors.ts";
import { compileSort } from "../query/sort.ts";
import {
  type Accumulator,
  addToSetAccumulator,
  avgAccumulator,
  extremeAccumulator,
  extremeNAccumulator,
  firstAccumulator,
  firstNAccumulator,
  lastAccumulator,
  mergeObjectsAccumulator,
  pushAccumulator,
  stdDevAccumulator,
  sumAccumulator,
} from "./accumulators/basic.ts";
import { type Ranked, rankAccumulator } from "./accumulators/top-bottom.ts";
import type { Evaluator, ExpressionCompiler } from "./expression.ts";
import { formatValue } from "./format.ts";
import { int32Value, isDocument } from "./values.ts";

export type { Accumulator } from "./accumulators/basic.ts";

/** A compiled accumulator of a `$group` field: how to read each document, and fresh per-group state. */
export interface CompiledAccumulator {
  /** Evaluates the accumulator's argument for one document. */
  readonly argument: Evaluator;
  create(): Accumulator;
}

type Compare = (a: unknown, b: unknown) => number;

/** What accumulators need of the compiler: the collation-aware comparison. */
export type Ordering = Pick<ExpressionCompiler, "compare" | "stringComparator">;

/** Accumulators of one value per document, usable both in `$group` and over arrays in expressions. */
export const valueAccumulators: Record<string, (ordering: Ordering) => Accumulator> = {
  $sum: sumAccumulator,
  $avg: avgAccumulator,
  $min: (o) => extremeAccumulator(o.compare, 1),
  $max: (o) => extremeAccumulator(o.compare, -1),
  $first: firstAccumulator,
  $last: lastAccumulator,
  $push: pushAccumulator,
  $addToSet: (o) => addToSetAccumulator(o.stringComparator),
  $mergeObjects: mergeObjectsAccumulator,
  $stdDevPop: () => stdDevAccumulator(false),
  $stdDevSamp: () => stdDevAccumulator(true),
};

const ONE = new Int32(1);

/** Reads the `n` of `$firstN`-style accumulators: a constant positive integer. */
export function parseN(spec: unknown, c: ExpressionCompiler, name: string): number {
  const constant = c.constant(spec);
  if (constant === undefined) fail(5787902, `${name} requires 'n' to be a constant positive integer`);
  const n = int32Value(constant.value) ?? Number.NaN;
  if (!(n > 0))
    fail(5787908, `Value for 'n' must be a positive integral value, but is ${formatValue(constant.value)}`);
  return n;
}

/** Checks the `{ input, n }` argument of `$firstN`/`$lastN`/`$minN`/`$maxN`. */
export function nArguments(args: unknown, name: string): { input: unknown; n: unknown } {
  if (!isDocument(args)) fail(5787801, `specification must be an object; found ${formatValue(args)}`);
  for (const key of Object.keys(args)) {
    if (key !== "input" && key !== "n") fail(5787901, `Unknown argument for 'n' operator: ${key}`);
  }
  if (args.n === undefined) fail(5787906, `Missing value for 'n' in ${name}`);
  if (args.input === undefined) fail(5787907, `Missing value for 'input' in ${name}`);
  return { input: args.input, n: args.n };
}

function nAccumulator(create: (n: number, compare: Compare) => Accumulator) {
  return (args: unknown, c: ExpressionCompiler, name: string): CompiledAccumulator => {
    const spec = nArguments(args, name);
    const n = parseN(spec.n, c, name);
    const compare = c.compare;
    return { argument: c.compile(spec.input), create: () => create(n, compare) };
  };
}

/** `$top`/`$bottom` (`{ sortBy, output }`) and `$topN`/`$bottomN` (`{ n, sortBy, output }`). */
function rankedAccumulator(bottom: boolean, withN: boolean) {
  return (args: unknown, c: ExpressionCompiler, name: string): CompiledAccumulator => {
    if (!isDocument(args)) fail(5788001, `specification must be an object; found ${formatValue(args)}`);
    const allowed = withN ? ["n", "sortBy", "output"] : ["sortBy", "output"];
    for (const key of Object.keys(args)) {
      if (!allowed.includes(key)) fail(5788002, `Unknown argument to ${name} '${key}'`);
    }
    if (args.output === undefined) fail(5788004, `Missing value for 'output' in ${name}`);
    if (!isDocument(args.sortBy)) fail(5788005, `${name} requires 'sortBy' to be an object`);
    if (withN && args.n === undefined) fail(5787906, `Missing value for 'n' in ${name}`);
    const n = withN ? parseN(args.n, c, name) : 1;
    const compare = compileSort(args.sortBy, c.collation ? { collation: c.collation } : {});
    const output = c.compile(args.output);
    return {
      argument: (doc, vars): Ranked => ({ doc, output: output(doc, vars) }),
      create: () => rankAccumulator(compare, n, bottom, !withN),
    };
  };
}

const groupOnly: Record<string, (args: unknown, c: ExpressionCompiler, name: string) => CompiledAccumulator> =
  {
    $top: rankedAccumulator(false, false),
    $bottom: rankedAccumulator(true, false),
    $topN: rankedAccumulator(false, true),
    $bottomN: rankedAccumulator(true, true),
    $count: (args) => {
      if (!isDocument(args) || Object.keys(args).length > 0)
        fail(40325, "$count takes no arguments, i.e. $count:{}");
      return { argument: () => ONE, create: sumAccumulator };
    },
    $firstN: nAccumulator((n) => firstNAccumulator(n, false)),
    $lastN: nAccumulator((n) => firstNAccumulator(n, true)),
    $minN: nAccumulator((n, compare) => extremeNAccumulator(n, compare, 1)),
    $maxN: nAccumulator((n, compare) => extremeNAccumulator(n, compare, -1)),
  };

/**
 * Compiles one `$group` output field (`{ $sum: "$qty" }`), with mongod's errors for bad shapes
 * (40234, 40238, 15952 unknown operator, 40237 array argument).
 *
 * @example compileAccumulator({ $sum: 1 }, compiler, "count")
 */
export function compileAccumulator(spec: unknown, c: ExpressionCompiler, field: string): CompiledAccumulator {
  if (!isDocument(spec)) fail(40234, `The field '${field}' must be an accumulator object`);
  const keys = Object.keys(spec);
  if (keys.length !== 1) fail(40238, `The field '${field}' must specify one accumulator`);
  const name = keys[0]!;
  const args = spec[name];
  const special = groupOnly[name];
  if (special) return special(args, c, name);
  const create = valueAccumulators[name];
  if (create === undefined) fail(15952, `unknown group operator '${name}'`);
  if (Array.isArray(args)) fail(40237, `The ${name} accumulator is a unary operator`);
  return { argument: c.compile(args), create: () => create(c) };
}
