import type { IndexDescription, IndexDescriptionInfo } from "mongodb";
import type { SessionOptions } from "./document-ops.ts";
import { sessionOf } from "./document-ops.ts";
import { SchemaError } from "./errors.ts";
import type { ModelInfo } from "./model-info.ts";
import { sameValue } from "./values.ts";

/** What `syncIndexes()` did. */
export interface IndexSyncReport {
  /** Declared indexes that were missing and have been created. */
  created: string[];
  /** Stale indexes that were dropped (only with `{ drop: true }`). */
  dropped: string[];
  /** Indexes in the database that the model does not declare (or declares differently), left in place. */
  stale: string[];
}

/** The name MongoDB gives an index by default (`email_1`, `city_1_age_-1`). */
export function indexName(spec: IndexDescription): string {
  return (
    spec.name ??
    Object.entries(spec.key)
      .map(([key, direction]) => `${key}_${direction}`)
      .join("_")
  );
}

function ownIndexes(info: ModelInfo): IndexDescription[] {
  const specs = info.settings.indexes ?? [];
  for (const spec of specs) {
    for (const path of Object.keys(spec.key)) {
      if (!info.paths.resolve(path)) {
        throw new SchemaError(
          `${info.collectionName}: index ${indexName(spec)} names unknown field "${path}"`,
        );
      }
    }
  }
  return specs.map((spec) => ({ ...spec, name: indexName(spec) }));
}

/** The indexes of the model's collection: its own, or with subtypes those of the base and every subtype. */
function declared(info: ModelInfo): IndexDescription[] {
  const members = info.discriminator?.hierarchy.members ?? [info];
  const byName = new Map<string, IndexDescription>();
  for (const spec of members.flatMap(ownIndexes)) {
    const seen = byName.get(spec.name!);
    if (seen && !sameValue(seen, spec)) {
      throw new SchemaError(
        `${info.collectionName}: two models declare different indexes named ${spec.name}`,
      );
    }
    byName.set(spec.name!, spec);
  }
  return [...byName.values()];
}

function matches(want: IndexDescription, have: IndexDescriptionInfo): boolean {
  return (
    JSON.stringify(Object.entries(want.key)) === JSON.stringify(Object.entries(have.key)) &&
    Boolean(want.unique) === Boolean(have.unique) &&
    Boolean(want.sparse) === Boolean(have.sparse) &&
    want.expireAfterSeconds === have.expireAfterSeconds &&
    sameValue(want.partialFilterExpression, have.partialFilterExpression)
  );
}

/** Creates the model's declared indexes (existing identical ones are left alone by the server). */
export async function ensureIndexes(info: ModelInfo, options?: SessionOptions): Promise<string[]> {
  const specs = declared(info);
  if (specs.length === 0) return [];
  return info.collection().createIndexes(specs, sessionOf(options));
}

/**
 * Compares declared and existing indexes: creates the missing ones, reports the stale ones,
 * and drops them too with `{ drop: true }` (an index declared with other options is stale and,
 * when dropped, recreated).
 */
export async function syncIndexes(
  info: ModelInfo,
  options: SessionOptions & { drop?: boolean } = {},
): Promise<IndexSyncReport> {
  const collection = info.collection();
  const specs = declared(info);
  let existing: IndexDescriptionInfo[] = [];
  try {
    existing = await collection.listIndexes(sessionOf(options)).toArray();
  } catch (error) {
    if ((error as { code?: number }).code !== 26) throw error;
  }
  const byName = new Map(specs.map((spec) => [spec.name!, spec]));
  const present = new Set<string>();
  const stale: string[] = [];
  for (const index of existing) {
    if (index.name === "_id_" || index.name === undefined) continue;
    const want = byName.get(index.name);
    if (want && matches(want, index)) present.add(index.name);
    else stale.push(index.name);
  }
  if (options.drop) for (const name of stale) await collection.dropIndex(name, sessionOf(options));
  const blocked = new Set(options.drop ? [] : stale);
  const missing = specs.filter((spec) => !present.has(spec.name!) && !blocked.has(spec.name!));
  const created = missing.length > 0 ? await collection.createIndexes(missing, sessionOf(options)) : [];
  return { created, dropped: options.drop ? stale : [], stale: options.drop ? [] : stale };
}
