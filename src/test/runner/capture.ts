type ConsoleMethod = "log" | "info" | "debug" | "warn" | "error" | "trace";
const STDOUT: ConsoleMethod[] = ["log", "info", "debug"];
const STDERR: ConsoleMethod[] = ["warn", "error", "trace"];

/**
 * Routes `console.*` output written while a test runs into that test's buffers (JUnit system-out
 * and system-err, shown with failures). Outside a test, output passes through unchanged.
 */
export class ConsoleCapture {
  #stdout: string[] | undefined;
  #stderr: string[] | undefined;
  #originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();

  install(): void {
    for (const method of [...STDOUT, ...STDERR]) {
      const original = console[method] as (...args: unknown[]) => void;
      this.#originals.set(method, original);
      const toStdout = STDOUT.includes(method);
      console[method] = (...args: unknown[]) => {
        const buffer = toStdout ? this.#stdout : this.#stderr;
        if (buffer) buffer.push(`${formatArgs(args)}\n`);
        else original.apply(console, args);
      };
    }
  }

  uninstall(): void {
    for (const [method, original] of this.#originals) console[method] = original;
    this.#originals.clear();
  }

  begin(): void {
    this.#stdout = [];
    this.#stderr = [];
  }

  end(): { stdout: string; stderr: string } {
    const out = { stdout: this.#stdout?.join("") ?? "", stderr: this.#stderr?.join("") ?? "" };
    this.#stdout = undefined;
    this.#stderr = undefined;
    return out;
  }
}

/** Like console.log's formatting: strings as they are, other values inspected, joined by spaces. */
function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : Bun.inspect(a))).join(" ");
}
