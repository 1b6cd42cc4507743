import { type Document, Int32 } from "bson";
import { fail } from "../../errors.ts";
import { isNumber } from "../../query/numbers.ts";
import { compileSort } from "../../query/sort.ts";
import type { Evaluator, ExpressionCompiler, OperatorCompiler } from "../expression.ts";
import { validateVariableName } from "../field-path.ts";
import { formatValue } from "../format.ts";
import { int32Value, isDocument, isNullish, isTruthy, typeName } from "../values.ts";
import { fixedOperands, indexBounds, namedArguments, rangedOperands, variadicOperands } from "./args.ts";

const MINUS_ONE = new Int32(-1);
const MAX_RANGE_LENGTH = 10_000_000;

function unaryArray(
  compute: (values: unknown[]) => unknown,
  typeError: (v: unknown, name: string) => never,
): OperatorCompiler {
  return (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) typeError(v, name);
      return compute(v as unknown[]);
    };
  };
}

/** The variable name given as `as` (default "this"), validated as a user variable. */
function boundName(spec: Document): string {
  const name = spec.as === undefined ? "this" : spec.as;
  if (typeof name !== "string") fail(16866, "'as' must be a string");
  validateVariableName(name, "write");
  return name;
}

function elementAt(values: unknown[], index: number): unknown {
  return values[index < 0 ? values.length + index : index];
}

function toObject(pairs: unknown[], name: string): Document {
  const out: Document = {};
  let form: "array" | "object" | undefined;
  for (const pair of pairs) {
    let key: unknown;
    let value: unknown;
    if (Array.isArray(pair)) {
      if (form === "object")
        fail(
          40397,
          `${name} requires a consistent input format. Elements must all be arrays or all be objects. Array found: ${formatValue(pair)}`,
        );
      form = "array";
      if (pair.length !== 2)
        fail(40396, `${name} requires an array of size 2 arrays,found array of size: ${pair.length}`);
      [key, value] = pair;
    } else if (isDocument(pair)) {
      if (form === "array")
        fail(
          40391,
          `${name} requires a consistent input format. Elements must all be arrays or all be objects. Object found: ${formatValue(pair)}`,
        );
      form = "object";
      const keys = Object.keys(pair);
      if (keys.length !== 2)
        fail(
          40392,
          `${name} requires an object keys of 'k' and 'v'. Found incorrect number of keys:${keys.length}`,
        );
      if (!("k" in pair) || !("v" in pair))
        fail(
          40393,
          `${name} requires an object with keys 'k' and 'v'. Missing either or both keys from: ${formatValue(pair)}`,
        );
      key = pair.k;
      value = pair.v;
    } else {
      fail(40398, `Unrecognised input type format for ${name}: ${typeName(pair)}`);
    }
    if (typeof key !== "string")
      fail(
        40395,
        `${name} requires an array of key-value pairs, where the key must be of type string. Found key type: ${typeName(key)}`,
      );
    if (key.includes("\0")) fail(4940400, `${name} requires that keys do not contain embedded null bytes`);
    out[key] = value;
  }
  return out;
}

function slice(values: unknown[], position: number, count: number | undefined): unknown[] {
  if (count === undefined)
    return position >= 0 ? values.slice(0, position) : values.slice(Math.max(values.length + position, 0));
  const start = position >= 0 ? Math.min(position, values.length) : Math.max(values.length + position, 0);
  return values.slice(start, start + count);
}

function sliceArgument(v: unknown, ordinal: string, codes: [number, number]): number {
  if (!isNumber(v))
    fail(codes[0], `${ordinal} argument to $slice must be a numeric value, but is of type: ${typeName(v)}`);
  const n = int32Value(v);
  if (n === undefined)
    fail(
      codes[1],
      `${ordinal} argument to $slice can't be represented as a 32-bit integer: ${formatValue(v)}`,
    );
  return n;
}

