import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { type Accumulator, type CompiledAccumulator, compileAccumulator } from "../accumulators.ts";
import type { Evaluator } from "../expression.ts";
import type { Stage, StageCompiler, StageContext } from "../stage.ts";
import { ValueMap } from "../value-map.ts";
import { isDocument } from "../values.ts";

/** A compiled `$group`: the key expression and the output fields' accumulators. */
export interface GroupSpec {
  readonly id: Evaluator;
  readonly fields: readonly (readonly [name: string, accumulator: CompiledAccumulator])[];
}

/** Compiles `{ _id: <expr>, <field>: { <accumulator>: <expr> }, ... }`. */
export function compileGroupSpec(spec: unknown, sc: StageContext): GroupSpec {
  if (!isDocument(spec)) fail(15947, "a group's fields must be specified in an object");
  if (!Object.hasOwn(spec, "_id")) fail(15955, "a group specification must include an _id");
  const fields: [string, CompiledAccumulator][] = [];
  for (const name of Object.keys(spec)) {
    if (name === "_id") continue;
    if (name.includes(".")) fail(40235, `The field name '${name}' cannot contain '.'`);
    if (name.startsWith("$")) fail(40236, `The field name '${name}' cannot be an operator name`);
    fields.push([name, compileAccumulator(spec[name], sc.compiler, name)]);
  }
  return { id: sc.compiler.compile(spec._id), fields };
}

/** Groups documents by key and accumulates each group; groups come out in first-seen order. */
export function groupDocuments(group: GroupSpec, sc: StageContext): Stage {
  const { id, fields } = group;
  const vars = sc.variables;
  const collator = sc.compiler.stringComparator;
  return function* groupDocs(input) {
    const groups = new ValueMap<Accumulator[]>(collator);
    const create = () => fields.map(([, acc]) => acc.create());
    for (const doc of input) {
      const key = id(doc, vars);
      const accumulators = groups.getOrCreate(key === undefined ? null : key, create);
      for (let i = 0; i < fields.length; i++) accumulators[i]!.add(fields[i]![1].argument(doc, vars));
    }
    for (const [key, accumulators] of groups.entries()) {
      const out: Document = { _id: key };
      for (let i = 0; i < fields.length; i++) out[fields[i]![0]] = accumulators[i]!.result();
      yield out;
    }
  };
}

/** `$group`. */
export const groupStage: StageCompiler = (spec, sc) => groupDocuments(compileGroupSpec(spec, sc), sc);
