import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { isNumber, toInt64 } from "../../query/numbers.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** `$sample: { size }`: a uniformly random subset (reservoir sampling), in random order. */
export const sampleStage: StageCompiler = (spec) => {
  if (!isDocument(spec)) fail(28745, "the $sample stage specification must be an object");
  for (const key of Object.keys(spec))
    if (key !== "size") fail(28748, `unrecognized option to $sample: ${key}`);
  if (spec.size === undefined) fail(28749, "$sample stage must specify a size");
  if (!isNumber(spec.size))
    fail(28746, `size argument to $sample must be a number, got ${typeName(spec.size)}`);
  const size = Number(toInt64(spec.size) ?? -1n);
  if (size < 0) fail(28747, "size argument to $sample must not be negative");
  return function* sample(input) {
    const reservoir: Document[] = [];
    let seen = 0;
    for (const doc of input) {
      seen++;
      if (reservoir.length < size) reservoir.push(doc);
      else {
        const j = Math.floor(Math.random() * seen);
        if (j < size) reservoir[j] = doc;
      }
    }
    for (let i = reservoir.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [reservoir[i], reservoir[j]] = [reservoir[j]!, reservoir[i]!];
    }
    yield* reservoir;
  };
};
