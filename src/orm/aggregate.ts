import type {
  AggregateOptions as DriverAggregateOptions,
  AggregationCursor,
  Document as DriverDocument,
  ExplainVerbosityLike,
} from "mongodb";
import { mergeFilters } from "./conditions.ts";
import { QueryError } from "./errors.ts";
import { type CheckExpr, type ExprType, toExpression } from "./expression.ts";
import type { Filter } from "./filter.ts";
import type { FilterOptions, ModelRef } from "./filter-writes.ts";
import { checkFilter, scanUnsafe } from "./guard.ts";
import { checkCollectionName } from "./model-info.ts";
import { type AnyModel, type DataOf, infoOf } from "./model-ref.ts";
import type { Elem, Paths } from "./paths.ts";
import type { Projected, Sort } from "./projection.ts";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Options of `Model.aggregate()`. */
export interface AggregateOptions extends FilterOptions {
  allowDiskUse?: boolean | undefined;
  batchSize?: number | undefined;
  maxTimeMS?: number | undefined;
}

/** `$group`: `_id` plus accumulators (`{ $sum: 1 }`, `{ $avg: "$age" }`, `{ $push: User.f.name }`). */
export type GroupSpec = { readonly _id: unknown } & { readonly [key: string]: unknown };

/** The documents a `$group` produces. */
export type GroupOutput<T, G> = Simplify<
  { _id: ExprType<T, G extends { _id: infer I } ? I : never> } & {
    -readonly [K in Exclude<keyof G, "_id">]: ExprType<T, G[K]>;
  }
>;

type Flags<P> = { [K in keyof P as P[K] extends 0 | 1 | boolean ? K : never]: P[K] };
type Computed<T, P> = {
  -readonly [K in keyof P as P[K] extends 0 | 1 | boolean ? never : K]: ExprType<T, P[K]>;
};

/** The documents a `$project` produces: included paths keep their types, computed fields get theirs. */
export type ProjectOutput<T, P> = keyof Computed<T, P> extends never
  ? Projected<T, P>
  : Simplify<Projected<T, Flags<P> & ("_id" extends keyof P ? {} : { _id: 1 })> & Computed<T, P>>;

type ArrayKeys<T> = {
  [K in keyof T & string]: NonNullable<T[K]> extends readonly unknown[] ? K : never;
}[keyof T & string];

/** Options of `$unwind`. */
export interface UnwindOptions {
  preserveNullAndEmptyArrays?: boolean;
  includeArrayIndex?: string;
}

type OutputOf<P> = P extends Pipeline<infer O> ? O : never;

function positive(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new QueryError("INVALID_PIPELINE", name, `$${name} expects a non-negative integer, got ${n}`);
  }
  return n;
}

/**
 * A typed aggregation pipeline: each stage method returns a new pipeline whose document type
 * follows the stage. Run with `toList()`, `first()`, `for await`, or `await`.
 *
 * @example
 * const byCity = await User.aggregate()
 *   .match(User.f.age.gte(18))
 *   .group({ _id: User.f.address.city, users: { $sum: 1 }, avgAge: { $avg: "$age" } })
 *   .sort({ users: -1 });
 * // byCity: { _id: string; users: number; avgAge: number | null }[]
 */
export class Pipeline<T> implements PromiseLike<T[]>, AsyncIterable<T> {
  readonly #model: ModelRef;
  readonly #stages: readonly Record<string, unknown>[];
  /** True while documents still have the model's shape (no reshaping stage yet): matches are schema-checked. */
  readonly #shaped: boolean;
  readonly #options: AggregateOptions;

  constructor(
    model: ModelRef,
    options: AggregateOptions = {},
    stages: readonly Record<string, unknown>[] = [],
    shaped = true,
  ) {
    this.#model = model;
    this.#options = options;
    this.#stages = stages;
    this.#shaped = shaped;
  }

