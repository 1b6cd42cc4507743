import { Kind, type SchemaOptions, type TUnsafe, TypeRegistry, Type } from "@sinclair/typebox";
import type { ClientSession } from "mongodb";
import { DATA, type DocumentState, LOADED } from "./document-state.ts";
import { QueryError } from "./errors.ts";
import { type AnyModel, type DataOf, infoOf } from "./model-ref.ts";
import type { SchemaNode } from "./schema.ts";
import type { Validator } from "./validator.ts";

/** On a `Link` schema node: the thunk returning the target model. */
export const LINK = Symbol.for("data-bridge.orm.link");
const BACK_LINK = Symbol.for("data-bridge.orm.back-link");

/** Type-level marker of a link field: the target model. */
export interface LinkMarker<M> {
  readonly "~link": () => M;
}

/** A link field: stores the target's `_id`; `with(key)` loads the target document. */
export type TLink<M extends AnyModel> = TUnsafe<DataOf<M>["_id"]> & LinkMarker<M>;

/** A back link: the documents of another model whose link field points at this document. */
export interface BackLinkSpec<M extends AnyModel = AnyModel> {
  readonly [BACK_LINK]: true;
  readonly target: () => M;
  readonly field: string;
}

/**
 * A reference to a document of another model, stored as that document's `_id`. Query with
 * `.with("author")` to load the targets of a whole result in one extra query.
 *
 * @example
 * class Book extends Document("books", { title: Type.String(), author: Link(() => Author) }) {}
 * const books = await Book.find().with("author");   // books[0].author: Author | null
 */
export function Link<M extends AnyModel>(target: () => M, options?: SchemaOptions): TLink<M> {
  return Type.Unsafe<DataOf<M>["_id"]>({ ...options, [Kind]: "Link", [LINK]: target }) as TLink<M>;
}

/**
 * The documents of `target` whose link `field` points at a document of this model; declare it
 * as a static member and load it with `.with(name)`.
 *
 * @example
 * class Author extends Document("authors", { name: Type.String() }) {
 *   static readonly books = BackLink(() => Book, "author");
 * }
 * const authors = await Author.find().with("books");   // authors[0].books: Book[]
 */
export function BackLink<M extends AnyModel>(
  target: () => M,
  field: keyof DataOf<M> & string,
): BackLinkSpec<M> {
  return { [BACK_LINK]: true, target, field };
}

function isBackLink(value: unknown): value is BackLinkSpec {
  return typeof value === "object" && value !== null && BACK_LINK in value;
}

const idValidators = new WeakMap<object, Validator>();

/** Registers the `Link` kind: a link value must be a valid `_id` of the target model. */
export function registerLinkKind(): void {
  if (TypeRegistry.Has("Link")) return;
  TypeRegistry.Set("Link", (schema: { [LINK]: () => object }, value) => {
    let validator = idValidators.get(schema);
    if (!validator) {
      const info = infoOf(schema[LINK]());
      validator = info.updateGuard(false, true).validatorAt("_id", info.schema.properties._id as SchemaNode);
      idValidators.set(schema, validator);
    }
    return validator.check(value);
  });
}

/** The model a link field of `node` points at, if it is a link. */
export function linkTarget(node: SchemaNode): (() => object) | undefined {
  return (node as { [LINK]?: () => object })[LINK];
}

const idKey = (value: unknown) => `${typeof value}:${String(value)}`;

type Loadable = DocumentState & { [LOADED]?: Record<string, unknown> };
type Finder = {
  find(filter: object, options: object): { toList(): Promise<Loadable[]> };
  prototype: object;
};

async function loadLinks(docs: Loadable[], key: string, target: Finder, session: ClientSession | undefined) {
  const ids = new Map<string, unknown>();
  for (const doc of docs) {
    const id = doc[DATA][key];
    if (id !== undefined && id !== null) ids.set(idKey(id), id);
  }
  const found = ids.size ? await target.find({ _id: { $in: [...ids.values()] } }, { session }).toList() : [];
  const byId = new Map(found.map((doc) => [idKey(doc[DATA]._id), doc]));
  for (const doc of docs) (doc[LOADED] ??= {})[key] = byId.get(idKey(doc[DATA][key])) ?? null;
}

async function loadBackLinks(
  docs: Loadable[],
  key: string,
  spec: BackLinkSpec,
  session: ClientSession | undefined,
) {
  const target = spec.target() as unknown as Finder;
  const ids = docs.map((doc) => doc[DATA]._id);
  const found = ids.length ? await target.find({ [spec.field]: { $in: ids } }, { session }).toList() : [];
  const groups = new Map<string, Loadable[]>();
  for (const doc of found) {
    const owner = idKey(doc[DATA][spec.field]);
    const group = groups.get(owner);
    if (group) group.push(doc);
    else groups.set(owner, [doc]);
  }
  for (const doc of docs) (doc[LOADED] ??= {})[key] = groups.get(idKey(doc[DATA]._id)) ?? [];
}

function defineBackLinkAccessor(proto: object, key: string): void {
  if (Object.hasOwn(proto, key)) return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get(this: Loadable) {
      return this[LOADED]?.[key];
    },
  });
}

type Relation = { link: Finder } | { backLink: BackLinkSpec };

/** What `key` names on a model: a link field or a back link (throws `QueryError` otherwise). */
export function relationOf(model: object, key: string): Relation {
  const info = infoOf(model);
  const node = info.schema.properties[key] as SchemaNode | undefined;
  const target = node && linkTarget(node);
  if (target) return { link: target() as unknown as Finder };
  const spec = (model as Record<string, unknown>)[key];
  if (isBackLink(spec)) return { backLink: spec };
  throw new QueryError(
    "UNKNOWN_RELATION",
    key,
    `${info.collectionName}: "${key}" is neither a Link field nor a BackLink`,
  );
}

/**
 * Loads relations for a page of documents: one query per relation, whatever the page size.
 * Link fields get the target document (or `null`), back links an array of documents.
 */
export async function loadRelations(
  model: { prototype: object },
  docs: readonly unknown[],
  keys: readonly string[],
  session: ClientSession | undefined,
): Promise<void> {
  const loadable = docs as Loadable[];
  for (const key of keys) {
    const relation = relationOf(model, key);
    if ("link" in relation) await loadLinks(loadable, key, relation.link, session);
    else {
      defineBackLinkAccessor(model.prototype, key);
      await loadBackLinks(loadable, key, relation.backLink, session);
    }
  }
}

type ShapeOf<M> = M extends { readonly "~types": { readonly shape: infer S } } ? S : never;

/** Link field names of a model. */
export type LinkKeys<M> = {
  [K in keyof ShapeOf<M>]: ShapeOf<M>[K] extends LinkMarker<any> ? K : never;
}[keyof ShapeOf<M>] &
  string;

/** Back-link names (static `BackLink` members) of a model. */
export type BackLinkKeys<M> = { [K in keyof M]: M[K] extends BackLinkSpec<any> ? K : never }[keyof M] &
  string;

/** What `with()` accepts for a model. */
export type RelationKey<M> = LinkKeys<M> | BackLinkKeys<M>;

type Loaded<M, P> =
  P extends LinkKeys<M>
    ? ShapeOf<M>[P] extends LinkMarker<infer T extends AnyModel>
      ? InstanceType<T> | null
      : never
    : P extends keyof M
      ? M[P] extends BackLinkSpec<infer T>
        ? InstanceType<T>[]
        : never
      : never;

/** A result type with the relations `K` loaded. */
export type WithRelations<R, M, K extends string> = Omit<R, K> & { [P in K]: Loaded<M, P> };
