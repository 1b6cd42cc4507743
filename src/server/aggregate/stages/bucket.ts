import { type Document, Int32 } from "bson";
import { fail } from "../../errors.ts";
import { canonicalTypeOrder } from "../../query/compare.ts";
import { sumAccumulator } from "../accumulators/basic.ts";
import { type Accumulator, type CompiledAccumulator, compileAccumulator } from "../accumulators.ts";
import type { StageCompiler, StageContext } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

const ONE = new Int32(1);

/** The `output` of `$bucket`/`$bucketAuto`: accumulators per bucket, `{ count: { $sum: 1 } }` by default. */
export function compileBucketOutput(
  spec: unknown,
  sc: StageContext,
  stage: string,
): [string, CompiledAccumulator][] {
  if (spec === undefined) return [["count", { argument: () => ONE, create: sumAccumulator }]];
  if (!isDocument(spec))
    fail(40196, `The '${stage}' 'output' field must be an object, but found type: ${typeName(spec)}`);
  return Object.keys(spec).map((name) => {
    if (name.includes(".")) fail(40235, `The field name '${name}' cannot contain '.'`);
    return [name, compileAccumulator(spec[name], sc.compiler, name)];
  });
}

/** A bucket's output document: `_id`, then the accumulated fields. */
export function bucketDocument(
  id: unknown,
  fields: readonly [string, CompiledAccumulator][],
  state: Accumulator[],
): Document {
  const out: Document = { _id: id };
  fields.forEach(([name], i) => {
    out[name] = state[i]!.result();
  });
  return out;
}

/** `$bucket`: groups documents into the ranges `[boundaries[i], boundaries[i+1])`, plus an optional default bucket. */
export const bucketStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec))
    fail(40201, `Argument to $bucket stage must be an object, but found type: ${typeName(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!["groupBy", "boundaries", "default", "output"].includes(key))
      fail(40197, `Unrecognized option to $bucket: ${key}.`);
  }
  if (spec.groupBy === undefined || spec.boundaries === undefined) {
    fail(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  }
  const compare = sc.compiler.compare;
  const boundaries = spec.boundaries;
  if (!Array.isArray(boundaries))
    fail(40200, `The $bucket 'boundaries' field must be an array, but found type: ${typeName(boundaries)}.`);
  if (boundaries.length < 2)
    fail(
      40192,
      `The $bucket 'boundaries' field must have at least 2 values, but found ${boundaries.length} value(s).`,
    );
  const bounds = boundaries.map((b) => sc.compiler.constant(b)?.value);
  for (let i = 0; i < bounds.length; i++) {
    if (i > 0 && canonicalTypeOrder(bounds[i]) !== canonicalTypeOrder(bounds[0])) {
      fail(
        40193,
        `All values in the the 'boundaries' option to $bucket must have the same type. Found conflicting types ${typeName(bounds[0])} and ${typeName(bounds[i])}.`,
      );
    }
    if (i > 0 && compare(bounds[i - 1], bounds[i]) >= 0) {
      fail(40194, "The 'boundaries' option to $bucket must be sorted in ascending order.");
    }
  }
  const hasDefault = spec.default !== undefined;
  const fallback = hasDefault ? sc.compiler.constant(spec.default)?.value : undefined;
  if (hasDefault && compare(fallback, bounds[0]) >= 0 && compare(fallback, bounds[bounds.length - 1]) < 0) {
    fail(
      40199,
      "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.",
    );
  }
  const groupBy = sc.compiler.compile(spec.groupBy);
  const fields = compileBucketOutput(spec.output, sc, "$bucket");
  const vars = sc.variables;

  const bucketOf = (value: unknown): number => {
    if (compare(value, bounds[0]) < 0 || compare(value, bounds[bounds.length - 1]) >= 0) return -1;
    let lo = 0;
    let hi = bounds.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compare(bounds[mid], value) <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return function* bucket(input) {
    const buckets = new Map<number, Accumulator[]>();
    for (const doc of input) {
      const v = groupBy(doc, vars);
      const index = bucketOf(v === undefined ? null : v);
      if (index === -1 && !hasDefault) {
        fail(40066, "$switch could not find a matching branch for an input, and no default was specified.");
      }
      let state = buckets.get(index);
      if (state === undefined) buckets.set(index, (state = fields.map(([, f]) => f.create())));
      for (let i = 0; i < fields.length; i++) state[i]!.add(fields[i]![1].argument(doc, vars));
    }
    const defaultFirst = hasDefault && compare(fallback, bounds[0]) < 0;
    const defaultState = buckets.get(-1);
    if (defaultFirst && defaultState) yield bucketDocument(fallback, fields, defaultState);
    for (let i = 0; i < bounds.length - 1; i++) {
      const state = buckets.get(i);
      if (state) yield bucketDocument(bounds[i], fields, state);
    }
    if (!defaultFirst && defaultState) yield bucketDocument(fallback, fields, defaultState);
  };
};
