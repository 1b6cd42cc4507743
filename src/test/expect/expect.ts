import { AssertionError } from "./assertion-error.ts";
import { type MatchOutcome, matchers, ThrownValue } from "./matchers.ts";

type Ctor = abstract new (...args: any[]) => unknown;

/** The matchers of `expect(value)`; `R` is `void`, or `Promise<void>` after `.resolves`/`.rejects`. */
export interface Matchers<R> {
  toBe(expected: unknown): R;
  toEqual(expected: unknown): R;
  toStrictEqual(expected: unknown): R;
  toBeTruthy(): R;
  toBeFalsy(): R;
  toBeNull(): R;
  toBeUndefined(): R;
  toBeDefined(): R;
  toBeNaN(): R;
  toBeGreaterThan(expected: number | bigint): R;
  toBeGreaterThanOrEqual(expected: number | bigint): R;
  toBeLessThan(expected: number | bigint): R;
  toBeLessThanOrEqual(expected: number | bigint): R;
  /** Passes when `|received - expected| < 10^-digits / 2` (digits defaults to 2). */
  toBeCloseTo(expected: number, digits?: number): R;
  toContain(item: unknown): R;
  toContainEqual(item: unknown): R;
  toHaveLength(length: number): R;
  /** `path` is `"a.b[0].c"` or `["a", "b", 0, "c"]`; with `value` the property must also equal it. */
  toHaveProperty(path: string | (string | number)[], value?: unknown): R;
  toMatch(pattern: string | RegExp): R;
  toMatchObject(pattern: object): R;
  toBeInstanceOf(type: Ctor): R;
  /** `expected`: a message substring, a RegExp, an Error class or an Error with the same message. */
  toThrow(expected?: string | RegExp | Error | (new (...args: any[]) => Error)): R;
}

/** What `expect(value)` returns. */
export interface Expectation extends Matchers<void> {
  readonly not: Matchers<void>;
  readonly resolves: Matchers<Promise<void>> & { readonly not: Matchers<Promise<void>> };
  readonly rejects: Matchers<Promise<void>> & { readonly not: Matchers<Promise<void>> };
}

type Mode = "value" | "resolves" | "rejects";

class ResolvedError extends AssertionError {}

/**
 * Starts an assertion. Deep equality understands BSON values (ObjectId, Decimal128, Long,
 * Binary), dates and typed arrays; a failed comparison throws an {@link AssertionError} whose
 * message carries a line diff of expected and received.
 *
 * @example
 * expect(user).toEqual({ _id: id, name: "Ada" });
 * expect(() => parse("")).toThrow(/empty/);
 * await expect(fetchUser("x")).rejects.toThrow("not found");
 */
export function expect(received: unknown): Expectation {
  return new Assertion(received, "value", false) as unknown as Expectation;
}

/**
 * One `expect()` call. Matchers live on the prototype (installed once below) and `.not`,
 * `.resolves`, `.rejects` make a new small object on access, so a call costs one allocation.
 */
class Assertion {
  constructor(
    readonly received: unknown,
    readonly mode: Mode,
    readonly negated: boolean,
  ) {}

  get not(): Assertion {
    return new Assertion(this.received, this.mode, !this.negated);
  }
  get resolves(): Assertion {
    return new Assertion(this.received, "resolves", this.negated);
  }
  get rejects(): Assertion {
    return new Assertion(this.received, "rejects", this.negated);
  }
}

for (const [name, matcher] of Object.entries(matchers) as [
  string,
  (v: unknown, ...a: unknown[]) => MatchOutcome,
][]) {
  Object.defineProperty(Assertion.prototype, name, {
    value(this: Assertion, ...args: unknown[]) {
      if (this.mode === "value") return check(name, matcher(this.received, ...args), this.negated);
      return settle(this.received, this.mode, name).then((value) =>
        check(name, matcher(value, ...args), this.negated),
      );
    },
  });
}

async function settle(received: unknown, mode: "resolves" | "rejects", matcher: string): Promise<unknown> {
  const promise = typeof received === "function" ? (received as () => unknown)() : received;
  if (!promise || typeof (promise as Promise<unknown>).then !== "function") {
    throw new AssertionError(`expect(…).${mode}.${matcher}: received value is not a promise`);
  }
  try {
    const value = await promise;
    if (mode === "rejects")
      throw new ResolvedError(`rejects.${matcher}: expected promise to reject, it resolved`);
    return value;
  } catch (error) {
    if (mode === "resolves") {
      const why = error instanceof Error ? error.message : String(error);
      throw new AssertionError(`resolves.${matcher}: expected promise to resolve, it rejected: ${why}`);
    }
    if (error instanceof ResolvedError) throw error;
    return matcher === "toThrow" ? new ThrownValue(error) : error;
  }
}

function check(name: string, outcome: MatchOutcome, negated: boolean): void {
  if (outcome.pass !== negated) return;
  const message = negated ? `${name}: ${negateMessage(outcome.message)}` : `${name}: ${outcome.message}`;
  throw new AssertionError(message, negated ? undefined : outcome.compare);
}

function negateMessage(message: string): string {
  return message.replace(/^expected (.*?) to /, "expected $1 not to ");
}
