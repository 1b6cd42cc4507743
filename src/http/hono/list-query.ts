import { elementNode, isScalarNode } from "../../orm/path-index.ts";
import type { ModelInfo } from "../../orm/model-info.ts";
import type { SchemaNode } from "../../orm/schema.ts";
import { INVALID } from "./bson-json.ts";
import { BadRequestError, type ErrorIssue } from "./errors.ts";
import { expectedText, parseText } from "./query-values.ts";

/** What a list request asks for, ready for `Model.find(filter).sort(sort).skip(offset).limit(limit)`. */
export interface ListQuery {
  readonly filter: Record<string, Record<string, unknown>>;
  readonly sort: Record<string, 1 | -1>;
  readonly limit: number;
  readonly offset: number;
}

/** Settings of a list parser: which paths may be filtered and sorted, and the page size bounds. */
export interface ListQuerySettings {
  readonly filter?: readonly string[] | undefined;
  readonly sort?: readonly string[] | undefined;
  readonly defaultLimit?: number | undefined;
  readonly maxLimit?: number | undefined;
}

/** Filter operators of the query language (`age[gte]=18`), and the MongoDB operator each becomes. */
const OPERATORS: Record<string, string> = {
  eq: "$eq",
  ne: "$ne",
  gt: "$gt",
  gte: "$gte",
  lt: "$lt",
  lte: "$lte",
  in: "$in",
  nin: "$nin",
  exists: "$exists",
};
const LIST_OPERATORS = new Set(["in", "nin"]);
const RESERVED = new Set(["limit", "offset", "sort"]);
const PARAM = /^([^[\]]+)(?:\[([^[\]]*)\])?$/;
const COUNT = /^(?:0|[1-9]\d{0,15})$/;

/** The node a filter value on this path is parsed by: the node for scalars, the element node for arrays of scalars. */
function filterNode(node: SchemaNode): SchemaNode | undefined {
  if (isScalarNode(node)) return node;
  const element = elementNode(node);
  return element && isScalarNode(element) ? element : undefined;
}

/**
 * Whitelisted paths and the node each one's values are parsed by. Without a list: the top-level
 * fields holding scalars or arrays of scalars. A listed path that holds objects (or, for sorting,
 * arrays) is a definition error.
 */
function allowedPaths(
  info: ModelInfo,
  paths: readonly string[] | undefined,
  what: "filter" | "sort",
): Map<string, SchemaNode> {
  const out = new Map<string, SchemaNode>();
  if (paths === undefined) {
    for (const [key, node] of Object.entries(info.schema.properties as Record<string, SchemaNode>)) {
      const parsed = filterNode(node);
      if (parsed) out.set(key, parsed);
    }
    return out;
  }
  for (const path of paths) {
    const node = info.paths.resolve(path);
    const parsed = node && filterNode(node);
    if (!parsed || (what === "sort" && parsed !== node)) {
      const reason = node ? "it does not hold scalar values" : "no such field";
      throw new TypeError(`crud(${info.collectionName}): cannot ${what} by "${path}": ${reason}`);
    }
    out.set(path, parsed);
  }
  return out;
}

function checkBound(name: string, value: number | undefined, fallback: number): number {
  const bound = value ?? fallback;
  if (!Number.isSafeInteger(bound) || bound < 1) {
    throw new TypeError(`${name} must be a positive integer, got ${bound}`);
  }
  return bound;
}

/** Query parameters grouped by name (a name may repeat). */
function groupParams(params: URLSearchParams): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  return grouped;
}

/**
 * Compiles, once per route, the parser of list query parameters:
 *
 * - filters `field=value` and `field[op]=value` with op `eq ne gt gte lt lte in nin exists`; only
 *   whitelisted fields, values parsed by the field's schema type (`in`/`nin` take a comma list or
 *   repeated parameters); `$` anywhere in a name is refused;
 * - `sort=-age,name` over the sortable fields (`_id` is added last so pages are stable);
 * - `limit` (1..maxLimit, default defaultLimit) and `offset`.
 *
 * Anything else (unknown names, repeated single-valued parameters, bad values) is a 400
 * `INVALID_QUERY` listing every problem.
 *
 * @example
 * const parse = compileListQuery(infoOf(User), { filter: ["age", "address.city"], maxLimit: 50 });
 * parse(new URLSearchParams("age[gte]=18&sort=-age&limit=10"));
 */
