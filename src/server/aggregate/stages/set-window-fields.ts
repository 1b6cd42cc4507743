import { type Document, Int32 } from "bson";
import { fail } from "../../errors.ts";
import { isNumber, toDouble } from "../../query/numbers.ts";
import { compileSort, type DocumentComparator } from "../../query/sort.ts";
import { type CompiledAccumulator, compileAccumulator } from "../accumulators.ts";
import type { Evaluator } from "../expression.ts";
import { addToDate, type DateUnit } from "../expressions/dates.ts";
import { UTC } from "../expressions/timezone.ts";
import { parseFieldPath, setNestedField } from "../field-path.ts";
import type { StageCompiler, StageContext } from "../stage.ts";
import { ValueMap } from "../value-map.ts";
import { isDocument, isNullish, typeName } from "../values.ts";

/** Computes one output field for every document of a sorted partition. */
type WindowFunction = (partition: readonly Document[]) => unknown[];

type Bound = number | "unbounded" | "current";

interface WindowSpec {
  readonly kind: "documents" | "range";
  readonly lower: Bound;
  readonly upper: Bound;
  readonly unit?: string;
}

const UNITS = ["year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond"];

function parseBound(value: unknown, kind: "documents" | "range"): Bound {
  if (value === "unbounded" || value === "current") return value;
  if (isNumber(value)) {
    const n = toDouble(value);
    if (kind === "documents" && !Number.isInteger(n))
      fail("FailedToParse", "Numeric document-based bounds must be an integer");
    return n;
  }
  return fail(
    "FailedToParse",
    `Window bounds must be 'unbounded', 'current', or a number, found ${typeName(value)}`,
  );
}

function parseWindow(spec: unknown): WindowSpec {
  if (!isDocument(spec)) fail("FailedToParse", "'window' field must be an object");
  for (const key of Object.keys(spec)) {
    if (!["documents", "range", "unit"].includes(key))
      fail(
        "FailedToParse",
        `'window' field can only contain 'documents' as the only argument or 'range' with an optional 'unit' field, found ${key}`,
      );
  }
  const kind = spec.documents !== undefined ? "documents" : "range";
  const bounds = spec[kind];
  if (!Array.isArray(bounds) || bounds.length !== 2)
    fail("FailedToParse", "Window bounds must be a 2-element array");
  if (spec.unit !== undefined && (kind === "documents" || !UNITS.includes(spec.unit))) {
    fail("FailedToParse", `'unit' must be one of ${UNITS.join(", ")} and is only valid with a range window`);
  }
  return {
    kind,
    lower: parseBound(bounds[0], kind),
    upper: parseBound(bounds[1], kind),
    ...(spec.unit ? { unit: spec.unit } : {}),
  };
}

/** The [from, to) indexes of each position's window over a partition sorted by `sortValues`. */
function windowRanges(
  window: WindowSpec,
  size: number,
  sortValues: () => unknown[],
): (i: number) => [number, number] {
  if (window.kind === "documents") {
    const { lower, upper } = window;
    return (i) => {
      const from = lower === "unbounded" ? 0 : lower === "current" ? i : i + lower;
      const to = upper === "unbounded" ? size : upper === "current" ? i + 1 : i + upper + 1;
      return [Math.max(0, from), Math.min(size, to)];
    };
  }
  const values = sortValues();
  const offset = (value: unknown, bound: number): number => {
    if (value instanceof Date) {
      if (window.unit === undefined) fail(5429513, "Explicit 'unit' required for a range window over dates");
      return addToDate(value.getTime(), window.unit as DateUnit, bound, UTC);
    }
    if (!isNumber(value))
      fail(5429414, `Invalid range: Expected the sortBy field to be a number, but it was ${typeName(value)}`);
    return toDouble(value) + bound;
  };
  const key = (value: unknown) => (value instanceof Date ? value.getTime() : toDouble(value as never));
  return (i) => {
    const current = values[i];
    const low =
      window.lower === "unbounded"
        ? -Infinity
        : window.lower === "current"
          ? key(current)
          : offset(current, window.lower);
    const high =
      window.upper === "unbounded"
        ? Infinity
        : window.upper === "current"
          ? key(current)
          : offset(current, window.upper);
    let from = 0;
    while (from < size && key(values[from]) < low) from++;
    let to = from;
    while (to < size && key(values[to]) <= high) to++;
    return [from, to];
  };
}

function accumulatorFunction(
  accumulator: CompiledAccumulator,
  window: WindowSpec | undefined,
  sc: StageContext,
  sortValues: (partition: readonly Document[]) => unknown[],
): WindowFunction {
  const vars = sc.variables;
  return (partition) => {
    const args = partition.map((doc) => accumulator.argument(doc, vars));
    const over = (from: number, to: number) => {
      const acc = accumulator.create();
      for (let j = from; j < to; j++) acc.add(args[j]);
      return acc.result();
    };
    if (
      window === undefined ||
      (window.kind === "documents" && window.lower === "unbounded" && window.upper === "unbounded")
    ) {
      const whole = over(0, partition.length);
      return partition.map(() => whole);
    }
    const range = windowRanges(window, partition.length, () => sortValues(partition));
    return partition.map((_, i) => over(...range(i)));
  };
}

