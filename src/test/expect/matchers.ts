import { equals, matchesObject } from "./equality.ts";
import { formatInline } from "./format.ts";

/** What one matcher decided, before `.not` is applied. */
export interface MatchOutcome {
  pass: boolean;
  /** Describes the failure in the non-negated sense; the caller adds "not" when negated. */
  message: string;
  /** When set, a failure prints a diff between this and the received value. */
  compare?: { expected: unknown; received: unknown };
}

type Matcher = (received: unknown, ...args: any[]) => MatchOutcome;

const show = formatInline;

function comparison(op: string, test: (a: number | bigint, b: number | bigint) => boolean): Matcher {
  return (received, expected: number | bigint) => {
    if ((typeof received !== "number" && typeof received !== "bigint") || Number.isNaN(received)) {
      return {
        pass: false,
        message: `expected a number to be ${op} ${show(expected)}, received ${show(received)}`,
      };
    }
    return {
      pass: test(received, expected),
      message: `expected ${show(received)} to be ${op} ${show(expected)}`,
    };
  };
}

function getPath(
  value: unknown,
  path: string | readonly (string | number)[],
): { found: boolean; value: unknown } {
  const parts =
    typeof path === "string" ? path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "") : path;
  let current: unknown = value;
  for (const part of parts) {
    if (current === null || current === undefined) return { found: false, value: undefined };
    const holder = Object(current) as Record<string | number, unknown>;
    if (!(part in holder)) return { found: false, value: undefined };
    current = holder[part];
  }
  return { found: true, value: current };
}

function thrownMatches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof expected === "string") return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  if (typeof expected === "function") return error instanceof expected;
  if (expected instanceof Error) return message === expected.message;
  return equals(error, expected);
}

/** The built-in matchers; each returns whether it passed and how to describe a failure. */
export const matchers = {
  toBe: (received, expected) => {
    const pass = Object.is(received, expected);
    const hint = !pass && equals(received, expected) ? " (they are only deeply equal: use toEqual)" : "";
    return {
      pass,
      message: `expected ${show(received)} to be ${show(expected)}${hint}`,
      compare: { expected, received },
    };
  },
  toEqual: (received, expected) => ({
    pass: equals(received, expected),
    message: "expected values to be deeply equal",
    compare: { expected, received },
  }),
  toStrictEqual: (received, expected) => ({
    pass: equals(received, expected, { strict: true }),
    message: "expected values to be strictly equal (types and undefined properties included)",
    compare: { expected, received },
  }),
  toBeTruthy: (received) => ({ pass: Boolean(received), message: `expected ${show(received)} to be truthy` }),
  toBeFalsy: (received) => ({ pass: !received, message: `expected ${show(received)} to be falsy` }),
  toBeNull: (received) => ({ pass: received === null, message: `expected ${show(received)} to be null` }),
  toBeUndefined: (received) => ({
    pass: received === undefined,
    message: `expected ${show(received)} to be undefined`,
  }),
  toBeDefined: (received) => ({ pass: received !== undefined, message: "expected value to be defined" }),
  toBeNaN: (received) => ({ pass: Number.isNaN(received), message: `expected ${show(received)} to be NaN` }),
  toBeGreaterThan: comparison(">", (a, b) => a > b),
  toBeGreaterThanOrEqual: comparison(">=", (a, b) => a >= b),
  toBeLessThan: comparison("<", (a, b) => a < b),
  toBeLessThanOrEqual: comparison("<=", (a, b) => a <= b),
  toBeCloseTo: (received, expected: number, digits = 2) => {
    const tolerance = 10 ** -digits / 2;
    const pass = typeof received === "number" && Math.abs(received - expected) < tolerance;
    return { pass, message: `expected ${show(received)} to be within ${tolerance} of ${show(expected)}` };
  },
  toContain: (received, item) => {
    const pass =
      typeof received === "string"
        ? typeof item === "string" && received.includes(item)
        : received != null &&
          typeof (received as Iterable<unknown>)[Symbol.iterator] === "function" &&
          [...(received as Iterable<unknown>)].some((v) => Object.is(v, item));
    return { pass, message: `expected ${show(received)} to contain ${show(item)}` };
  },
  toContainEqual: (received, item) => {
    const pass = Array.isArray(received) && received.some((v) => equals(v, item));
    return { pass, message: `expected ${show(received)} to contain an element equal to ${show(item)}` };
  },
  toHaveLength: (received, length: number) => {
    const actual = (received as { length?: unknown } | null | undefined)?.length;
    return {
      pass: actual === length,
      message: `expected length ${show(length)}, received length ${show(actual)} (${show(received)})`,
    };
  },
  toHaveProperty: (received, path: string | (string | number)[], ...rest: unknown[]) => {
    const { found, value } = getPath(received, path);
    const label = Array.isArray(path) ? path.join(".") : path;
    if (rest.length === 0)
      return { pass: found, message: `expected ${show(received)} to have property "${label}"` };
    return {
      pass: found && equals(value, rest[0]),
      message: found
        ? `expected property "${label}" to equal ${show(rest[0])}`
        : `expected ${show(received)} to have property "${label}"`,
      ...(found ? { compare: { expected: rest[0], received: value } } : {}),
    };
  },
  toMatch: (received, pattern: string | RegExp) => ({
    pass:
      typeof received === "string" &&
      (typeof pattern === "string" ? received.includes(pattern) : pattern.test(received)),
    message: `expected ${show(received)} to match ${show(pattern)}`,
  }),
  toMatchObject: (received, pattern: object) => ({
    pass: matchesObject(received, pattern),
    message: "expected value to match the object's properties",
    compare: { expected: pattern, received },
  }),
  toBeInstanceOf: (received, type: abstract new (...args: any[]) => unknown) => ({
    pass: received instanceof type,
    message: `expected ${show(received)} to be an instance of ${type.name}`,
  }),
  toThrow: (received, expected?: string | RegExp | Error | (new (...args: any[]) => Error)) => {
    if (typeof received !== "function" && !(received instanceof ThrownValue)) {
      return { pass: false, message: `toThrow needs a function, received ${show(received)}` };
    }
    let thrown: { error: unknown } | undefined;
    if (received instanceof ThrownValue) thrown = { error: received.error };
    else {
      try {
        (received as () => unknown)();
      } catch (error) {
        thrown = { error };
      }
    }
    const described = expected === undefined ? "" : ` matching ${show(expected)}`;
    if (!thrown) return { pass: false, message: `expected function to throw${described}` };
    const got =
      thrown.error instanceof Error ? `${thrown.error.name}: ${thrown.error.message}` : show(thrown.error);
    return {
      pass: thrownMatches(thrown.error, expected),
      message: `expected function to throw${described}, it threw ${got}`,
    };
  },
} satisfies Record<string, Matcher>;

/** Wraps a rejection reason so `expect(p).rejects.toThrow(...)` can inspect it. */
export class ThrownValue {
  constructor(readonly error: unknown) {}
}
