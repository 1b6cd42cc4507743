import type { Context } from "hono";
import { ApiError, BadRequestError, type ErrorIssue } from "./errors.ts";

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;
/** Keys that change prototypes when an object is copied by assignment. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** MongoDB refuses documents nested deeper than 100 levels; refuse them here, before anything else. */
const MAX_DEPTH = 100;

function keyProblem(key: string): string | undefined {
  if (key.startsWith("$")) return `operator key "${key}" is not accepted in request bodies`;
  if (PROTOTYPE_KEYS.has(key)) return `key "${key}" is not accepted in request bodies`;
  return undefined;
}

/**
 * Every `$`-prefixed and prototype key (`__proto__`, `constructor`, `prototype`) in a parsed body,
 * at any depth; walks with an explicit stack so a deep body cannot overflow the call stack.
 */
function forbiddenKeys(body: unknown): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const stack: [unknown, string, number][] = [[body, "", 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path, depth] = item;
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_DEPTH) {
      throw new BadRequestError("TOO_DEEP", `request body is nested more than ${MAX_DEPTH} levels deep`);
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        stack.push([v, path ? `${path}.${i}` : String(i), depth + 1]);
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      const problem = keyProblem(key);
      if (problem) issues.push({ path: at, message: problem, in: "body" });
      else stack.push([(value as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return issues;
}

/**
 * Reads the request body as JSON: `application/json` (or `+json`) only (415 otherwise), a
 * non-empty, well-formed document (400 `MALFORMED_JSON` otherwise), without operator or
 * prototype keys anywhere (400 `FORBIDDEN_KEY`, every such key listed).
 *
 * @example
 * const body = await readJsonBody(c);
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type")?.split(";")[0]?.trim() ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `expected a JSON body (content-type: application/json), got ${type ? `"${type}"` : "none"}`,
    );
  }
  const text = await c.req.text();
  if (text.trim() === "") throw new BadRequestError("MALFORMED_JSON", "request body is empty");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(
      "MALFORMED_JSON",
      `request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const issues = forbiddenKeys(body);
  if (issues.length > 0) {
    throw new BadRequestError("FORBIDDEN_KEY", "request body has keys that are not accepted", issues);
  }
  return body;
}
