import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { formatValue } from "../format.ts";
import type { Stage, StageCompiler, StageContext } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** Compiles the new-root expression into a per-document replacement (error 40228 for non-documents). */
export function compileReplacement(expr: unknown, sc: StageContext): (doc: Document) => Document {
  const evaluate = sc.compiler.compile(expr);
  const vars = sc.variables;
  return (doc) => {
    const root = evaluate(doc, vars);
    if (!isDocument(root)) {
      fail(
        40228,
        `'newRoot' expression must evaluate to an object, but resulting value was: ${formatValue(root)}. Type of resulting value: '${typeName(root)}'. Input document: ${formatValue(doc)}`,
      );
    }
    return root;
  };
}

function replaceAll(replace: (doc: Document) => Document): Stage {
  return function* replaceRoot(input) {
    for (const doc of input) yield replace(doc);
  };
}

/** `$replaceRoot: { newRoot: <expr> }`. */
export const replaceRootStage: StageCompiler = (spec, sc) => {
  if (!isDocument(spec))
    fail(40229, `expected an object as specification for $replaceRoot stage, got ${typeName(spec)}`);
  for (const key of Object.keys(spec)) {
    if (key !== "newRoot") fail(40415, `BSON field '$replaceRoot.${key}' is an unknown field.`);
  }
  if (spec.newRoot === undefined)
    fail(40414, "BSON field '$replaceRoot.newRoot' is missing but a required field");
  return replaceAll(compileReplacement(spec.newRoot, sc));
};

/** `$replaceWith: <expr>`. */
export const replaceWithStage: StageCompiler = (spec, sc) => replaceAll(compileReplacement(spec, sc));
