import type { Document } from "bson";
import { fail } from "../../errors.ts";
import type { Accumulator } from "../accumulators.ts";
import type { StageCompiler } from "../stage.ts";
import { int32Value, isDocument, typeName } from "../values.ts";
import { bucketDocument, compileBucketOutput } from "./bucket.ts";

/**
 * `$bucketAuto`: sorts documents by `groupBy` and splits them into `buckets` buckets of about equal
 * size, never splitting equal values; `_id` is `{ min, max }` with `max` the next bucket's `min`.
 */
export const bucketAutoStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec))
    fail(40240, `The argument to $bucketAuto must be an object, but found type: ${typeName(spec)}.`);
  for (const key of Object.keys(spec)) {
    if (!["groupBy", "buckets", "output", "granularity"].includes(key))
      fail(40245, `Unrecognized option to $bucketAuto: ${key}.`);
  }
  if (spec.groupBy === undefined || spec.buckets === undefined)
    fail(40246, "$bucketAuto requires 'groupBy' and 'buckets' to be specified");
  const count = int32Value(spec.buckets);
  if (count === undefined)
    fail(
      40241,
      `The $bucketAuto 'buckets' field must be a 32-bit integer, but found type: ${typeName(spec.buckets)}.`,
    );
  if (count <= 0) fail(40243, `The $bucketAuto 'buckets' field must be greater than 0, but found: ${count}.`);
  if (spec.granularity !== undefined)
    fail("BadValue", "$bucketAuto 'granularity' is not supported by this server");
  const groupBy = sc.compiler.compile(spec.groupBy);
  const fields = compileBucketOutput(spec.output, sc, "$bucketAuto");
  const compare = sc.compiler.compare;
  const vars = sc.variables;

  return function* bucketAuto(input) {
    const entries: { value: unknown; doc: Document }[] = [];
    for (const doc of input) {
      const v = groupBy(doc, vars);
      entries.push({ value: v === undefined ? null : v, doc });
    }
    if (entries.length === 0) return;
    entries.sort((a, b) => compare(a.value, b.value));
    const size = Math.max(1, Math.round(entries.length / count));
    const buckets: { min: unknown; last: unknown; state: Accumulator[] }[] = [];
    let i = 0;
    while (i < entries.length) {
      const state = fields.map(([, f]) => f.create());
      const min = entries[i]!.value;
      const end = buckets.length === count - 1 ? entries.length : Math.min(i + size, entries.length);
      let last: unknown;
      while (i < entries.length && (i < end || compare(entries[i]!.value, last) === 0)) {
        last = entries[i]!.value;
        const doc = entries[i]!.doc;
        for (let f = 0; f < fields.length; f++) state[f]!.add(fields[f]![1].argument(doc, vars));
        i++;
      }
      buckets.push({ min, last, state });
    }
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b]!;
      const max = b + 1 < buckets.length ? buckets[b + 1]!.min : bucket.last;
      yield bucketDocument({ min: bucket.min, max }, fields, bucket.state);
    }
  };
};
