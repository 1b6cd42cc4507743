/** What {@link raceDeadline} returns when the time ran out first. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * Waits for `pending` at most `ms` milliseconds: its value, or {@link TIMED_OUT}. The timer is
 * always cleared, and a rejection arriving after the deadline is swallowed (nobody awaits it).
 *
 * @example
 * const result = await raceDeadline(fetch(url), 1000);
 * if (result === TIMED_OUT) { … }
 */
export async function raceDeadline<T>(pending: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  try {
    const result = await Promise.race([pending, expired]);
    if (result === TIMED_OUT) pending.catch(() => {});
    return result;
  } finally {
    clearTimeout(timer);
  }
}
