/**
 * Catches errors nobody awaited (an unhandled rejection, an exception thrown from a timer) while
 * tests run. Without it Bun would end the whole run; with it the errors fail the test that was
 * running when they surfaced.
 */
const NONE: readonly unknown[] = Object.freeze([]);

export class StrayErrors {
  #errors: unknown[] = [];
  #onRejection = (reason: unknown) => void this.#errors.push(reason);
  #onException = (error: unknown) => void this.#errors.push(error);

  install(): void {
    process.on("unhandledRejection", this.#onRejection);
    process.on("uncaughtException", this.#onException);
  }

  uninstall(): void {
    process.off("unhandledRejection", this.#onRejection);
    process.off("uncaughtException", this.#onException);
  }

  /** The errors caught since the last call. */
  take(): readonly unknown[] {
    if (this.#errors.length === 0) return NONE;
    const errors = this.#errors;
    this.#errors = [];
    return errors;
  }
}
