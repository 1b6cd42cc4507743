import type { Document } from "bson";
import { fail } from "../../errors.ts";
import { RedactDecision } from "../expression.ts";
import { formatValue } from "../format.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument } from "../values.ts";

/** `$redact`: keeps, prunes or descends into each (sub)document by an expression over `$$CURRENT`. */
export const redactStage: StageCompiler = (spec, sc) => {
  const evaluate = sc.compiler.withVariables(["CURRENT"]).compile(spec);
  const scope: Record<string, unknown> = Object.create(sc.variables);

  const redact = (root: Document, current: Document): Document | undefined => {
    scope.CURRENT = current;
    const decision = evaluate(root, scope);
    if (decision === RedactDecision.KEEP) return current;
    if (decision === RedactDecision.PRUNE) return undefined;
    if (decision !== RedactDecision.DESCEND) {
      fail(
        17053,
        `$redact's expression should not return anything aside from the variables $$KEEP, $$DESCEND, and $$PRUNE, but returned ${formatValue(decision)}`,
      );
    }
    const out: Document = {};
    for (const key of Object.keys(current)) {
      const v = descend(root, current[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };

  const descend = (root: Document, value: unknown): unknown => {
    if (isDocument(value)) return redact(root, value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) {
        const v = Array.isArray(element) || isDocument(element) ? descend(root, element) : element;
        if (v !== undefined) out.push(v);
      }
      return out;
    }
    return value;
  };

  return function* redactDocs(input) {
    for (const doc of input) {
      const out = redact(doc, doc);
      if (out !== undefined) yield out;
    }
  };
};
