/** The `$set` / `$unset` a save sends, collected path by path. */
export class Changes {
  $set: Record<string, unknown> | undefined = undefined;
  $unset: Record<string, ""> | undefined = undefined;
  count = 0;

  set(path: string, value: unknown): void {
    (this.$set ??= {})[path] = value;
    this.count++;
  }

  unset(path: string): void {
    (this.$unset ??= {})[path] = "";
    this.count++;
  }

  /** The update document, or `null` when nothing changed. */
  toUpdate(): { $set?: Record<string, unknown>; $unset?: Record<string, ""> } | null {
    if (this.count === 0) return null;
    const update: { $set?: Record<string, unknown>; $unset?: Record<string, ""> } = {};
    if (this.$set) update.$set = this.$set;
    if (this.$unset) update.$unset = this.$unset;
    return update;
  }
}
