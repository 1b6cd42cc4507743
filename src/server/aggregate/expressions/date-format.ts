import { fail } from "../../errors.ts";
import {
  type DateParts,
  fromIsoWeek,
  isoDayOfWeek,
  isoWeek,
  partsOf,
  sundayWeek,
  utcMillis,
} from "./calendar.ts";
import { fromLocal, parseTimeZone, type TimeZone, UTC } from "./timezone.ts";

export const DEFAULT_FORMAT = "%Y-%m-%dT%H:%M:%S.%LZ";
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function offsetText(offsetMs: number, colon: boolean): string {
  const minutes = Math.round(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  return (minutes < 0 ? "-" : "+") + pad(Math.floor(abs / 60), 2) + (colon ? ":" : "") + pad(abs % 60, 2);
}

type Piece = string | ((parts: DateParts, offset: number) => string);

function yearText(year: number): string {
  if (year < 0 || year > 9999) {
    fail(
      18537,
      `Could not convert date to string: date component was outside the supported range of 0-9999: ${year}`,
    );
  }
  return pad(year, 4);
}

const SPECIFIERS: Record<string, Piece> = {
  d: (p) => pad(p.day, 2),
  G: (p) => yearText(isoWeek(p).isoWeekYear),
  H: (p) => pad(p.hour, 2),
  j: (p) => pad(p.dayOfYear, 3),
  L: (p) => pad(p.millisecond, 3),
  m: (p) => pad(p.month, 2),
  M: (p) => pad(p.minute, 2),
  S: (p) => pad(p.second, 2),
  w: (p) => String(p.dayOfWeek),
  u: (p) => String(isoDayOfWeek(p)),
  U: (p) => pad(sundayWeek(p), 2),
  V: (p) => pad(isoWeek(p).isoWeek, 2),
  Y: (p) => yearText(p.year),
  z: (_p, offset) => offsetText(offset, false),
  Z: (_p, offset) => {
    const minutes = Math.round(offset / 60_000);
    return (minutes < 0 ? "-" : "+") + Math.abs(minutes);
  },
  b: (p) => MONTHS[p.month - 1]!.slice(0, 3),
  B: (p) => MONTHS[p.month - 1]!,
  "%": "%",
};

/** A compiled `$dateToString` format: validated once, applied per date. */
export type DateFormatter = (date: Date, zone: TimeZone) => string;

/**
 * Compiles a `$dateToString` format string (`%Y-%m-%d` ...; errors 18535/18536 on bad specifiers).
 *
 * @example compileDateFormat("%Y")(new Date(0), UTC) // "1970"
 */
export function compileDateFormat(format: string): DateFormatter {
  const pieces: Piece[] = [];
  let literal = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      literal += ch;
      continue;
    }
    if (i + 1 >= format.length) fail(18535, "Unmatched '%' at end of format string");
    const spec = format[++i]!;
    const piece = SPECIFIERS[spec];
    if (piece === undefined) fail(18536, `Invalid format character '%${spec}' in format string`);
    if (typeof piece === "string") literal += piece;
    else {
      if (literal) pieces.push(literal);
      literal = "";
      pieces.push(piece);
    }
  }
  if (literal) pieces.push(literal);
  return (date, zone) => {
    const ms = date.getTime();
    const offset = zone.offsetAt(ms);
    const parts = partsOf(ms + offset);
    let out = "";
    for (const piece of pieces) out += typeof piece === "string" ? piece : piece(parts, offset);
    return out;
  };
}

/** Thrown (as a ConversionFailure) when `$dateFromString` cannot parse its input. */
function parseError(input: string, reason: string): never {
  return fail("ConversionFailure", `Error parsing date string '${input}'; ${reason}`);
}

interface ParsedFields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  dayOfYear?: number;
  isoWeekYear?: number;
  isoWeek?: number;
  isoDayOfWeek?: number;
  offset?: number;
  zone?: TimeZone;
}

const ISO_DATE =
  /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)|[A-Za-z]+\/[A-Za-z_/+-]+)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?()(Z)?$/;
const MONTH_NAME =
  /^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function monthFromName(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((m) => m.toLowerCase() === lower || m.toLowerCase().slice(0, 3) === lower);
  return index === -1 ? undefined : index + 1;
}

function zoneFromText(text: string): { offset?: number; zone?: TimeZone } {
  if (text === "Z") return { offset: 0 };
  if (/^[+-]/.test(text)) return { offset: parseTimeZone(text).offsetAt(0) };
  return { zone: parseTimeZone(text) };
}

/** Fields of an ISO_DATE / COMPACT_DATE match (same group layout: date, time, fraction, zone). */
function isoFields(m: RegExpExecArray): ParsedFields {
  const fields: ParsedFields = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0,
  };
  return m[8] ? { ...fields, ...zoneFromText(m[8]) } : fields;
}