function rankFunction(
  kind: "$rank" | "$denseRank" | "$documentNumber",
  compare: DocumentComparator | undefined,
): WindowFunction {
  if (compare === undefined && kind !== "$documentNumber")
    fail(5371601, `${kind} must be specified with a top level sortBy expression with exactly one element`);
  return (partition) => {
    let rank = 0;
    let dense = 0;
    return partition.map((doc, i) => {
      const tie = i > 0 && compare !== undefined && compare(partition[i - 1]!, doc) === 0;
      if (!tie) {
        rank = i + 1;
        dense++;
      }
      return new Int32(kind === "$documentNumber" ? i + 1 : kind === "$rank" ? rank : dense);
    });
  };
}

function compileWindowFunction(
  spec: unknown,
  field: string,
  sc: StageContext,
  compare: DocumentComparator | undefined,
  sortValues: (partition: readonly Document[]) => unknown[],
): WindowFunction {
  if (!isDocument(spec)) fail("FailedToParse", `The field '${field}' must be an object`);
  const { window: windowSpec, ...rest } = spec;
  const names = Object.keys(rest);
  if (names.length !== 1)
    fail("FailedToParse", `Expected exactly one window function for '${field}', found ${names.length}`);
  const name = names[0]!;
  const args = rest[name];
  const window = windowSpec === undefined ? undefined : parseWindow(windowSpec);
  if (
    window &&
    compare === undefined &&
    !(window.kind === "documents" && window.lower === "unbounded" && window.upper === "unbounded")
  ) {
    fail(5339901, "Document-based bounds require a sortBy");
  }
  const vars = sc.variables;
  switch (name) {
    case "$rank":
    case "$denseRank":
    case "$documentNumber":
      if (window) fail(5371601, `${name} does not accept a 'window' field`);
      return rankFunction(name, compare);
    case "$shift": {
      if (!isDocument(args) || args.output === undefined || args.by === undefined)
        fail(5521300, "$shift requires 'output' and 'by' arguments");
      const output = sc.compiler.compile(args.output);
      const by = sc.compiler.constant(args.by)?.value;
      if (!isNumber(by) || !Number.isInteger(toDouble(by)))
        fail(5521306, "'$shift:by' field must be an integer");
      const fallback = args.default === undefined ? null : sc.compiler.constant(args.default)?.value;
      const shift = toDouble(by);
      return (partition) =>
        partition.map((_, i) => {
          const other = partition[i + shift];
          if (other === undefined) return fallback;
          const v = output(other, vars);
          return v === undefined ? null : v;
        });
    }
    case "$locf": {
      const input = sc.compiler.compile(args);
      return (partition) => {
        let last: unknown = null;
        return partition.map((doc) => {
          const v = input(doc, vars);
          if (!isNullish(v)) last = v;
          return last;
        });
      };
    }
    default:
      return accumulatorFunction(
        compileAccumulator({ [name]: args }, sc.compiler, field),
        window,
        sc,
        sortValues,
      );
  }
}

/**
 * `$setWindowFields`: per partition (sorted by `partitionBy`, then `sortBy`), computes output fields
 * over document- or range-based windows with accumulators, `$rank`/`$denseRank`/`$documentNumber`,
 * `$shift` and `$locf`.
 */
export const setWindowFieldsStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec)) fail("FailedToParse", "$setWindowFields must be an object");
  for (const key of Object.keys(spec)) {
    if (!["partitionBy", "sortBy", "output"].includes(key))
      fail(40415, `BSON field '$setWindowFields.${key}' is an unknown field.`);
  }
  if (!isDocument(spec.output))
    fail(40414, "BSON field '$setWindowFields.output' is missing but a required field");
  const partitionBy: Evaluator | undefined =
    spec.partitionBy === undefined ? undefined : sc.compiler.compile(spec.partitionBy);
  if (spec.sortBy !== undefined && !isDocument(spec.sortBy))
    fail("FailedToParse", "'sortBy' must be an object");
  const collation = sc.ctx.collation ? { collation: sc.ctx.collation } : {};
  const compare = spec.sortBy === undefined ? undefined : compileSort(spec.sortBy, collation);
  const sortKeys = spec.sortBy === undefined ? [] : Object.keys(spec.sortBy);
  const sortField = sortKeys.length === 1 ? sc.compiler.compile(`$${sortKeys[0]}`) : undefined;
  const vars = sc.variables;
  const sortValues = (partition: readonly Document[]) => {
    if (sortField === undefined) fail(5339902, "Range-based bounds require sortBy a single field");
    return partition.map((doc) => sortField(doc, vars));
  };
  const outputs = Object.keys(spec.output).map((field) => {
    const fn = compileWindowFunction((spec.output as Document)[field], field, sc, compare, sortValues);
    return [parseFieldPath(field), fn] as const;
  });
  const compareKeys = sc.compiler.compare;

  return function* setWindowFields(input) {
    const partitions = new ValueMap<Document[]>(sc.compiler.stringComparator);
    for (const doc of input) {
      const key = partitionBy ? partitionBy(doc, vars) : null;
      partitions.getOrCreate(key === undefined ? null : key, () => []).push(doc);
    }
    const ordered = [...partitions.entries()].sort((a, b) => compareKeys(a[0], b[0]));
    for (const [, docs] of ordered) {
      if (compare) docs.sort(compare);
      const columns = outputs.map(([, fn]) => fn(docs));
      for (let i = 0; i < docs.length; i++) {
        let out = docs[i]!;
        for (let f = 0; f < outputs.length; f++) out = setNestedField(out, outputs[f]![0], columns[f]![i]);
        yield out;
      }
    }
  };
};
