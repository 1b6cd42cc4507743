import type * as ExpressionModule from "../aggregate/expression.ts";
import type { Collation } from "./collation.ts";

/** Options the query layer passes to aggregation expressions (`$expr`, computed projection fields). */
export interface ExpressionSettings {
  readonly collation?: Collation;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly now?: Date;
}

/**
 * Compiles an aggregation expression with the aggregation engine, loaded on first use: the aggregation
 * engine imports the query modules (its `$match` uses the matcher), so a static import would tie the two
 * module graphs together at load time.
 *
 * @example compileQueryExpression({ $gt: ["$a", "$b"] }, {})({ a: 2, b: 1 }) // true
 */
export function compileQueryExpression(
  expr: unknown,
  settings: ExpressionSettings,
): (doc: Record<string, unknown>) => unknown {
  const { compileExpression } = require("../aggregate/expression.ts") as typeof ExpressionModule;
  const { collation, variables, now } = settings;
  return compileExpression(expr, {
    ...(collation ? { collation } : {}),
    ...(variables ? { variables } : {}),
    ...(now ? { now } : {}),
  });
}
