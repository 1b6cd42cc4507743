import type { ValidationIssue } from "../../orm/index.ts";
import type { ErrorIssue, IssueLocation } from "./errors.ts";

const REQUIRED = "Expected required property";

/**
 * Validation issues as they appear in responses (`value` left out: answers do not echo input).
 * A missing property is reported once: TypeBox also reports it as "Expected string" and the like.
 *
 * @example
 * toErrorIssues(validator.issues(body), "body");
 */
export function toErrorIssues(issues: readonly ValidationIssue[], location?: IssueLocation): ErrorIssue[] {
  const missing = new Set(issues.filter((i) => i.message === REQUIRED).map((i) => i.path));
  const out: ErrorIssue[] = [];
  for (const { path, message } of issues) {
    if (missing.has(path) && message !== REQUIRED) continue;
    out.push(location ? { path, message, in: location } : { path, message });
  }
  return out;
}