  #add<Next>(stage: Record<string, unknown>, keepsShape: boolean): Pipeline<Next> {
    scanUnsafe(stage, this.#options.allowUnsafe === true);
    return new Pipeline<Next>(
      this.#model,
      this.#options,
      [...this.#stages, stage],
      this.#shaped && keepsShape,
    );
  }

  /** The stages built so far (a subtype's pipeline sends a `$match` of its discriminator value first). */
  get stages(): readonly Record<string, unknown>[] {
    return this.#stages;
  }

  /** `$match`: field-proxy conditions or raw filters (all must hold). */
  match(...filters: Filter<T>[]): Pipeline<T> {
    if (this.#shaped) {
      const guard = this.#model.info.guard(this.#options.allowUnsafe);
      for (const filter of filters) checkFilter(guard, filter);
    }
    return this.#add({ $match: mergeFilters(filters) }, true);
  }

  /** `$group`. */
  group<const G extends GroupSpec>(spec: G & CheckExpr<T, G>): Pipeline<GroupOutput<T, G>> {
    return this.#add({ $group: toExpression(spec) }, false);
  }

  /** `$project`: `1`/`0` keep or drop paths, other values are expressions. */
  project<const P extends Record<string, unknown>>(spec: P & CheckExpr<T, P>): Pipeline<ProjectOutput<T, P>> {
    return this.#add({ $project: toExpression(spec) }, false);
  }

  /** `$addFields`. */
  addFields<const A extends Record<string, unknown>>(
    spec: A & CheckExpr<T, A>,
  ): Pipeline<Simplify<Omit<T, keyof A> & { -readonly [K in keyof A]: ExprType<T, A[K]> }>> {
    return this.#add({ $addFields: toExpression(spec) }, false);
  }

  /** `$sort`. */
  sort(...specs: Sort<T>[]): Pipeline<T> {
    const sort: Record<string, 1 | -1> = {};
    for (const spec of specs) {
      for (const [path, direction] of Object.entries(spec)) {
        sort[path] = direction === -1 || direction === "desc" ? -1 : 1;
      }
    }
    return this.#add({ $sort: sort }, true);
  }

  limit(n: number): Pipeline<T> {
    return this.#add({ $limit: positive("limit", n) }, true);
  }

  skip(n: number): Pipeline<T> {
    return this.#add({ $skip: positive("skip", n) }, true);
  }

  /** `$unwind` of a top-level array field (`"tags"` or `"$tags"`). */
  unwind<const P extends ArrayKeys<T>>(
    path: P | `$${P}`,
    options: UnwindOptions = {},
  ): Pipeline<Simplify<Omit<T, P> & { [K in P]: Elem<NonNullable<T[K]>> }>> {
    const full = path.startsWith("$") ? path : `$${path}`;
    return this.#add({ $unwind: { path: full, ...options } }, false);
  }

  /** `$lookup` from another model's collection (or a named collection, typed by `R`). */
  lookup<F extends AnyModel, const As extends string>(spec: {
    from: F;
    localField: Paths<T>;
    foreignField: Paths<DataOf<F>>;
    as: As;
  }): Pipeline<Simplify<Omit<T, As> & { [K in As]: DataOf<F>[] }>>;
  lookup<R, const As extends string>(spec: {
    from: string;
    localField: Paths<T>;
    foreignField: string;
    as: As;
  }): Pipeline<Simplify<Omit<T, As> & { [K in As]: R[] }>>;
  lookup(spec: {
    from: AnyModel | string;
    localField: string;
    foreignField: string;
    as: string;
  }): Pipeline<any> {
    const from =
      typeof spec.from === "string" ? checkCollectionName(spec.from) : infoOf(spec.from).collectionName;
    return this.#add({ $lookup: { ...spec, from } }, false);
  }

  /** `$count`: one document `{ [name]: n }`. */
  count<const N extends string>(name: N): Pipeline<{ [K in N]: number }> {
    return this.#add({ $count: name }, false);
  }

  /** `$facet`: several sub-pipelines over the same input. */
  facet<const F extends Record<string, (pipeline: Pipeline<T>) => Pipeline<any>>>(
    spec: F,
  ): Pipeline<{ -readonly [K in keyof F]: OutputOf<ReturnType<F[K]>>[] }> {
    const facets: Record<string, unknown> = {};
    for (const [name, build] of Object.entries(spec)) {
      facets[name] = build(new Pipeline<T>(this.#model, this.#options, [], this.#shaped)).stages;
    }
    return this.#add({ $facet: facets }, false);
  }

  /** Raw stages, for anything the builder does not cover; `R` types the output. */
  raw<R = Record<string, unknown>>(...stages: Record<string, unknown>[]): Pipeline<R> {
    let next: Pipeline<any> = this;
    for (const stage of stages) next = next.#add(toExpression(stage) as Record<string, unknown>, false);
    return next as Pipeline<R>;
  }

  #cursor(): AggregationCursor<DriverDocument> {
    const { allowDiskUse, batchSize, maxTimeMS, session } = this.#options;
    const options: DriverAggregateOptions = { allowDiskUse, batchSize, maxTimeMS, session };
    const { info } = this.#model;
    const stages = info.scope ? [{ $match: info.scope }, ...this.#stages] : [...this.#stages];
    return info.collection().aggregate(stages, options);
  }

  /** Runs the pipeline. */
  async toList(): Promise<T[]> {
    return (await this.#cursor().toArray()) as T[];
  }

  then<A = T[], B = never>(
    onfulfilled?: ((value: T[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.toList().then(onfulfilled, onrejected);
  }

  /** The first output document, or `null`. */
  async first(): Promise<T | null> {
    const [first] = await this.limit(1).toList();
    return first ?? null;
  }

  /** The server's plan for this pipeline. */
  async explain(verbosity: ExplainVerbosityLike = "queryPlanner"): Promise<DriverDocument> {
    return this.#cursor().explain(verbosity);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const cursor = this.#cursor();
    try {
      for await (const doc of cursor) yield doc as T;
    } finally {
      await cursor.close();
    }
  }
}
