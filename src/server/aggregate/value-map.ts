import type { StringComparator } from "../query/collation.ts";
import { compareValues } from "../query/compare.ts";
import { encodeKey } from "../query/key-string.ts";
import { type NumericValue, numericCompare, toDouble } from "../query/numbers.ts";

interface Entry<V> {
  readonly key: unknown;
  value: V;
}

/**
 * A map keyed by BSON values under MongoDB equality (1 == 1.0 == 1L; strings by the collation),
 * iterating in insertion order. Used for `$group` keys, `$addToSet` and `$lookup` indexes.
 * Without a collation keys are hashed through their key-string encoding; with one (whose equality
 * a hash cannot express) they are kept sorted and binary-searched.
 */
export class ValueMap<V> {
  readonly #entries: Entry<V>[] = [];
  readonly #hashed: Map<string, Entry<V>> | undefined;
  readonly #sorted: Entry<V>[] = [];
  readonly #collator: StringComparator | undefined;

  constructor(collator: StringComparator | undefined) {
    this.#collator = collator;
    this.#hashed = collator === undefined ? new Map() : undefined;
  }

  get size(): number {
    return this.#entries.length;
  }

  #search(key: unknown): number {
    let lo = 0;
    let hi = this.#sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const order = compareValues(this.#sorted[mid]!.key, key, this.#collator);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }

  #find(key: unknown): Entry<V> | undefined {
    if (this.#hashed) return this.#hashed.get(hashOf(key));
    const at = this.#search(key);
    return at >= 0 ? this.#sorted[at] : undefined;
  }

  #insert(key: unknown, value: V): Entry<V> {
    const entry = { key, value };
    if (this.#hashed) this.#hashed.set(hashOf(key), entry);
    else this.#sorted.splice(-(this.#search(key) + 1), 0, entry);
    this.#entries.push(entry);
    return entry;
  }

  get(key: unknown): V | undefined {
    return this.#find(key)?.value;
  }

  /** The value for `key`, created with `create` (and remembered) when absent. */
  getOrCreate(key: unknown, create: () => V): V {
    return (this.#find(key) ?? this.#insert(key, create())).value;
  }

  /** Adds `key` unless an equal key is present; true when it was added. */
  addKey(key: unknown, value: V): boolean {
    if (this.#find(key) !== undefined) return false;
    this.#insert(key, value);
    return true;
  }

  *entries(): IterableIterator<[unknown, V]> {
    for (const entry of this.#entries) yield [entry.key, entry.value];
  }

  keys(): unknown[] {
    return this.#entries.map((e) => e.key);
  }
}

/**
 * A string equal for equal keys: common scalars get cheap forms (numbers by their double value when
 * they equal it exactly, so 1, 1.0, 1L and 1.0m agree); everything else its key-string encoding.
 */
function hashOf(key: unknown): string {
  if (typeof key === "string") return `s${key}`;
  if (key === null || key === undefined) return "n";
  if (typeof key === "boolean") return key ? "t" : "f";
  if (key instanceof Date) return `d${key.getTime()}`;
  switch ((key as { _bsontype?: string })._bsontype) {
    case "Int32":
    case "Double":
      return `#${(key as { value: number }).value}`;
    case "Long":
    case "Decimal128": {
      const d = toDouble(key as NumericValue);
      if (numericCompare(key as NumericValue, d) === 0) return `#${d}`;
      break;
    }
    case "ObjectId":
      return `o${(key as { toHexString(): string }).toHexString()}`;
  }
  return `x${Buffer.from(encodeKey([key])).toString("latin1")}`;
}