function rangeBound(v: unknown, what: string, codes: [number, number]): number {
  if (!isNumber(v))
    fail(codes[0], `$range requires a numeric ${what} value, found value of type: ${typeName(v)}`);
  const n = int32Value(v);
  if (n === undefined)
    fail(
      codes[1],
      `$range requires a ${what} value that can be represented as a 32-bit integer, found value: ${formatValue(v)}`,
    );
  return n;
}

/** `sortBy` of `$sortArray`: 1 / -1 sorts whole values; a sort document sorts document elements. */
function sortArrayComparator(sortBy: unknown, c: ExpressionCompiler): (a: unknown, b: unknown) => number {
  const compare = c.compare;
  if (isNumber(sortBy)) {
    const direction = int32Value(sortBy);
    if (direction !== 1 && direction !== -1)
      fail(2942505, "$sortArray sortBy must be 1, -1 or a sort specification");
    return (a, b) => direction * compare(a, b);
  }
  if (!isDocument(sortBy)) fail(2942505, "$sortArray sortBy must be 1, -1 or a sort specification");
  const documents = compileSort(sortBy, c.collation ? { collation: c.collation } : {});
  return (a, b) => {
    if (isDocument(a) && isDocument(b)) return documents(a, b);
    if (isDocument(a) !== isDocument(b)) return isDocument(a) ? 1 : -1;
    return compare(a, b);
  };
}

function iterating(
  spec: Document,
  c: ExpressionCompiler,
  body: unknown,
): { input: Evaluator; as: string; body: Evaluator } {
  const as = boundName(spec);
  return { input: c.compile(spec.input), as, body: c.withVariables([as]).compile(body) };
}

