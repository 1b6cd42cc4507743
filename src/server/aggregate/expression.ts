import { type Document, Timestamp } from "bson";
import { fail } from "../errors.ts";
import { type Collation, collatorFor } from "../query/collation.ts";
import { compareValues } from "../query/compare.ts";
import { operators } from "./operators.ts";
import { getField, parseFieldPath, validateFieldName, validateVariableName, walkPath } from "./field-path.ts";
import { isDocument, normalizeConstant } from "./values.ts";

/** Variable values visible to an expression at run time (`$$name`). */
export type Vars = Readonly<Record<string, unknown>>;

/** A compiled expression: evaluates against the current document (`$$ROOT`/`$$CURRENT`) and variables. */
export type Evaluator = (doc: Document, vars: Vars) => unknown;

/** Compiles the arguments of one expression operator (`args` is the value under `$op`). */
export type OperatorCompiler = (args: unknown, c: ExpressionCompiler, name: string) => Evaluator;

export interface ExpressionOptions {
  /**
   * User variables (the command's `let`), visible as `$$name`. Names are taken at compile time (own
   * and inherited enumerable keys); values are read at evaluation time, so a caller may keep one
   * object and update its values between evaluations (how `$lookup` binds its `let` per document).
   */
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly collation?: Collation;
  /** `$$NOW`; defaults to the time of compilation. */
  readonly now?: Date;
}

/** Evaluates against a document; `vars` defaults to the `variables` given at compile time. */
export type CompiledExpression = (doc: Document, vars?: Vars) => unknown;

/** `$$KEEP`, `$$PRUNE` and `$$DESCEND`, the answers of a `$redact` expression. */
export const RedactDecision = {
  KEEP: Symbol("$$KEEP"),
  PRUNE: Symbol("$$PRUNE"),
  DESCEND: Symbol("$$DESCEND"),
} as const;

const SYSTEM_VARIABLES = new Set([
  "ROOT",
  "CURRENT",
  "NOW",
  "CLUSTER_TIME",
  "REMOVE",
  "KEEP",
  "PRUNE",
  "DESCEND",
  "USER_ROLES",
  "SEARCH_META",
]);

/**
 * Compiles an aggregation expression once into a function evaluated per document.
 *
 * @example
 * const total = compileExpression({ $add: ["$price", "$tax"] });
 * total({ price: new Int32(3), tax: new Int32(1) }); // Int32(4)
 */
export function compileExpression(expr: unknown, options: ExpressionOptions = {}): CompiledExpression {
  const compiler = ExpressionCompiler.create(options);
  const evaluate = compiler.compile(expr);
  const base = compiler.baseVariables;
  return (doc, vars = base) => evaluate(doc, vars);
}

/**
 * Compiles and evaluates an expression in one step (for one-off evaluations such as `let` values).
 *
 * @example
 * evaluateExpression({ $concat: ["a", "b"] }, {}); // "ab"
 */
export function evaluateExpression(expr: unknown, doc: Document, options: ExpressionOptions = {}): unknown {
  return compileExpression(expr, options)(doc);
}

/**
 * Compile-time state of an expression: which variables are in scope, the collation and `$$NOW`.
 * Operator compilers receive it to compile their operands.
 */
export class ExpressionCompiler {
  readonly collation: Collation | undefined;
  readonly now: Date;
  /** The collation's string comparator; undefined for binary order. */
  readonly stringComparator: ((a: string, b: string) => number) | undefined;
  /** Collation-aware MongoDB comparison of two values. */
  readonly compare: (a: unknown, b: unknown) => number;
  /** The `variables` option: the default `vars` of evaluation. */
  readonly baseVariables: Vars;
  readonly #names: ReadonlySet<string>;
  readonly #currentRebound: boolean;

  private constructor(
    collation: Collation | undefined,
    now: Date,
    names: ReadonlySet<string>,
    currentRebound: boolean,
    baseVariables: Vars,
  ) {
    this.collation = collation;
    this.now = now;
    this.#names = names;
    this.#currentRebound = currentRebound;
    this.baseVariables = baseVariables;
    const strings = collatorFor(collation);
    this.stringComparator = strings;
    this.compare = strings ? (a, b) => compareValues(a, b, strings) : (a, b) => compareValues(a, b);
  }

  static create(options: ExpressionOptions): ExpressionCompiler {
    const base = options.variables ?? {};
    const names = new Set(SYSTEM_VARIABLES);
    for (const name in base) names.add(name);
    return new ExpressionCompiler(options.collation, options.now ?? new Date(), names, false, base);
  }

