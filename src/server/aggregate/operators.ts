import type { OperatorCompiler } from "./expression.ts";
import { accumulatorExpressions } from "./expressions/accumulator-expressions.ts";
import { arithmeticOperators } from "./expressions/arithmetic.ts";
import { arrayOperators } from "./expressions/arrays.ts";
import { booleanOperators } from "./expressions/boolean.ts";
import { comparisonOperators } from "./expressions/comparison.ts";
import { conditionalOperators } from "./expressions/conditional.ts";
import { dateOperators } from "./expressions/dates.ts";
import { objectOperators } from "./expressions/objects.ts";
import { setOperators } from "./expressions/sets.ts";
import { stringOperators } from "./expressions/strings.ts";
import { typeOperators } from "./expressions/types.ts";
import { variableOperators } from "./expressions/variables.ts";

/** Every expression operator by name (`$add` -> its compiler). */
export const operators: Readonly<Record<string, OperatorCompiler>> = Object.freeze({
  ...variableOperators,
  ...arithmeticOperators,
  ...comparisonOperators,
  ...booleanOperators,
  ...conditionalOperators,
  ...stringOperators,
  ...arrayOperators,
  ...objectOperators,
  ...setOperators,
  ...dateOperators,
  ...typeOperators,
  ...accumulatorExpressions,
});
