import { type Context, type ErrorHandler, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isOrmError, type ValidationError } from "../../orm/index.ts";
import type { DataOf, InputOf } from "../../orm/model-ref.ts";
import type { Paths } from "../../orm/paths.ts";
import { errorHandler } from "./error-handler.ts";
import { NotFoundError, RequestValidationError } from "./errors.ts";
import { toErrorIssues } from "./issues.ts";
import { readJsonBody } from "./json-body.ts";
import { compileListQuery, type ListQuery } from "./list-query.ts";
import { codecOf, type Model, type Patch } from "./model-codec.ts";

/** The routes `crud()` can serve. */
export type CrudRoute = "list" | "get" | "create" | "patch" | "delete";

const ALL_ROUTES: readonly CrudRoute[] = ["list", "get", "create", "patch", "delete"];

/**
 * Hooks of `crud()`. Each runs after the request was parsed and checked, before the database is
 * touched; it may change its argument in place, or throw (an `ApiError` becomes its response).
 */
export interface CrudHooks<M extends Model> {
  /** Before a list query runs: add conditions to `query.filter` (tenant, visibility, ...). */
  beforeList?(query: ListQuery, c: Context): void | Promise<void>;
  /** Before a get, patch or delete: `id` is parsed. */
  beforeAccess?(id: unknown, c: Context): void | Promise<void>;
  /** Before an insert: the decoded body (defaults not yet filled). */
  beforeCreate?(input: InputOf<M>, c: Context): void | Promise<void>;
  /** Before a patch: the checked fields to set and unset. */
  beforePatch?(patch: Patch<DataOf<M>>, id: unknown, c: Context): void | Promise<void>;
}

/** Options of `crud()`. */
export interface CrudOptions<M extends Model> {
  /** Which routes to serve (default: all). */
  routes?: readonly CrudRoute[];
  /** Paths list requests may filter by (default: the top-level fields holding scalars or arrays of scalars, `_id` included). */
  filter?: readonly Paths<DataOf<M>>[];
  /** Paths list requests may sort by (default: the filterable paths holding scalars). */
  sort?: readonly Paths<DataOf<M>>[];
  /** Page size when `limit` is not given (default 20, at most `maxLimit`). */
  defaultLimit?: number;
  /** Largest `limit` accepted; larger ones are a 400 (default 100). */
  maxLimit?: number;
  /** Count all matches for the list's `total` (one more query; default true). */
  total?: boolean;
  /** Parses the `:id` path parameter (default: by the schema type of `_id`, e.g. 24 hex digits for an ObjectId). */
  id?: (raw: string, c: Context) => unknown;
  /** Shapes each document before it is sent (drop secrets, add computed fields). */
  transform?: (doc: InstanceType<M>, c: Context) => unknown;
  hooks?: CrudHooks<M>;
  /** Error handler of the router (default: `errorHandler()`). */
  onError?: ErrorHandler;
}

/** The JSON body of a list response. */
export interface ListPage<T> {
  readonly items: T[];
  /** All matches, ignoring limit and offset (absent with `{ total: false }`). */
  readonly total?: number;
  readonly limit: number;
  readonly offset: number;
}

function asBodyError(error: unknown): unknown {
  if (!isOrmError(error) || error.code !== "VALIDATION") return error;
  return new RequestValidationError("body", toErrorIssues((error as ValidationError).issues, "body"));
}

/**
 * A Hono router serving a model over REST, meant for `app.route("/users", crud(User))`:
 *
 * | route | answers |
 * | --- | --- |
 * | `GET /` | `{ items, total, limit, offset }`; query `age[gte]=18&sort=-age,name&limit=20&offset=40` |
 * | `GET /:id` | the document, or 404 |
 * | `POST /` | 201 and the inserted document (`Location` header), 422 for invalid bodies, 409 for duplicates |
 * | `PATCH /:id` | the updated document: only the given fields are written; `null` removes an optional field |
 * | `DELETE /:id` | 204, or 404 |
 *
 * Filters only accept whitelisted fields and values parsed by the field's schema type, so a
 * request cannot smuggle operators (`?age[$gt]=0` and `{"name": {"$ne": null}}` are refused).
 * Parsers, decoders and validators are compiled when the router is built.
 *
 * @example
 * const app = new Hono();
 * app.use(database());
 * app.onError(errorHandler());
 * app.route("/users", crud(User, {
 *   filter: ["name", "age", "address.city"],
 *   maxLimit: 50,
 *   transform: (user) => ({ ...user.toJSON(), isAdult: user.isAdult }),
 * }));
 */
