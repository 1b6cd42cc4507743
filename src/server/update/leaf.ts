import type { StringComparator } from "../query/collation.ts";
import type { Collation } from "../query/collation.ts";
import { formatElement } from "../query/format.ts";
import type { UpdatePath } from "./update-path.ts";

export { MISSING } from "../query/path.ts";

/** What a leaf operation sees when it runs on one concrete path of one document. */
export interface LeafContext {
  readonly isInsert: boolean;
  readonly now: Date;
  /** The document being updated (before the update), for error messages. */
  readonly doc: Record<string, unknown>;
  /** Concrete dotted path of this application ("a.2.b"). */
  readonly path: string;
  /** Last component of `path`. */
  readonly field: string;
  /** Values of `$rename` sources, read from the original document. */
  readonly renameSources: ReadonlyMap<string, unknown>;
}

/** Settings a leaf compiler may use. */
export interface LeafSettings {
  readonly collation: Collation | undefined;
  readonly collator: StringComparator | undefined;
}

/**
 * One update operator applied at one path. `apply` gets the current value (MISSING when absent) and
 * returns the new value or MISSING to remove the field. Returning the current value means
 * "no change".
 */
export interface LeafOperation {
  /** The operator ("$set", "$inc", ...). */
  readonly operator: string;
  /** True when a missing path (or missing parents) is created; otherwise a missing path is a no-op. */
  readonly creates: boolean;
  apply(current: unknown, ctx: LeafContext): unknown;
}

/** Compiles one `{ path: argument }` entry of an operator. */
export type LeafCompiler = (arg: unknown, path: UpdatePath, settings: LeafSettings) => LeafOperation;

/** `{_id: 1}`, how mongod names the document in update error messages. */
export function describeDocument(doc: Record<string, unknown>): string {
  return formatElement("_id", doc._id);
}
