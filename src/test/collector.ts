import type { TestDeclaration } from "./declaration.ts";

/** A `test("name", fn)` call. */
export interface PlainTest {
  name: string;
  fn: () => unknown;
  declaration: TestDeclaration;
}

/** What importing one test file declared. */
export class FileCollector {
  readonly plain: PlainTest[] = [];
  /** Classes registered with `@suite`. */
  readonly suites = new Set<Function>();
  /** Every decorated method, to report tests in classes the runner cannot reach. */
  readonly decorated = new Map<Function, string>();

  constructor(readonly file: string) {}
}

const CURRENT = Symbol.for("data-bridge.test.collector");
type Holder = { [CURRENT]?: FileCollector };

/** Thrown when `test()` is called while no test file is being loaded by the runner. */
export class OutsideRunnerError extends Error {
  override name = "OutsideRunnerError";
}

/** The collector of the file being imported, shared across copies of this package. */
export function currentCollector(): FileCollector | undefined {
  return (globalThis as Holder)[CURRENT];
}

/** Runs `load` with `collector` receiving every declaration it makes. */
export async function collecting<T>(collector: FileCollector, load: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const previous = holder[CURRENT];
  holder[CURRENT] = collector;
  try {
    return await load();
  } finally {
    holder[CURRENT] = previous;
  }
}
