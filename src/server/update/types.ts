import type { Collation } from "../query/collation.ts";

/** Options of `compileUpdate`. */
export interface UpdateOptions {
  /** `arrayFilters` of the update statement (for `$[identifier]`). */
  readonly arrayFilters?: readonly Record<string, unknown>[];
  /** The operation's collation (comparisons in `$min`/`$max`, `$addToSet`, `$pull`, `$push: {$sort}`, array filters). */
  readonly collation?: Collation;
  /** The command's `let` variables (pipeline updates and `$expr` in array filters). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** Per-document settings of `CompiledUpdate.apply`. */
export interface ApplyOptions {
  /** True when building an upsert's inserted document (`$setOnInsert` applies). */
  readonly isInsert: boolean;
  /** The matcher's `arrayIndex`: what the positional `$` refers to. */
  readonly positionalIndex?: number;
  /** `$currentDate` and `$$NOW`. */
  readonly now: Date;
}

/** The result of applying an update to one document. */
export interface UpdateResult {
  /** The new document (the input itself when nothing changed). */
  readonly doc: Record<string, unknown>;
  /** False when the update left the document byte-for-byte identical. */
  readonly modified: boolean;
}

/** An update compiled once per statement and applied to each matched document. */
export interface CompiledUpdate {
  /** "operators" (`{$set: ...}`), "replacement" (a whole document) or "pipeline" (an array of stages). */
  readonly kind: "operators" | "replacement" | "pipeline";
  /** Applies the update without mutating `doc` (copy-on-write). */
  apply(doc: Record<string, unknown>, options: ApplyOptions): UpdateResult;
}
