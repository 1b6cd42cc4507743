export { AssertionError, type ComparisonDiff, isAssertionError } from "./assertion-error.ts";
export { diffLines } from "./diff.ts";
export { equals, matchesObject } from "./equality.ts";
export { type Expectation, expect, type Matchers } from "./expect.ts";
export { format } from "./format.ts";
