/** Calendar arithmetic on "local" millisecond values (wall-clock time expressed as if it were UTC). */

export const DAY = 86_400_000;

/** Milliseconds of a proleptic Gregorian date-time; month may overflow (13 = next January). */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 (Sunday) to 7 (Saturday), as `$dayOfWeek`. */
  dayOfWeek: number;
  /** 1 to 366. */
  dayOfYear: number;
}

/** The calendar fields of a local millisecond value. */
export function partsOf(local: number): DateParts {
  const d = new Date(local);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    dayOfWeek: d.getUTCDay() + 1,
    dayOfYear: Math.floor((local - utcMillis(year, 1, 1)) / DAY) + 1,
  };
}

/** ISO 8601 day of week: 1 (Monday) to 7 (Sunday). */
export function isoDayOfWeek(parts: DateParts): number {
  return parts.dayOfWeek === 1 ? 7 : parts.dayOfWeek - 1;
}

/** ISO 8601 week-numbering year and week (1-53). */
export function isoWeek(parts: DateParts): { isoWeekYear: number; isoWeek: number } {
  // the ISO week belongs to the year of its Thursday
  const thursday = utcMillis(parts.year, parts.month, parts.day) + (4 - isoDayOfWeek(parts)) * DAY;
  const isoWeekYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - utcMillis(isoWeekYear, 1, 1)) / DAY / 7) + 1;
  return { isoWeekYear, isoWeek: week };
}

/** `$week` / `%U`: weeks start on Sunday; days before the year's first Sunday are week 0. */
export function sundayWeek(parts: DateParts): number {
  return Math.floor((parts.dayOfYear - 1 + 7 - (parts.dayOfWeek - 1)) / 7);
}

/** Local milliseconds of Monday of ISO week `week` of `isoYear`, plus `dayOfWeek - 1` days. */
export function fromIsoWeek(isoYear: number, week: number, dayOfWeek: number): number {
  const jan4 = utcMillis(isoYear, 1, 4);
  const jan4Dow = ((new Date(jan4).getUTCDay() + 6) % 7) + 1;
  const mondayWeek1 = jan4 - (jan4Dow - 1) * DAY;
  return mondayWeek1 + (week - 1) * 7 * DAY + (dayOfWeek - 1) * DAY;
}

/** Days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}
