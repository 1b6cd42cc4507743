import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { collectValues, MISSING, parsePath } from "../../query/path.ts";
import { parseFieldPath, setNestedField, validateVariableName } from "../field-path.ts";
import type { Evaluator } from "../expression.ts";
import type { Stage, StageCompiler } from "../stage.ts";
import { ValueMap } from "../value-map.ts";
import { isDocument, typeName } from "../values.ts";

type Path = ReturnType<typeof parsePath>;

/** The values a foreign document is matched by: as the matcher sees them (array elements and arrays). */
function indexedValues(doc: Document, path: Path): unknown[] {
  const values = collectValues(doc, path).map((v) => (v === MISSING ? null : v));
  return values.length === 0 ? [null] : values;
}

/**
 * The values a local document looks up: those at the path with arrays replaced by their elements
 * (mongod joins on `{ foreignField: { $in: <values> } }`); null when there are none.
 */
export function lookupValues(doc: Document, path: Path): unknown[] {
  const values: unknown[] = [];
  for (const v of collectValues(doc, path, false)) {
    if (Array.isArray(v)) values.push(...v);
    else values.push(v === MISSING ? null : v);
  }
  return values.length === 0 ? [null] : values;
}

/**
 * An equality index of a collection's documents by the values at a path (each array element and
 * the array itself), for `$lookup` and `$graphLookup`.
 */
export class FieldIndex {
  readonly #byValue: ValueMap<number[]>;
  readonly docs: readonly Document[];

  constructor(
    docs: readonly Document[],
    path: string,
    collator: ((a: string, b: string) => number) | undefined,
  ) {
    this.docs = docs;
    this.#byValue = new ValueMap(collator);
    const parsed = parsePath(path);
    docs.forEach((doc, position) => {
      for (const value of indexedValues(doc, parsed)) {
        const positions = this.#byValue.getOrCreate(value, () => []);
        if (positions[positions.length - 1] !== position) positions.push(position);
      }
    });
  }

  /** Documents equal to any of `values` at the path, in collection order, without duplicates. */
  matching(values: readonly unknown[]): Document[] {
    if (values.length === 1) return (this.#byValue.get(values[0]) ?? []).map((p) => this.docs[p]!);
    const positions = new Set<number>();
    for (const value of values) for (const p of this.#byValue.get(value) ?? []) positions.add(p);
    return [...positions].sort((a, b) => a - b).map((p) => this.docs[p]!);
  }
}

function requireString(spec: Document, key: string): string {
  const value = spec[key];
  if (typeof value !== "string")
    fail(
      "FailedToParse",
      `$lookup argument '${key}: ${String(value)}' must be a string, is type ${typeName(value)}`,
    );
  return value;
}

const KNOWN = new Set(["from", "as", "localField", "foreignField", "let", "pipeline"]);

/**
 * `$lookup`: equality join (`localField`/`foreignField`), correlated sub-pipeline (`let`/`pipeline`),
 * or both. The foreign collection is read once per run and indexed for the equality form.
 */
export const lookupStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec)) fail("FailedToParse", "the $lookup specification must be an Object");
  for (const key of Object.keys(spec)) {
    if (!KNOWN.has(key)) fail("FailedToParse", `unknown argument to $lookup: ${key}`);
  }
  const as = parseFieldPath(requireString(spec, "as"));
  const hasLocal = spec.localField !== undefined;
  const hasForeign = spec.foreignField !== undefined;
  if (hasLocal !== hasForeign)
    fail(
      "FailedToParse",
      "$lookup requires both or neither of 'localField' and 'foreignField' to be specified",
    );
  if (!hasLocal && spec.pipeline === undefined) {
    fail(
      "FailedToParse",
      "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified",
    );
  }
  if (spec.let !== undefined && spec.pipeline === undefined)
    fail("FailedToParse", "$lookup with 'let' must also specify 'pipeline'");
  const localPath = hasLocal ? parsePath(requireString(spec, "localField")) : undefined;
  const foreignField = hasForeign ? requireString(spec, "foreignField") : undefined;
  const ns = spec.from === undefined ? undefined : sc.namespace(spec.from, "$lookup");
  if (
    ns === undefined &&
    !(Array.isArray(spec.pipeline) && isDocument(spec.pipeline[0]) && "$documents" in spec.pipeline[0])
  ) {
    fail("FailedToParse", "must specify 'from' field for a $lookup");
  }

  const letSpec = spec.let ?? {};
  if (!isDocument(letSpec)) fail("FailedToParse", "$lookup argument 'let' must be an object");
  const letNames = Object.keys(letSpec);
  for (const name of letNames) validateVariableName(name, "write");
  const letValues: Evaluator[] = letNames.map((name) => sc.compiler.compile(letSpec[name]));
  const scope: Record<string, unknown> = Object.create(sc.variables);
  for (const name of letNames) scope[name] = null;
  const pipeline: Stage | undefined =
    spec.pipeline === undefined ? undefined : sc.compilePipeline(spec.pipeline, { variables: scope });

  const ctx = sc.ctx;
  const collator = sc.compiler.stringComparator;
  const vars = sc.variables;
  return function* lookup(input) {
    let foreign: Document[] | undefined;
    let index: FieldIndex | undefined;
    for (const doc of input) {
      foreign ??= ns ? Array.from(ctx.readCollection(ns.db, ns.coll)) : [];
      let candidates = foreign;
      if (localPath && foreignField) {
        index ??= new FieldIndex(foreign, foreignField, collator);
        candidates = index.matching(lookupValues(doc, localPath));
      }
      let joined = candidates;
      if (pipeline) {
        for (let i = 0; i < letNames.length; i++) {
          scope[letNames[i]!] = letValues[i]!(doc, vars);
        }
        joined = Array.from(pipeline(candidates));
      }
      yield setNestedField(doc, as, joined);
    }
  };
};