function parseDefault(input: string): ParsedFields {
  const s = input.trim();
  const iso = ISO_DATE.exec(s) ?? COMPACT_DATE.exec(s);
  if (iso) return isoFields(iso);
  const m = MONTH_NAME.exec(s);
  const month = m ? monthFromName(m[1]!) : undefined;
  if (m && month !== undefined) {
    return {
      year: Number(m[3]),
      month,
      day: Number(m[2]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
  }
  return parseError(input, "no recognizable date format");
}

const NUMERIC_FIELDS: Record<string, [keyof ParsedFields, number, number]> = {
  Y: ["year", 4, 4],
  G: ["isoWeekYear", 4, 4],
  m: ["month", 1, 2],
  d: ["day", 1, 2],
  H: ["hour", 1, 2],
  M: ["minute", 1, 2],
  S: ["second", 1, 2],
  L: ["millisecond", 1, 3],
  j: ["dayOfYear", 1, 3],
  V: ["isoWeek", 1, 2],
  u: ["isoDayOfWeek", 1, 1],
};

function parseWithFormat(input: string, format: string): ParsedFields {
  const fields: ParsedFields = {};
  let pos = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      if (input[pos] !== ch) parseError(input, `format mismatch at '${input.slice(pos)}'`);
      pos++;
      continue;
    }
    if (i + 1 >= format.length) fail(18535, "Unmatched '%' at end of format string");
    const spec = format[++i]!;
    if (spec === "%") {
      if (input[pos] !== "%") parseError(input, "expected '%'");
      pos++;
      continue;
    }
    const numeric = NUMERIC_FIELDS[spec];
    if (numeric) {
      const [field, min, max] = numeric;
      const m = new RegExp(`^\\d{${min},${max}}`).exec(input.slice(pos));
      if (!m) parseError(input, `expected a number for %${spec}`);
      (fields as Record<string, number>)[field] =
        field === "millisecond" ? Number(m[0].padEnd(3, "0")) : Number(m[0]);
      pos += m[0].length;
    } else if (spec === "z" || spec === "Z") {
      const m = (spec === "z" ? /^([+-]\d{2}(?::?\d{2})?|Z)/ : /^[+-]\d+/).exec(input.slice(pos));
      if (!m) parseError(input, `expected a timezone offset for %${spec}`);
      fields.offset = spec === "Z" ? Number(m[0]) * 60_000 : (zoneFromText(m[0]).offset ?? 0);
      pos += m[0].length;
    } else if (spec === "b" || spec === "B") {
      const m = /^[A-Za-z]+/.exec(input.slice(pos));
      const month = m ? monthFromName(m[0]) : undefined;
      if (!m || month === undefined) parseError(input, "expected a month name");
      fields.month = month;
      pos += m[0].length;
    } else fail(18536, `Invalid format character '%${spec}' in format string`);
  }
  if (pos !== input.length) parseError(input, "trailing data");
  return fields;
}

/**
 * Parses a `$dateFromString` input (ISO 8601 and common forms, or the given format) in `zone`.
 * A string carrying its own offset or zone may not be combined with a `timezone` argument.
 */
export function parseDateString(input: string, format: string | undefined, zone: TimeZone | undefined): Date {
  const f = format === undefined ? parseDefault(input) : parseWithFormat(input, format);
  if (zone !== undefined && (f.offset !== undefined || f.zone !== undefined)) {
    fail(40554, "you cannot pass in a date/time string with GMT offset together with a timezone argument");
  }
  const hour = f.hour ?? 0;
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  const millisecond = f.millisecond ?? 0;
  if (hour > 24 || minute > 59 || second > 60) parseError(input, "time component out of range");
  let local: number;
  if (f.isoWeekYear !== undefined || f.isoWeek !== undefined) {
    local = fromIsoWeek(f.isoWeekYear ?? 1970, f.isoWeek ?? 1, f.isoDayOfWeek ?? 1);
    local += ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
  } else {
    const year = f.year ?? 1970;
    if (f.dayOfYear !== undefined) {
      local = utcMillis(year, 1, f.dayOfYear, hour, minute, second, millisecond);
    } else {
      const month = f.month ?? 1;
      const day = f.day ?? 1;
      if (month < 1 || month > 12 || day < 1 || day > 31) parseError(input, "date component out of range");
      local = utcMillis(year, month, day, hour, minute, second, millisecond);
      if (new Date(local).getUTCDate() !== day) parseError(input, "invalid day of month");
    }
  }
  if (f.offset !== undefined) return new Date(local - f.offset);
  return new Date(fromLocal(local, f.zone ?? zone ?? UTC));
}
