import { Kind, type Static, type TObject, type TSchema } from "@sinclair/typebox";
import type { MiddlewareHandler } from "hono";
import { elementNode } from "../../orm/path-index.ts";
import type { DataOf, InputOf } from "../../orm/model-ref.ts";
import { MODEL } from "../../orm/model-ref.ts";
import type { SchemaNode } from "../../orm/schema.ts";
import { compileValidator } from "../../orm/validator.ts";
import { INVALID } from "./bson-json.ts";
import { BadRequestError, type ErrorIssue, type IssueLocation, RequestValidationError } from "./errors.ts";
import { toErrorIssues } from "./issues.ts";
import { readJsonBody } from "./json-body.ts";
import { compileDecoder } from "./json-decoder.ts";
import { codecOf, type Model, type Patch } from "./model-codec.ts";
import { expectedText, parseText } from "./query-values.ts";

type BodyMiddleware<Out> = MiddlewareHandler<any, string, { in: { json: unknown }; out: { json: Out } }>;
type QueryMiddleware<Out> = MiddlewareHandler<
  any,
  string,
  { in: { query: Record<string, string | string[]> }; out: { query: Out } }
>;

const isModel = (value: unknown): value is Model => typeof value === "function" && MODEL in value;

function withoutCovered(reported: readonly ErrorIssue[], issues: ErrorIssue[]): ErrorIssue[] {
  const covered = new Set(reported.map((issue) => issue.path));
  return issues.filter((issue) => !covered.has(issue.path));
}

function schemaChecker(schema: TSchema, location: IssueLocation) {
  const validator = compileValidator(schema);
  return (value: unknown, reported: readonly ErrorIssue[]): ErrorIssue[] => {
    if (validator.check(value)) return [...reported];
    const found = toErrorIssues(validator.issues(value), location);
    return [...reported, ...withoutCovered(reported, found)];
  };
}

/**
 * Validates the JSON body before the handler runs; the handler reads it with
 * `c.req.valid("json")`. Checked once compiled, every problem listed in one answer:
 *
 * - `validateBody(User)`: an insert body. JSON forms become BSON values (hex → `ObjectId`, ISO
 *   string → `Date`, ...), then the model's compiled validator checks it with defaults filled.
 *   The handler gets the decoded input (defaults not filled: `User.insert(input)` does that).
 * - `validateBody(User, { partial: true })`: a patch. Each given top-level field is checked
 *   against its schema; `null` on an optional field means "remove it". The handler gets
 *   `{ set, unset }`.
 * - `validateBody(schema)`: any TypeBox schema.
 *
 * Answers: 415 without a JSON content type, 400 `MALFORMED_JSON`, 400 `FORBIDDEN_KEY` (`$` or
 * `__proto__` keys), 422 `VALIDATION`.
 *
 * @example
 * app.post("/users", validateBody(User), async (c) => c.json(await User.insert(c.req.valid("json")), 201));
 * app.patch("/users/:id", validateBody(User, { partial: true }), async (c) => {
 *   const { set, unset } = c.req.valid("json");
 * });
 */
export function validateBody<M extends Model>(
  model: M,
  options: { partial: true },
): BodyMiddleware<Patch<DataOf<M>>>;
export function validateBody<M extends Model>(
  model: M,
  options?: { partial?: false },
): BodyMiddleware<InputOf<M>>;
export function validateBody<T extends TSchema>(schema: T): BodyMiddleware<Static<T>>;
export function validateBody(
  target: Model | TSchema,
  options?: { partial?: boolean },
): BodyMiddleware<unknown> {
  const check = bodyChecker(target, options?.partial === true);
  return async (c, next) => {
    c.req.addValidatedData("json", check(await readJsonBody(c)) as {});
    await next();
  };
}

function bodyChecker(target: Model | TSchema, partial: boolean): (body: unknown) => unknown {
  if (isModel(target)) {
    const codec = codecOf(target);
    if (partial) return (body) => codec.checkPatch(body);
    return (body) => {
      const issues = codec.inputIssues(body);
      if (issues.length > 0) throw new RequestValidationError("body", issues);
      return body;
    };
  }
  const decode = compileDecoder(target as SchemaNode);
  const check = schemaChecker(target, "body");
  return (body) => {
    const reported: ErrorIssue[] = [];
    const value = decode ? decode(body, "", reported) : body;
    const issues = check(value, reported);
    if (issues.length > 0) throw new RequestValidationError("body", issues);
    return value;
  };
}

const FORBIDDEN_NAME = /^\$|^(?:__proto__|constructor|prototype)$/;

/**
 * Validates query parameters against a TypeBox object schema before the handler runs; the handler
 * reads them with `c.req.valid("query")`. Each parameter is parsed by its property's type
 * (integers, numbers, booleans, literals, dates, ObjectIds; array properties take repeated
 * parameters), then the compiled validator checks constraints and required properties.
 * `$`-prefixed or prototype names are a 400 `INVALID_QUERY`; every other problem is listed in one
 * 422 `VALIDATION` answer.
 *
 * @example
 * const Search = Type.Object({ q: Type.String({ minLength: 1 }), page: Type.Optional(Type.Integer({ minimum: 1 })) },
 *   { additionalProperties: false });
 * app.get("/search", validateQuery(Search), (c) => c.json(c.req.valid("query")));
 */
export function validateQuery<T extends TObject>(schema: T): QueryMiddleware<Static<T>> {
  const properties = schema.properties as Record<string, SchemaNode>;
  const strict = schema.additionalProperties === false;
  const check = schemaChecker(schema, "query");
  const parse = (name: string, node: SchemaNode, text: string, issues: ErrorIssue[]): unknown => {
    const value = parseText(node, text);
    if (value !== INVALID) return value;
    issues.push({ path: name, message: `Expected ${expectedText(node)}`, in: "query" });
    return text;
  };
  return async (c, next) => {
    const grouped = new Map<string, string[]>();
    for (const [name, value] of new URL(c.req.url).searchParams) {
      if (FORBIDDEN_NAME.test(name)) {
        throw new BadRequestError("INVALID_QUERY", `query parameter "${name}" is not accepted`, [
          { path: name, message: "not accepted", in: "query" },
        ]);
      }
      grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    const issues: ErrorIssue[] = [];
    const out: Record<string, unknown> = {};
    for (const [name, values] of grouped) {
      const node = properties[name];
      const element = node && node[Kind] === "Array" ? elementNode(node) : undefined;
      if (!node) {
        if (strict) issues.push({ path: name, message: "Unknown parameter", in: "query" });
        else out[name] = values.length > 1 ? values : values[0];
      } else if (element) {
        out[name] = values.map((text) => parse(name, element, text, issues));
      } else if (values.length > 1) {
        issues.push({ path: name, message: "Given more than once", in: "query" });
      } else {
        out[name] = parse(name, node, values[0] ?? "", issues);
      }
    }
    const all = check(out, issues);
    if (all.length > 0) throw new RequestValidationError("query", all);
    c.req.addValidatedData("query", out);
    await next();
  };
}