export function compileListQuery(
  info: ModelInfo,
  settings: ListQuerySettings = {},
): (params: URLSearchParams) => ListQuery {
  const filterable = allowedPaths(info, settings.filter, "filter");
  // Sortable by default: the filterable paths that hold scalars (not arrays).
  const sortable =
    settings.sort === undefined
      ? new Map([...filterable].filter(([path, node]) => info.paths.resolve(path) === node))
      : allowedPaths(info, settings.sort, "sort");
  const maxLimit = checkBound("maxLimit", settings.maxLimit, 100);
  const defaultLimit = checkBound("defaultLimit", settings.defaultLimit, Math.min(20, maxLimit));
  if (defaultLimit > maxLimit)
    throw new TypeError(`defaultLimit ${defaultLimit} is above maxLimit ${maxLimit}`);
  const filterNames = [...filterable.keys()].join(", ") || "none";
  const sortNames = [...sortable.keys()].join(", ") || "none";

  return (params) => {
    const issues: ErrorIssue[] = [];
    const problem = (path: string, message: string) => {
      issues.push({ path, message, in: "query" });
    };
    const filter: Record<string, Record<string, unknown>> = Object.create(null);
    let sort: Record<string, 1 | -1> = { _id: 1 };
    let limit = defaultLimit;
    let offset = 0;

    const count = (name: string, text: string, min: number, max: number): number | undefined => {
      const value = Number(text);
      if (COUNT.test(text) && value >= min && value <= max) return value;
      problem(name, `Expected an integer from ${min} to ${max}`);
      return undefined;
    };

    const parseSort = (text: string) => {
      const out: Record<string, 1 | -1> = {};
      for (const part of text.split(",")) {
        const desc = part.startsWith("-");
        const path = desc ? part.slice(1) : part;
        if (!sortable.has(path)) problem("sort", `cannot sort by "${path}" (sortable: ${sortNames})`);
        else if (path in out) problem("sort", `"${path}" is sorted twice`);
        else out[path] = desc ? -1 : 1;
      }
      return "_id" in out ? out : { ...out, _id: 1 as const };
    };

    const parseValue = (name: string, node: SchemaNode, text: string): unknown => {
      const value = parseText(node, text);
      if (value === INVALID) problem(name, `Expected ${expectedText(node)}`);
      return value;
    };

    const addCondition = (name: string, values: string[]) => {
      const match = PARAM.exec(name);
      const path = match?.[1];
      const op = match?.[2] ?? "eq";
      if (name.includes("$")) {
        return problem(name, "query operators are written field[op] (age[gte]=18); `$` is not accepted");
      }
      if (!path) return problem(name, "malformed parameter name");
      const node = filterable.get(path);
      if (!node) return problem(name, `cannot filter by "${path}" (filterable: ${filterNames})`);
      const operator = OPERATORS[op];
      if (!operator) {
        return problem(name, `unknown operator "${op}" (use ${Object.keys(OPERATORS).join(", ")})`);
      }
      const conditions = (filter[path] ??= {});
      if (operator in conditions) return problem(name, `"${path}" has two ${op} conditions`);
      if (LIST_OPERATORS.has(op)) {
        const items = values.length > 1 ? values : (values[0] ?? "").split(",");
        conditions[operator] = items.map((text) => parseValue(name, node, text));
        return;
      }
      if (values.length > 1) return problem(name, "given more than once");
      const text = values[0] ?? "";
      if (op === "exists") {
        if (text !== "true" && text !== "false") return problem(name, "Expected true or false");
        conditions[operator] = text === "true";
        return;
      }
      conditions[operator] = parseValue(name, node, text);
    };

    for (const [name, values] of groupParams(params)) {
      if (!RESERVED.has(name)) {
        addCondition(name, values);
        continue;
      }
      if (values.length > 1) {
        problem(name, "given more than once");
        continue;
      }
      const text = values[0] ?? "";
      if (name === "sort") sort = parseSort(text);
      else if (name === "limit") limit = count(name, text, 1, maxLimit) ?? limit;
      else offset = count(name, text, 0, Number.MAX_SAFE_INTEGER) ?? offset;
    }
    if (issues.length > 0) {
      throw new BadRequestError("INVALID_QUERY", `invalid list query: ${issues.length} problem(s)`, issues);
    }
    return { filter: { ...filter }, sort, limit, offset };
  };
}
