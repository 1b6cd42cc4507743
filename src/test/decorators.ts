import { currentCollector, OutsideRunnerError } from "./collector.ts";
import { declare } from "./declaration.ts";
import type { ProfileTestOptions, SecurityTestOptions, StressTestOptions, TestOptions } from "./options.ts";
import type { TestKind } from "./result.ts";
import type { Operation } from "./stress/operation.ts";
import type { StressOptions } from "./stress/options.ts";
import type { StressReport } from "./stress/report.ts";
import type { RequestTarget } from "./stress/target.ts";

/** A standard (TC39) method decorator. */
export type MethodDecorator = (method: Function, context: ClassMethodDecoratorContext) => void;

/** Thrown when a decorator is used where it cannot work. */
export class DecoratorUsageError extends Error {
  override name = "DecoratorUsageError";
}

function isMethodContext(value: unknown): value is ClassMethodDecoratorContext {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "method";
}

function decorator(kind: TestKind, options: object): MethodDecorator {
  return (method, context) => {
    if (!isMethodContext(context)) {
      throw new DecoratorUsageError(
        `@${kind} decorates methods; it was applied to a ${(context as { kind?: string })?.kind}`,
      );
    }
    if (context.static || context.private) {
      throw new DecoratorUsageError(
        `@${kind} cannot decorate the ${context.static ? "static" : "private"} method ${String(context.name)}`,
      );
    }
    declare(method, kind, options);
    currentCollector()?.decorated.set(method, String(context.name));
  };
}

/**
 * Declares a test. As a decorator it marks a method of a {@link TestSuite}; called with a name and
 * a function it declares a plain test in the current file.
 *
 * @example
 * class UserApiTests extends TestSuite {
 *   @test({ timeout: 5000, tags: ["unit"] })
 *   async loginReturnsToken() { expect((await this.http.post("/login", { json })).status).toBe(200); }
 * }
 * test("adds", () => expect(1 + 1).toBe(2));
 */
export function test(name: string, fn: () => unknown, options?: TestOptions): void;
export function test(options?: TestOptions): MethodDecorator;
export function test(method: Function, context: ClassMethodDecoratorContext): void;
export function test(
  first?: string | TestOptions | Function,
  second?: (() => unknown) | ClassMethodDecoratorContext,
  third?: TestOptions,
): MethodDecorator | undefined {
  if (typeof first === "string") {
    if (typeof second !== "function") throw new TypeError(`test("${first}", fn): fn must be a function`);
    const collector = currentCollector();
    if (!collector) {
      throw new OutsideRunnerError(
        `test("${first}") was called outside the runner; run the file with \`data-bridge test\``,
      );
    }
    collector.plain.push({
      name: first,
      fn: second as () => unknown,
      declaration: { kind: "test", options: third ?? {} },
    });
    return;
  }
  if (typeof first === "function") {
    decorator("test", {})(first, second as ClassMethodDecoratorContext);
    return;
  }
  return decorator("test", first ?? {});
}

/** `test.skip(name, fn)`: declared but not run. */
test.skip = (name: string, fn: () => unknown, options?: TestOptions): void =>
  test(name, fn, { ...options, skip: options?.skip ?? true });

/** `test.only(name, fn)`: only the `only` tests of this file run. */
test.only = (name: string, fn: () => unknown, options?: TestOptions): void =>
  test(name, fn, { ...options, only: true });

/**
 * Declares a profile: the method runs `warmup` times, then `iterations` timed times; the result
 * carries mean/min/max/p50/p95/p99, ops/s, heap growth and peak RSS, and fails against a saved
 * baseline (`--baseline FILE`) when the mean grew by more than `tolerance`.
 *
 * @example
 * @profile({ iterations: 500, warmup: 50 })
 * async findByEmail() { await this.users.findOne({ email }); }
 */
export function profile(options: ProfileTestOptions = {}): MethodDecorator {
  return decorator("profile", options);
}

/**
 * Runs the stress engine. With a function or a loopback URL first, it generates load now and
 * returns the report; with options only, it is a decorator whose method body is one operation and
 * whose test fails when a threshold is missed.
 *
 * @example
 * const report = await stress(() => fetch(url), { workers: 8, duration: 2000 });
 *
 * @stress({ rate: 200, duration: 3000, thresholds: { p95: 50, errorRate: 0.01 } })
 * async health() { return this.http.get("/health"); }
 */
export function stress(
  target: Operation | string | RequestTarget,
  options: StressOptions,
): Promise<StressReport>;
export function stress(options: StressTestOptions): MethodDecorator;
export function stress(
  first: Operation | string | RequestTarget | StressTestOptions,
  second?: StressOptions | ClassMethodDecoratorContext,
): Promise<StressReport> | MethodDecorator {
  if (isMethodContext(second)) {
    throw new DecoratorUsageError("@stress needs options, e.g. @stress({ workers: 4, duration: 1000 })");
  }
  if (typeof first === "function" || typeof first === "string" || second !== undefined) {
    if (second === undefined)
      throw new TypeError("stress(target, options): options are required (duration or iterations)");
    return import("./stress/run.ts").then(({ runStress }) =>
      runStress(first as Operation | string | RequestTarget, second),
    );
  }
  return decorator("stress", first);
}

/**
 * Declares a security test: the method is a probe that sends one input and returns the response;
 * the engine sends the payload sets and fast-check generated inputs, and the test fails on any
 * finding (5xx, crash, timeout, unescaped reflection, injection, prototype pollution).
 *
 * @example
 * @security({ template: { username: "ada", password: "pw" }, sets: ["nosql", "xss"], seed: 7 })
 * login(input: unknown) { return this.http.post("/login", { json: input }); }
 */
export function security(options: SecurityTestOptions = {}): MethodDecorator {
  return decorator("security", options);
}

const SUITE_INFO = Symbol.for("data-bridge.test.suiteInfo");

/** `@suite(...)` options. */
export interface SuiteOptions {
  name?: string;
  tags?: string[];
}

/**
 * Registers a suite class that is not exported, and optionally names it or tags all its tests.
 * Exported subclasses of TestSuite are found without it.
 *
 * @example
 * @suite({ tags: ["api"] })
 * class LoginTests extends TestSuite { … }
 */
export function suite(options: SuiteOptions = {}) {
  return (target: Function, context: ClassDecoratorContext): void => {
    if (context.kind !== "class") throw new DecoratorUsageError("@suite decorates classes");
    (target as { [SUITE_INFO]?: SuiteOptions })[SUITE_INFO] = options;
    currentCollector()?.suites.add(target);
  };
}

/** The `@suite` options of a class, if it has any. */
export function suiteInfo(target: Function): SuiteOptions {
  return Object.hasOwn(target, SUITE_INFO)
    ? ((target as { [SUITE_INFO]?: SuiteOptions })[SUITE_INFO] ?? {})
    : {};
}
