import type {
  ClientSession,
  Document as DriverDocument,
  ExplainVerbosityLike,
  FindCursor,
  UpdateResult,
} from "mongodb";
import { mergeFilters } from "./conditions.ts";
import { hydrateFor, scoped } from "./discriminator.ts";
import { QueryError } from "./errors.ts";
import { FIELD, type FieldRef } from "./fields.ts";
import type { Filter } from "./filter.ts";
import {
  type DeleteOptions,
  deleteByFilter,
  type FilterOptions,
  type ModelRef,
  type UpdateOptions,
  updateByFilter,
} from "./filter-writes.ts";
import { checkFilter } from "./guard.ts";
import type { PathValue, Paths } from "./paths.ts";
import type { Projected, Projection, Sort } from "./projection.ts";
import { loadRelations, type RelationKey, relationOf, type WithRelations } from "./relations.ts";
import type { Update } from "./update.ts";

interface QueryState {
  readonly filter: Record<string, unknown>;
  readonly sort: Record<string, 1 | -1> | undefined;
  readonly skip: number | undefined;
  readonly limit: number | undefined;
  readonly projection: Record<string, unknown> | undefined;
  readonly lean: boolean;
  readonly batchSize: number | undefined;
  readonly session: ClientSession | undefined;
  readonly allowUnsafe: boolean;
  readonly relations: readonly string[] | undefined;
}

const STATE = Symbol("query-state");

function isState(value: unknown): value is QueryState {
  return typeof value === "object" && value !== null && STATE in value;
}

/** What `distinct` returns for a path: array fields give their elements. */
type Distinct<V> = NonNullable<V> extends readonly (infer E)[] ? E : NonNullable<V>;

function count(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new QueryError("INVALID_QUERY", name, `${name}() expects a non-negative integer, got ${value}`);
  }
  return value;
}

function toDirection(value: unknown, path: string): 1 | -1 {
  if (value === 1 || value === "asc") return 1;
  if (value === -1 || value === "desc") return -1;
  throw new QueryError("INVALID_QUERY", path, `sort of "${path}" must be 1, -1, "asc" or "desc"`);
}

/**
 * A find query, built by chaining and run by `toList()`, `first()`, `for await`, or `await`.
 * Each chain step returns a new query, so a query can be reused as a base.
 *
 * @example
 * const adults = await User.find(User.f.age.gte(18)).sort(User.f.age.desc()).limit(10);
 * for await (const user of User.find().batchSize(500)) process(user);
 * await User.find(User.f.tags.contains("stale")).set({ active: false });
 */
export class Query<T, R, M = unknown> implements PromiseLike<R[]>, AsyncIterable<R> {
  readonly #model: ModelRef;
  readonly #state: QueryState;

