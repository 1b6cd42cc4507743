import { type Document, Long } from "bson";
import { fail } from "../../errors.ts";
import { isNumber, toInt64 } from "../../query/numbers.ts";
import { parsePath } from "../../query/path.ts";
import { parseFieldPath, setNestedField } from "../field-path.ts";
import type { StageCompiler } from "../stage.ts";
import { ValueMap } from "../value-map.ts";
import { isDocument, typeName } from "../values.ts";
import { FieldIndex, lookupValues } from "./lookup.ts";

const REQUIRED = ["from", "as", "startWith", "connectFromField", "connectToField"];
const OPTIONAL = ["maxDepth", "depthField", "restrictSearchWithMatch"];

function stringOption(spec: Document, key: string): string {
  const value = spec[key];
  if (typeof value !== "string")
    fail(40103, `expected string as argument for ${key}, found: ${typeName(value)}`);
  if (key !== "from" && value.startsWith("$"))
    fail(16410, `FieldPath field names may not start with '$'. Given: ${value}`);
  return value;
}

/**
 * `$graphLookup`: breadth-first recursive search from `startWith` values, following
 * `connectFromField` -> `connectToField`, up to `maxDepth`, optionally restricted by a filter.
 */
export const graphLookupStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec)) fail(40327, "the $graphLookup stage specification must be an object");
  for (const key of Object.keys(spec)) {
    if (!REQUIRED.includes(key) && !OPTIONAL.includes(key))
      fail(40104, `Unknown argument to $graphLookup: ${key}`);
  }
  for (const key of REQUIRED)
    if (spec[key] === undefined) fail(40105, `$graphLookup requires '${key}' to be specified`);
  const ns = sc.namespace(spec.from, "$graphLookup");
  const as = parseFieldPath(stringOption(spec, "as"));
  const connectFrom = parsePath(stringOption(spec, "connectFromField"));
  const connectTo = stringOption(spec, "connectToField");
  const startWith = sc.compiler.compile(spec.startWith);
  let maxDepth: number | undefined;
  if (spec.maxDepth !== undefined) {
    const n = isNumber(spec.maxDepth) ? toInt64(spec.maxDepth) : undefined;
    if (n === undefined) fail(40100, `maxDepth must be numeric, found type: ${typeName(spec.maxDepth)}`);
    if (n < 0n) fail(40101, `maxDepth requires a nonnegative argument, found: ${n}`);
    maxDepth = Number(n);
  }
  const depthField =
    spec.depthField === undefined ? undefined : parseFieldPath(stringOption(spec, "depthField"));
  const restrict = spec.restrictSearchWithMatch;
  if (restrict !== undefined && !isDocument(restrict))
    fail(40185, `restrictSearchWithMatch must be an object, found ${typeName(restrict)}`);
  const matcher = restrict === undefined ? undefined : sc.compileFilter(restrict);

  const ctx = sc.ctx;
  const collator = sc.compiler.stringComparator;
  const vars = sc.variables;
  return function* graphLookup(input) {
    let index: FieldIndex | undefined;
    for (const doc of input) {
      if (index === undefined) {
        let foreign = Array.from(ctx.readCollection(ns.db, ns.coll));
        if (matcher) foreign = foreign.filter((d) => matcher.matches(d));
        index = new FieldIndex(foreign, connectTo, collator);
      }
      const start = startWith(doc, vars);
      let frontier = Array.isArray(start) ? start : [start === undefined ? null : start];
      const found = new Map<Document, number>();
      const queued = new ValueMap<true>(collator);
      for (const v of frontier) queued.addKey(v, true);
      for (let depth = 0; frontier.length > 0 && (maxDepth === undefined || depth <= maxDepth); depth++) {
        const next: unknown[] = [];
        for (const match of index.matching(frontier)) {
          if (found.has(match)) continue;
          found.set(match, depth);
          for (const v of lookupValues(match, connectFrom)) if (queued.addKey(v, true)) next.push(v);
        }
        frontier = next;
      }
      const results: Document[] = [];
      for (const [match, depth] of found) {
        results.push(depthField ? setNestedField(match, depthField, Long.fromNumber(depth)) : match);
      }
      yield setNestedField(doc, as, results);
    }
  };
};
