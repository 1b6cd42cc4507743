/** Option checks: each throws a TypeError that names the option and the bad value. */

export function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

/** A whole number >= 1, or `Infinity` for no limit. */
export function checkLimit(name: string, value: number): number {
  if (value !== Number.POSITIVE_INFINITY && (!Number.isInteger(value) || value < 1)) {
    throw new TypeError(`${name} must be a whole number >= 1 or Infinity, got ${String(value)}`);
  }
  return value;
}

export function checkDuration(name: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new TypeError(`${name} must be a finite number of ms >= 0, got ${String(value)}`);
  }
  return value;
}