  constructor(model: ModelRef, filter: Filter<T> | undefined, options: FilterOptions | undefined);
  constructor(model: ModelRef, state: QueryState);
  constructor(model: ModelRef, filterOrState: unknown, options?: FilterOptions) {
    this.#model = model;
    if (isState(filterOrState)) {
      this.#state = filterOrState;
      return;
    }
    const filter = (filterOrState ?? {}) as Record<string, unknown>;
    const allowUnsafe = options?.allowUnsafe === true;
    checkFilter(model.info.guard(allowUnsafe), filter);
    this.#state = {
      filter,
      sort: undefined,
      skip: undefined,
      limit: undefined,
      projection: undefined,
      lean: false,
      batchSize: undefined,
      session: options?.session,
      allowUnsafe,
      relations: undefined,
    };
  }

  #with<Next>(patch: Partial<QueryState>): Query<T, Next, M> {
    return new Query<T, Next, M>(this.#model, { ...this.#state, ...patch, [STATE]: true } as QueryState);
  }

  /** The filter this query sends. */
  get filter(): Filter<T> {
    return this.#state.filter as Filter<T>;
  }

  /** Adds conditions (all must hold). */
  where(...filters: Filter<T>[]): Query<T, R, M> {
    const guard = this.#model.info.guard(this.#state.allowUnsafe);
    for (const filter of filters) checkFilter(guard, filter);
    const current = Object.keys(this.#state.filter).length > 0 ? [this.#state.filter] : [];
    return this.#with({ filter: mergeFilters([...current, ...filters]) });
  }

  /** Sorts by field directions (`User.f.age.desc()`) or sort objects, in order. */
  sort(...specs: Sort<T>[]): Query<T, R, M> {
    const sort: Record<string, 1 | -1> = { ...this.#state.sort };
    for (const spec of specs) {
      for (const [path, direction] of Object.entries(spec)) sort[path] = toDirection(direction, path);
    }
    return this.#with({ sort });
  }

  skip(n: number): Query<T, R, M> {
    return this.#with({ skip: count("skip", n) });
  }

  limit(n: number): Query<T, R, M> {
    return this.#with({ limit: count("limit", n) });
  }

  /** Documents fetched per round trip when streaming. */
  batchSize(n: number): Query<T, R, M> {
    return this.#with({ batchSize: count("batchSize", n) });
  }

  /**
   * Loads relations of the results: `Link` fields get their target document (or `null`),
   * `BackLink` statics an array. One query per relation for the whole result.
   */
  with<const K extends RelationKey<M>>(...keys: K[]): Query<T, WithRelations<R, M, K>, M> {
    if (this.#state.lean) {
      throw new QueryError(
        "INVALID_QUERY",
        keys.join(","),
        "with() loads relations into documents; it cannot follow lean() or project()",
      );
    }
    for (const key of keys) relationOf(this.#model.ctor, key);
    return this.#with({ relations: [...(this.#state.relations ?? []), ...keys] });
  }

  /** Returns only the projected paths, as plain objects typed by the projection. */
  project<const P extends Projection<T>>(
    projection: P & { [K in Exclude<keyof P, Paths<T>>]: never },
  ): Query<T, Projected<T, P>, M> {
    this.#plainResults("project");
    return this.#with({ projection, lean: true });
  }

  /** Returns plain decoded objects instead of model instances (no hydration). */
  lean(): Query<T, T, M> {
    this.#plainResults("lean");
    return this.#with({ lean: true });
  }

  #plainResults(step: string): void {
    if (this.#state.relations) {
      throw new QueryError(
        "INVALID_QUERY",
        step,
        `${step}() returns plain objects; relations loaded by with() need documents`,
      );
    }
  }

  async #loadRelations(docs: unknown[]): Promise<void> {
    const { relations, session } = this.#state;
    if (relations && docs.length > 0) await loadRelations(this.#model.ctor, docs, relations, session);
  }

  #toResult(raw: DriverDocument): R {
    return (this.#state.lean ? raw : hydrateFor(this.#model, raw)) as R;
  }

  #cursor(): FindCursor<DriverDocument> {
    const s = this.#state;
    return this.#model.info.collection().find(scoped(this.#model.info, s.filter), {
      sort: s.sort,
      skip: s.skip,
      limit: s.limit,
      projection: s.projection,
      batchSize: s.batchSize,
      session: s.session,
    });
  }

  /** Runs the query. */
  async toList(): Promise<R[]> {
    const docs: unknown[] = await this.#cursor().toArray();
    if (!this.#state.lean) {
      const model = this.#model;
      for (let i = 0; i < docs.length; i++) docs[i] = hydrateFor(model, docs[i] as DriverDocument);
      await this.#loadRelations(docs);
    }
    return docs as R[];
  }

  then<A = R[], B = never>(
    onfulfilled?: ((value: R[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.toList().then(onfulfilled, onrejected);
  }

  /** The first match (after sort and skip), or `null`. */
  async first(): Promise<R | null> {
    const s = this.#state;
    const raw = await this.#model.info.collection().findOne(scoped(this.#model.info, s.filter), {
      sort: s.sort,
      skip: s.skip,
      projection: s.projection,
      session: s.session,
    });
    if (!raw) return null;
    const result = this.#toResult(raw);
    await this.#loadRelations([result]);
    return result;
  }

  /** Number of matches (honours skip and limit). */
  async count(): Promise<number> {
    const s = this.#state;
    const { info } = this.#model;
    return info
      .collection()
      .countDocuments(scoped(info, s.filter), { skip: s.skip, limit: s.limit, session: s.session });
  }

  /** True when at least one document matches. */
  async exists(): Promise<boolean> {
    const s = this.#state;
    const { info } = this.#model;
    const found = await info
      .collection()
      .findOne(scoped(info, s.filter), { projection: { _id: 1 }, skip: s.skip, session: s.session });
    return found !== null;
  }

  /** Distinct values of a path among the matches (array fields give their elements). */
  distinct<P extends Paths<T>>(path: P): Promise<Distinct<PathValue<T, P>>[]>;
  distinct<V>(field: FieldRef<V>): Promise<Distinct<V>[]>;
  async distinct(path: string | FieldRef): Promise<unknown[]> {
    const key = typeof path === "string" ? path : path[FIELD];
    if (!this.#model.info.paths.resolve(key)) {
      throw new QueryError(
        "UNKNOWN_FIELD",
        key,
        `${this.#model.info.collectionName}: unknown field "${key}"`,
      );
    }
    const { info } = this.#model;
    return info
      .collection()
      .distinct(key, scoped(info, this.#state.filter), { session: this.#state.session });
  }

  /** The server's query plan. */
  async explain(verbosity: ExplainVerbosityLike = "queryPlanner"): Promise<DriverDocument> {
    return this.#cursor().explain(verbosity);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    if (this.#state.relations) {
      throw new QueryError(
        "INVALID_QUERY",
        "with",
        "with() loads relations per result list; use toList() or first(), not for await",
      );
    }
    const cursor = this.#cursor();
    try {
      for await (const raw of cursor) yield this.#toResult(raw);
    } finally {
      await cursor.close();
    }
  }

  #updateFilter(operation: string): Record<string, unknown> {
    const s = this.#state;
    if (s.skip !== undefined || s.limit !== undefined) {
      throw new QueryError(
        "INVALID_QUERY",
        "",
        `${operation}() applies to every match; skip() and limit() cannot narrow it (use findOneAndUpdate)`,
      );
    }
    return s.filter;
  }

  #options<O extends FilterOptions>(options: O | undefined): O {
    return { session: this.#state.session, allowUnsafe: this.#state.allowUnsafe, ...options } as O;
  }

  /** Applies an update document to every match. */
  async update(update: Update<T>, options?: UpdateOptions): Promise<UpdateResult> {
    const filter = this.#updateFilter("update");
    return updateByFilter(
      this.#model,
      filter,
      update as Record<string, unknown>,
      true,
      this.#options(options),
    );
  }

  /** `$set` on every match. */
  set(values: NonNullable<Update<T>["$set"]>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.update({ $set: values } as Update<T>, options);
  }

  /** `$inc` on every match. */
  inc(values: NonNullable<Update<T>["$inc"]>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.update({ $inc: values } as Update<T>, options);
  }

  /** `$push` on every match. */
  push(values: NonNullable<Update<T>["$push"]>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.update({ $push: values } as Update<T>, options);
  }

  /** `$pull` on every match. */
  pull(values: NonNullable<Update<T>["$pull"]>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.update({ $pull: values } as Update<T>, options);
  }

  /** `$addToSet` on every match. */
  addToSet(values: NonNullable<Update<T>["$addToSet"]>, options?: UpdateOptions): Promise<UpdateResult> {
    return this.update({ $addToSet: values } as Update<T>, options);
  }

  /** `$unset` of the given paths on every match. */
  unset(...paths: Paths<T>[]): Promise<UpdateResult> {
    const $unset = Object.fromEntries(paths.map((path) => [path, ""]));
    return this.update({ $unset } as Update<T>);
  }

  /** Deletes every match; returns how many were deleted. */
  async delete(options?: DeleteOptions): Promise<number> {
    const filter = this.#updateFilter("delete");
    return (await deleteByFilter(this.#model, filter, true, this.#options(options))).deletedCount;
  }
}
