import { expect } from "bun:test";
import { Decimal128, type Document, Double, EJSON, Int32, Long } from "bson";
import type { AggregateContext, MergeWrites } from "../../src/server/aggregate/context.ts";
import { compileExpression, type ExpressionOptions } from "../../src/server/aggregate/expression.ts";
import { compilePipeline } from "../../src/server/aggregate/pipeline.ts";
import { normalizeConstant } from "../../src/server/aggregate/values.ts";
import { CommandError } from "../../src/server/errors.ts";

export const int = (n: number) => new Int32(n);
export const long = (n: number | bigint) => (typeof n === "bigint" ? Long.fromBigInt(n) : Long.fromNumber(n));
export const double = (n: number) => new Double(n);
export const decimal = (s: string) => Decimal128.fromString(s);

/** Plain JS numbers in a test document become Int32/Double, as they would arrive over the wire. */
export function bson<T>(value: T): T {
  return normalizeConstant(value) as T;
}

/** Canonical Extended JSON: distinguishes Int32 / Long / Double / Decimal128 and keeps field order. */
export function canonical(value: unknown): string {
  return JSON.stringify(EJSON.serialize({ v: value }, { relaxed: false }));
}

/** Asserts BSON-typed deep equality (types and field order included). */
export function expectBson(actual: unknown, expected: unknown): void {
  expect(canonical(actual)).toBe(canonical(expected));
}

/** Evaluates an expression against a document (plain numbers in the document become BSON numbers). */
export function evaluate(expr: unknown, doc: Document = {}, options: ExpressionOptions = {}): unknown {
  return compileExpression(expr, options)(bson(doc));
}

/** Asserts that `fn` throws a CommandError with this code (and, optionally, a message fragment). */
export function expectCode(fn: () => unknown, code: number, message?: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CommandError);
  expect((error as CommandError).code).toBe(code);
  if (message !== undefined) expect((error as CommandError).message).toContain(message);
}

/** An AggregateContext over in-memory collections keyed "db.coll"; writes are applied to the map. */
export class MemoryContext implements AggregateContext {
  readonly dbName: string;
  readonly now: Date;
  readonly variables: Record<string, unknown> | undefined;
  readonly collation: AggregateContext["collation"];
  readonly collections = new Map<string, Document[]>();
  readonly uniqueIndexes = new Set<string>();
  reads = 0;

  constructor(
    collections: Record<string, Document[]> = {},
    options: {
      dbName?: string;
      now?: Date;
      variables?: Record<string, unknown>;
      collation?: AggregateContext["collation"];
    } = {},
  ) {
    this.dbName = options.dbName ?? "test";
    this.now = options.now ?? new Date("2024-01-02T03:04:05.678Z");
    this.variables = options.variables;
    this.collation = options.collation;
    for (const [name, docs] of Object.entries(collections)) {
      this.collections.set(name.includes(".") ? name : `${this.dbName}.${name}`, bson(docs));
    }
  }

  readCollection(db: string, coll: string): Iterable<Document> {
    this.reads++;
    return [...(this.collections.get(`${db}.${coll}`) ?? [])];
  }

  replaceCollection(db: string, coll: string, docs: readonly Document[]): void {
    this.collections.set(`${db}.${coll}`, [...docs]);
  }

  applyMerge(db: string, coll: string, writes: MergeWrites): void {
    const docs = [...(this.collections.get(`${db}.${coll}`) ?? [])];
    for (const doc of writes.replacements) {
      const at = docs.findIndex((d) => canonical(d._id) === canonical(doc._id));
      docs[at] = doc;
    }
    docs.push(...writes.inserts);
    this.collections.set(`${db}.${coll}`, docs);
  }

  hasUniqueIndex(db: string, coll: string, fields: readonly string[]): boolean {
    return this.uniqueIndexes.has(`${db}.${coll}:${[...fields].sort().join(",")}`);
  }

  /** The stored documents of a collection in this database. */
  docs(coll: string): Document[] {
    return this.collections.get(`${this.dbName}.${coll}`) ?? [];
  }
}

/** Runs a pipeline over documents (plain numbers become BSON numbers) and returns the output. */
export function aggregate(
  stages: Document[],
  docs: Document[] = [],
  ctx: AggregateContext = new MemoryContext(),
): Document[] {
  return Array.from(compilePipeline(stages, ctx)(bson(docs)));
}
