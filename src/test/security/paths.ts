/** A location inside a JSON value: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** Prints a path as `user.tags[0]`, or `(root)` for the value itself. */
export function pathToString(path: JsonPath): string {
  if (path.length === 0) return "(root)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Paths of every leaf (non-object, non-array value) of `value`; `[[]]` for a primitive. */
export function leafPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

/** Paths of every plain object in `value`, the root first. */
export function objectPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const own = Array.isArray(value) ? [] : [prefix];
  return [...own, ...entries.flatMap(([k, v]) => objectPaths(v, [...prefix, k]))];
}

/** A deep copy of `root` with the value at `path` replaced (JSON-like values only). */
export function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  defineOwn(copy, head, setAt(copy[head], rest, value));
  return copy;
}

/** A deep copy of `root` with the keys of `extra` added to the object at `path`. */
export function mergeAt(root: unknown, path: JsonPath, extra: object): unknown {
  const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
  const merged: Record<string, unknown> = { ...(target as object) };
  for (const key of Object.keys(extra)) defineOwn(merged, key, (extra as Record<string, unknown>)[key]);
  return setAt(root, path, merged);
}

/** A copy of the object at the root without `key`. */
export function withoutKey(root: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(root)) if (k !== key) defineOwn(copy, k, root[k]);
  return copy;
}

// Plain assignment of "__proto__" would change the prototype instead of adding a key.
function defineOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
