import type { Document } from "bson";
import type { Matcher } from "../query/match.ts";
import type { AggregateContext, Namespace } from "./context.ts";
import type { ExpressionCompiler } from "./expression.ts";

/** A compiled stage: transforms the document stream of one pipeline run. */
export type Stage = (input: Iterable<Document>) => Iterable<Document>;

/** Variables of a pipeline: names fixed at compile time, values read when evaluating. */
export type VariableScope = Record<string, unknown>;

/** What a stage compiler may use: the context, an expression compiler and sub-pipeline compilation. */
export interface StageContext {
  readonly ctx: AggregateContext;
  readonly compiler: ExpressionCompiler;
  /** The variables visible to this pipeline (`$lookup` binds its `let` in a child scope). */
  readonly variables: VariableScope;
  /** Position of the stage in its pipeline. */
  readonly index: number;
  /** The stage specification following this one, if any (`$sort` looks for a `$limit`). */
  readonly next: Document | undefined;
  /**
   * Compiles a nested pipeline (`$lookup`, `$facet`, `$unionWith`, `$merge`), optionally in a child
   * variable scope, or as an update pipeline (update stages only).
   */
  compilePipeline(stages: unknown, options?: { variables?: VariableScope; update?: boolean }): Stage;
  /** Compiles a query filter with the pipeline's collation and variables. */
  compileFilter(filter: Document): Matcher;
  /** Resolves `"coll"` or `{ db, coll }` against the command's database. */
  namespace(spec: unknown, stage: string): Namespace;
}

export type StageCompiler = (spec: unknown, sc: StageContext, name: string) => Stage;