export function crud<M extends Model>(model: M, options: CrudOptions<M> = {}): Hono {
  // Request data is checked at run time; the model's static types only shape the options.
  const store: Model = model;
  const codec = codecOf(model);
  const routes = new Set(options.routes ?? ALL_ROUTES);
  const hooks: CrudHooks<Model> = options.hooks ?? {};
  const transform = options.transform as ((doc: unknown, c: Context) => unknown) | undefined;
  const withTotal = options.total !== false;
  const parseList = compileListQuery(codec.info, {
    filter: options.filter,
    sort: options.sort,
    defaultLimit: options.defaultLimit,
    maxLimit: options.maxLimit,
  });
  const parseId = options.id ?? ((raw: string) => codec.parseId(raw));
  const revision = codec.info.revisionKey;

  const send = (c: Context, value: unknown, status: ContentfulStatusCode = 200) =>
    c.body(codec.stringify(value), status, { "content-type": "application/json" });
  const shape = async (doc: unknown, c: Context) => (transform ? await transform(doc, c) : doc);
  const idOf = async (c: Context) => {
    const id = parseId(c.req.param("id") ?? "", c);
    await hooks.beforeAccess?.(id, c);
    return id;
  };
  const missing = (c: Context) =>
    new NotFoundError(`${codec.info.collectionName}: no document with id "${c.req.param("id")}"`);

  const app = new Hono();
  app.onError(options.onError ?? errorHandler());

  if (routes.has("list")) {
    app.get("/", async (c) => {
      const query = parseList(new URL(c.req.url).searchParams);
      await hooks.beforeList?.(query, c);
      const { filter, sort, limit, offset } = query;
      const [docs, total] = await Promise.all([
        store.find(filter).sort(sort).skip(offset).limit(limit).toList(),
        withTotal ? store.count(filter) : undefined,
      ]);
      const items = transform ? await Promise.all(docs.map((doc) => shape(doc, c))) : docs;
      const page: ListPage<unknown> = withTotal ? { items, total, limit, offset } : { items, limit, offset };
      return send(c, page);
    });
  }

  if (routes.has("get")) {
    app.get("/:id", async (c) => {
      const doc = await store.findOne({ _id: await idOf(c) });
      if (!doc) throw missing(c);
      return send(c, await shape(doc, c));
    });
  }

  if (routes.has("create")) {
    app.post("/", async (c) => {
      const input = codec.decodeInput(await readJsonBody(c));
      await hooks.beforeCreate?.(input, c);
      const doc = await store.insert(input).catch((error: unknown) => Promise.reject(asBodyError(error)));
      c.header("location", `${c.req.path.replace(/\/$/, "")}/${encodeURIComponent(String(doc._id))}`);
      return send(c, await shape(doc, c), 201);
    });
  }

  if (routes.has("patch")) {
    app.patch("/:id", async (c) => {
      const id = await idOf(c);
      const patch = codec.checkPatch(await readJsonBody(c));
      await hooks.beforePatch?.(patch, id, c);
      const update: Record<string, Record<string, unknown>> = {};
      if (Object.keys(patch.set).length > 0) update.$set = patch.set;
      if (patch.unset.length > 0) update.$unset = Object.fromEntries(patch.unset.map((key) => [key, ""]));
      if (revision && Object.keys(update).length > 0) update.$inc = { [revision]: 1 };
      const doc =
        Object.keys(update).length > 0
          ? await store
              .findOneAndUpdate({ _id: id }, update)
              .catch((error: unknown) => Promise.reject(asBodyError(error)))
          : await store.findOne({ _id: id });
      if (!doc) throw missing(c);
      return send(c, await shape(doc, c));
    });
  }

  if (routes.has("delete")) {
    app.delete("/:id", async (c) => {
      if ((await store.deleteOne({ _id: await idOf(c) })) === 0) throw missing(c);
      return c.body(null, 204);
    });
  }

  return app;
}