/** Array operators: element access, slicing, `$map`/`$filter`/`$reduce`, search, conversion to/from objects. */
export const arrayOperators: Record<string, OperatorCompiler> = {
  $size: (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (!Array.isArray(v))
        fail(17124, `The argument to $size must be an array. Type of argument: ${typeName(v)}`);
      return new Int32(v.length);
    };
  },

  $isArray: (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => Array.isArray(operand(doc, vars));
  },

  $filter: (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "cond"], ["as", "limit"], [28646, 28647, 28648]);
    const { input, as, body: cond } = iterating(spec, c, spec.cond);
    const limit = spec.limit === undefined ? undefined : c.compile(spec.limit);
    return (doc, vars) => {
      const values = input(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values)) fail(28651, `input to $filter must be an array not ${typeName(values)}`);
      let max = Number.POSITIVE_INFINITY;
      if (limit !== undefined) {
        const l = limit(doc, vars);
        if (!isNullish(l)) {
          const n = int32Value(l);
          if (n === undefined)
            fail(327391, `$filter: limit must be represented as a 32-bit integral value: ${formatValue(l)}`);
          if (n < 1) fail(327392, `$filter: limit must be greater than 0: ${n}`);
          max = n;
        }
      }
      const scope: Record<string, unknown> = Object.create(vars);
      const out: unknown[] = [];
      for (const value of values) {
        scope[as] = value;
        if (isTruthy(cond(doc, scope))) {
          out.push(value);
          if (out.length >= max) break;
        }
      }
      return out;
    };
  },

  $map: (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "in"], ["as"], [16878, 16879, 16880]);
    const { input, as, body } = iterating(spec, c, spec.in);
    return (doc, vars) => {
      const values = input(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values)) fail(16883, `input to $map must be an array not ${typeName(values)}`);
      const scope: Record<string, unknown> = Object.create(vars);
      return values.map((value) => {
        scope[as] = value;
        const v = body(doc, scope);
        return v === undefined ? null : v;
      });
    };
  },

  $reduce: (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "initialValue", "in"], [], [40075, 40076, 40077]);
    const input = c.compile(spec.input);
    const initial = c.compile(spec.initialValue);
    const body = c.withVariables(["value", "this"]).compile(spec.in);
    return (doc, vars) => {
      const values = input(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values))
        fail(40080, `$reduce requires that 'input' be an array, found: ${formatValue(values)}`);
      const scope: Record<string, unknown> = Object.create(vars);
      let acc = initial(doc, vars);
      for (const value of values) {
        scope.value = acc;
        scope.this = value;
        acc = body(doc, scope);
      }
      return acc;
    };
  },

  $in: (args, c, name) => {
    const [needle, haystack] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    const compare = c.compare;
    return (doc, vars) => {
      const v = needle(doc, vars);
      const values = haystack(doc, vars);
      if (!Array.isArray(values))
        fail(40081, `$in requires an array as a second argument, found: ${typeName(values)}`);
      for (const candidate of values) if (compare(v, candidate) === 0) return true;
      return false;
    };
  },

  $arrayElemAt: (args, c, name) => {
    const [array, index] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const values = array(doc, vars);
      const i = index(doc, vars);
      if (isNullish(values) || isNullish(i)) return null;
      if (!Array.isArray(values))
        fail(28689, `$arrayElemAt's first argument must be an array, but is ${typeName(values)}`);
      if (!isNumber(i))
        fail(28690, `$arrayElemAt's second argument must be a numeric value, but is ${typeName(i)}`);
      const n = int32Value(i);
      if (n === undefined)
        fail(
          28691,
          `$arrayElemAt's second argument must be representable as a 32-bit integer: ${formatValue(i)}`,
        );
      return elementAt(values, n);
    };
  },

  $first: unaryArray(
    (values) => values[0],
    (v, name) => fail(28689, `${name}'s argument must be an array, but is ${typeName(v)}`),
  ),
  $last: unaryArray(
    (values) => values[values.length - 1],
    (v, name) => fail(28689, `${name}'s argument must be an array, but is ${typeName(v)}`),
  ),

  $slice: (args, c, name) => {
    const operands = rangedOperands(args, c, name, 2, 3);
    return (doc, vars) => {
      const values = operands[0]!(doc, vars);
      const second = operands[1]!(doc, vars);
      const third = operands[2]?.(doc, vars);
      if (isNullish(values) || isNullish(second) || (operands.length === 3 && isNullish(third))) return null;
      if (!Array.isArray(values))
        fail(28724, `First argument to $slice must be an array, but is of type: ${typeName(values)}`);
      const position = sliceArgument(second, "Second", [28725, 28726]);
      if (operands.length === 2) return slice(values, position, undefined);
      const count = sliceArgument(third, "Third", [28727, 28728]);
      if (count <= 0) fail(28729, `Third argument to $slice must be positive: ${count}`);
      return slice(values, position, count);
    };
  },

  $concatArrays: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      const out: unknown[] = [];
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (isNullish(v)) return null;
        if (!Array.isArray(v)) fail(28664, `$concatArrays only supports arrays, not ${typeName(v)}`);
        for (const element of v) out.push(element);
      }
      return out;
    };
  },

  $reverseArray: unaryArray(
    (values) => values.slice().reverse(),
    (v) => fail(34435, `The argument to $reverseArray must be an array, but was of type: ${typeName(v)}`),
  ),

  $range: (args, c, name) => {
    const operands = rangedOperands(args, c, name, 2, 3);
    return (doc, vars) => {
      const start = rangeBound(operands[0]!(doc, vars), "starting", [34443, 34444]);
      const end = rangeBound(operands[1]!(doc, vars), "ending", [34445, 34446]);
      let step = 1;
      if (operands[2] !== undefined) {
        const s = operands[2](doc, vars);
        if (!isNumber(s))
          fail(34447, `$range requires a numeric step value, found value of type:${typeName(s)}`);
        const n = int32Value(s);
        if (n === undefined)
          fail(
            34448,
            `$range requires a step value that can be represented as a 32-bit integer, found value: ${formatValue(s)}`,
          );
        if (n === 0) fail(34449, "$range requires a non-zero step value");
        step = n;
      }
      const length = Math.max(0, Math.ceil((end - start) / step));
      if (length > MAX_RANGE_LENGTH) fail(146, `$range would use too much memory (${length} elements)`);
      const out: Int32[] = new Array(length);
      for (let i = 0; i < length; i++) out[i] = new Int32(start + i * step);
      return out;
    };
  },

  $indexOfArray: (args, c, name) => {
    const operands = rangedOperands(args, c, name, 2, 4);
    const compare = c.compare;
    return (doc, vars) => {
      const values = operands[0]!(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values))
        fail(40090, `$indexOfArray requires an array as a first argument, found: ${typeName(values)}`);
      const needle = operands[1]!(doc, vars);
      const [from, to] = indexBounds(name, operands[2]?.(doc, vars), operands[3]?.(doc, vars), values.length);
      for (let i = from; i < Math.min(to, values.length); i++) {
        if (compare(values[i], needle) === 0) return new Int32(i);
      }
      return MINUS_ONE;
    };
  },

  $arrayToObject: unaryArray(
    (values) => toObject(values, "$arrayToObject"),
    (v) => fail(40386, `$arrayToObject requires an array input, found: ${typeName(v)}`),
  ),

  $objectToArray: (args, c, name) => {
    const [operand] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = operand(doc, vars);
      if (isNullish(v)) return null;
      if (!isDocument(v)) fail(40390, `$objectToArray requires a document input, found: ${typeName(v)}`);
      return Object.keys(v).map((k) => ({ k, v: v[k] }));
    };
  },

  $sortArray: (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "sortBy"], [], [2942500, 2942501, 2942502]);
    const input = c.compile(spec.input);
    const order = sortArrayComparator(spec.sortBy, c);
    return (doc, vars) => {
      const values = input(doc, vars);
      if (isNullish(values)) return null;
      if (!Array.isArray(values))
        fail(
          2942504,
          `The input argument to $sortArray must be an array, but was of type: ${typeName(values)}`,
        );
      return values.slice().sort(order);
    };
  },

  $zip: (args, c, name) => {
    if (!isDocument(args))
      fail(34460, `${name} only supports an object as an argument, found ${typeName(args)}`);
    for (const key of Object.keys(args)) {
      if (key !== "inputs" && key !== "useLongestLength" && key !== "defaults") {
        fail(34464, `${name} found an unknown argument: ${key}`);
      }
    }
    if (!Array.isArray(args.inputs) || args.inputs.length === 0)
      fail(34465, `${name} requires at least one input array`);
    const useLongest = args.useLongestLength ?? false;
    if (typeof useLongest !== "boolean")
      fail(34463, "useLongestLength must be a bool, found " + typeName(useLongest));
    if (args.defaults !== undefined) {
      if (!useLongest) fail(34466, "cannot specify defaults unless useLongestLength is true");
      if (!Array.isArray(args.defaults) || args.defaults.length !== args.inputs.length) {
        fail(34467, "defaults and inputs must have the same length");
      }
    }
    const inputs = args.inputs.map((e: unknown) => c.compile(e));
    const defaults = Array.isArray(args.defaults)
      ? args.defaults.map((e: unknown) => c.compile(e))
      : undefined;
    return (doc, vars) => {
      const arrays: unknown[][] = [];
      for (const input of inputs) {
        const v = input(doc, vars);
        if (isNullish(v)) return null;
        if (!Array.isArray(v))
          fail(34468, `${name} found a non-array expression in input: ${formatValue(v)}`);
        arrays.push(v);
      }
      const fill = defaults?.map((d) => d(doc, vars)) ?? [];
      const lengths = arrays.map((a) => a.length);
      const length = useLongest ? Math.max(...lengths) : Math.min(...lengths);
      const out: unknown[][] = [];
      for (let i = 0; i < length; i++) {
        out.push(arrays.map((a, j) => (i < a.length ? a[i] : (fill[j] ?? null))));
      }
      return out;
    };
  },
};
