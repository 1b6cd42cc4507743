import type { ValidationIssue } from "../../orm/index.ts";
import type { ErrorIssue, IssueLocation } from "./errors.ts";

/**
 * Validation issues as they appear in responses (`value` left out: answers do not echo input).
 *
 * @example
 * toErrorIssues(validator.issues(body), "body");
 */
export function toErrorIssues(issues: readonly ValidationIssue[], location?: IssueLocation): ErrorIssue[] {
  return issues.map(({ path, message }) => (location ? { path, message, in: location } : { path, message }));
}
