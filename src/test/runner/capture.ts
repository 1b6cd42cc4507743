type ConsoleMethod = "log" | "info" | "debug" | "warn" | "error" | "trace";
const STDOUT: ConsoleMethod[] = ["log", "info", "debug"];
const STDERR: ConsoleMethod[] = ["warn", "error", "trace"];

/**
 * Routes `console.*` output written while a test runs into that test's buffers (JUnit system-out
 * and system-err, shown with failures). Outside a test, output passes through unchanged.
 */
export class ConsoleCapture {
  #active = false;
  #stdout = "";
  #stderr = "";
  #originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();

  install(): void {
    for (const method of [...STDOUT, ...STDERR]) {
      const original = console[method] as (...args: unknown[]) => void;
      this.#originals.set(method, original);
      const toStdout = STDOUT.includes(method);
      console[method] = (...args: unknown[]) => {
        if (!this.#active) return original.apply(console, args);
        const line = `${formatArgs(args)}\n`;
        if (toStdout) this.#stdout += line;
        else this.#stderr += line;
      };
    }
  }

  uninstall(): void {
    for (const [method, original] of this.#originals) console[method] = original;
    this.#originals.clear();
  }

  begin(): void {
    this.#active = true;
    this.#stdout = "";
    this.#stderr = "";
  }

  /** Stops capturing and returns what was written since `begin`. */
  end(): { stdout: string; stderr: string } {
    this.#active = false;
    return { stdout: this.#stdout, stderr: this.#stderr };
  }
}

/** Like console.log's formatting: strings as they are, other values inspected, joined by spaces. */
function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : Bun.inspect(a))).join(" ");
}
