import type { FileCollector } from "../collector.ts";
import { declarationOf, type TestDeclaration } from "../declaration.ts";
import type { TestKind } from "../result.ts";
import { suiteInfo } from "../decorators.ts";
import { isSuiteClass, type TestSuite } from "../suite.ts";

/** One test to run. */
export interface TestPlan {
  id: string;
  name: string;
  suite: string;
  file: string;
  declaration: TestDeclaration;
  tags: string[];
  /** The body; called with the suite instance as `this` (undefined for plain tests). */
  body: Function;
  /** Set when the test must not run, with the reason. */
  skip?: string;
}

/** One suite to run: a class, or the plain tests of a file. */
export interface SuitePlan {
  name: string;
  file: string;
  suiteClass?: new () => TestSuite;
  tests: TestPlan[];
}

/** Which tests of the loaded files to keep. */
export interface PlanFilter {
  grep?: RegExp;
  /** Keep tests with at least one of these tags. */
  tags?: string[];
  /** Keep tests of these kinds. */
  kinds?: TestKind[];
}

/** Thrown when a file declares decorated tests in a class the runner cannot reach. */
export class UnreachableSuiteError extends Error {
  override name = "UnreachableSuiteError";
}

/**
 * Builds the suites of one loaded file: its plain `test()` calls, its exported TestSuite
 * subclasses and its `@suite` classes, filtered by `--grep`/`--tags`, with `only` applied.
 */
export function planFile(
  file: string,
  exports: Record<string, unknown>,
  collector: FileCollector,
  filter: PlanFilter,
): SuitePlan[] {
  const suites: SuitePlan[] = [];
  const plainName = file.split(/[/\\]/).pop() ?? file;
  if (collector.plain.length > 0) {
    suites.push({
      name: plainName,
      file,
      tests: collector.plain.map((t) => testPlan(plainName, file, t.name, t.declaration, t.fn, [])),
    });
  }
  const found = new Set<Function>(collector.suites);
  for (const value of Object.values(exports)) {
    if (isSuiteClass(value) && !Object.hasOwn(value, Symbol.for("data-bridge.test.TestSuite")))
      found.add(value);
  }
  const classes = inDeclarationOrder([...found], collector);
  const reached = new Set<Function>();
  for (const suiteClass of classes) {
    const info = suiteInfo(suiteClass);
    const name = info.name ?? suiteClass.name;
    const tests = methodsOf(suiteClass).map(([method, body, declaration]) => {
      reached.add(body);
      return testPlan(name, file, declaration.options.name ?? method, declaration, body, info.tags ?? []);
    });
    suites.push({ name, file, suiteClass: suiteClass as new () => TestSuite, tests });
  }
  const unreached = [...collector.decorated]
    .filter(([method]) => !reached.has(method))
    .map(([, name]) => name);
  if (unreached.length > 0) {
    throw new UnreachableSuiteError(
      `${file} declares tests (${unreached.join(", ")}) in a class the runner cannot reach: export the class or decorate it with @suite()`,
    );
  }
  return applyFilter(suites, filter);
}

/**
 * Module namespaces list exports alphabetically; suites run in the order their first own
 * decorated method was declared instead, which is the order of the source file.
 */
function inDeclarationOrder(classes: Function[], collector: FileCollector): Function[] {
  const order = new Map([...collector.decorated.keys()].map((method, index) => [method, index]));
  const ownFirst = (c: Function) =>
    Math.min(
      ...Object.getOwnPropertyNames(c.prototype).map(
        (key) => order.get(Object.getOwnPropertyDescriptor(c.prototype, key)?.value) ?? Infinity,
      ),
    );
  return classes
    .map((c) => ({ c, first: ownFirst(c) }))
    .sort((a, b) => a.first - b.first)
    .map(({ c }) => c);
}

function testPlan(
  suite: string,
  file: string,
  name: string,
  declaration: TestDeclaration,
  body: Function,
  suiteTags: string[],
): TestPlan {
  const { skip, tags = NO_TAGS } = declaration.options;
  const plan: TestPlan = {
    id: `${suite} > ${name}`,
    name,
    suite,
    file,
    declaration,
    tags: suiteTags.length === 0 ? tags : [...new Set([...suiteTags, ...tags])],
    body,
  };
  if (skip) plan.skip = typeof skip === "string" ? skip : "marked skip";
  return plan;
}

/** Decorated methods along the prototype chain, base class first; an override replaces its base. */
function methodsOf(suiteClass: Function): [string, Function, TestDeclaration][] {
  const chain: object[] = [];
  for (
    let proto = suiteClass.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    chain.unshift(proto);
  }
  const found = new Map<string, [Function, TestDeclaration]>();
  for (const proto of chain) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (key === "constructor" || typeof descriptor?.value !== "function") continue;
      const declaration = declarationOf(descriptor.value);
      if (declaration) found.set(key, [descriptor.value, declaration]);
      else found.delete(key);
    }
  }
  return [...found].map(([key, [body, declaration]]) => [key, body, declaration]);
}

const NO_TAGS: string[] = [];

function applyFilter(suites: SuitePlan[], filter: PlanFilter): SuitePlan[] {
  const { grep, tags, kinds } = filter;
  const wanted = (t: TestPlan) =>
    (!grep || grep.test(t.id)) &&
    (!tags?.length || t.tags.some((tag) => tags.includes(tag))) &&
    (!kinds?.length || kinds.includes(t.declaration.kind));
  const filtered =
    grep || tags?.length || kinds?.length
      ? suites.map((s) => ({ ...s, tests: s.tests.filter(wanted) }))
      : suites;
  const kept = filtered.filter((s) => s.tests.length > 0);
  const hasOnly = kept.some((s) => s.tests.some((t) => t.declaration.options.only));
  if (hasOnly) {
    for (const s of kept)
      for (const t of s.tests) if (!t.declaration.options.only) t.skip ??= "not marked only";
  }
  return kept;
}
