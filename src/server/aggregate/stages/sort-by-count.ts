import { Int32 } from "bson";
import { fail } from "../../errors.ts";
import { sumAccumulator } from "../accumulators/basic.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument } from "../values.ts";
import { groupDocuments } from "./group.ts";
import { sortDocuments } from "./sort.ts";
import { compileSort } from "../../query/sort.ts";

const ONE = new Int32(1);

/** `$sortByCount: <expr>`: `$group` by the expression counting documents, then sort by count descending. */
export const sortByCountStage: StageCompiler = (spec, sc) => {
  const isExpression =
    (typeof spec === "string" && spec.startsWith("$")) ||
    (isDocument(spec) && Object.keys(spec)[0]?.startsWith("$"));
  if (!isExpression)
    fail(40148, "the sortByCount field must be defined as a $-prefixed path or an expression");
  const group = groupDocuments(
    { id: sc.compiler.compile(spec), fields: [["count", { argument: () => ONE, create: sumAccumulator }]] },
    sc,
  );
  const sort = sortDocuments(compileSort({ count: -1 }), undefined);
  return (input) => sort(group(input));
};