  /** A compiler for a nested scope where `names` are bound too (`$let`, `$map`, `$filter`...). */
  withVariables(names: Iterable<string>): ExpressionCompiler {
    const all = new Set(this.#names);
    let currentRebound = this.#currentRebound;
    for (const name of names) {
      all.add(name);
      if (name === "CURRENT") currentRebound = true;
    }
    return new ExpressionCompiler(this.collation, this.now, all, currentRebound, this.baseVariables);
  }

  /** Compiles any expression: field path, variable, operator, object, array or constant. */
  compile(expr: unknown): Evaluator {
    if (typeof expr === "string" && expr.startsWith("$")) {
      return expr.startsWith("$$") ? this.#compileVariable(expr) : this.#compileFieldPath(expr);
    }
    if (Array.isArray(expr)) {
      const items = expr.map((e) => this.compile(e));
      return (doc, vars) =>
        items.map((item) => {
          const v = item(doc, vars);
          return v === undefined ? null : v;
        });
    }
    if (isDocument(expr)) return this.#compileObject(expr);
    const value = normalizeConstant(expr);
    return () => value;
  }

  /** The value of `expr` when it is a constant (a literal or `$literal`), else undefined. */
  constant(expr: unknown): { value: unknown } | undefined {
    if (typeof expr === "string") return expr.startsWith("$") ? undefined : { value: expr };
    if (Array.isArray(expr)) {
      const values: unknown[] = [];
      for (const item of expr) {
        const c = this.constant(item);
        if (c === undefined) return undefined;
        values.push(c.value === undefined ? null : c.value);
      }
      return { value: values };
    }
    if (isDocument(expr)) {
      const keys = Object.keys(expr);
      if (keys.length === 1 && keys[0] === "$literal") return { value: normalizeConstant(expr.$literal) };
      return undefined;
    }
    return { value: normalizeConstant(expr) };
  }

  #compileObject(expr: Document): Evaluator {
    const keys = Object.keys(expr);
    const first = keys[0];
    if (first?.startsWith("$")) {
      if (keys.length !== 1) {
        fail(
          15983,
          `An object representing an expression must have exactly one field: ${JSON.stringify(expr)}`,
        );
      }
      const compileOperator = operators[first];
      if (compileOperator === undefined)
        fail("InvalidPipelineOperator", `Unrecognized expression '${first}'`);
      return compileOperator(expr[first], this, first);
    }
    const fields: [string, Evaluator][] = [];
    for (const key of keys) {
      validateFieldName(key);
      fields.push([key, this.compile(expr[key])]);
    }
    return (doc, vars) => {
      const out: Document = {};
      for (const [key, evaluate] of fields) {
        const v = evaluate(doc, vars);
        if (v !== undefined) out[key] = v;
      }
      return out;
    };
  }

  #compileFieldPath(expr: string): Evaluator {
    const path = parseFieldPath(expr.slice(1));
    if (this.#currentRebound) return (_doc, vars) => walkPath(vars.CURRENT, path, 0);
    if (path.length === 1) {
      const key = path[0]!;
      return (doc) => getField(doc, key);
    }
    return (doc) => walkPath(doc, path, 0);
  }

  #compileVariable(expr: string): Evaluator {
    const dot = expr.indexOf(".");
    const name = dot === -1 ? expr.slice(2) : expr.slice(2, dot);
    const path = dot === -1 ? [] : parseFieldPath(expr.slice(dot + 1));
    validateVariableName(name, "read");
    if (!this.#names.has(name)) fail(17276, `Use of undefined variable: ${name}`);
    const read = this.#variableReader(name);
    if (path.length === 0) return read;
    return (doc, vars) => walkPath(read(doc, vars), path, 0);
  }

  #variableReader(name: string): Evaluator {
    if (!SYSTEM_VARIABLES.has(name)) return (_doc, vars) => vars[name];
    switch (name) {
      case "ROOT":
        return (doc) => doc;
      case "CURRENT":
        return this.#currentRebound ? (_doc, vars) => vars.CURRENT : (doc) => doc;
      case "NOW": {
        const now = this.now;
        return () => now;
      }
      case "CLUSTER_TIME": {
        const time = Timestamp.fromBits(1, Math.floor(this.now.getTime() / 1000));
        return () => time;
      }
      case "REMOVE":
        return () => undefined;
      case "KEEP":
        return () => RedactDecision.KEEP;
      case "PRUNE":
        return () => RedactDecision.PRUNE;
      case "DESCEND":
        return () => RedactDecision.DESCEND;
      case "USER_ROLES":
        return () => [];
      default:
        return () => undefined;
    }
  }
}
