import { type Document, Int32, Long } from "bson";
import { CommandError, fail } from "../../errors.ts";
import { isNumber } from "../../query/numbers.ts";
import type { Evaluator, ExpressionCompiler, OperatorCompiler } from "../expression.ts";
import { formatValue } from "../format.ts";
import { integerValue, isDocument, isNullish, typeName } from "../values.ts";
import { fixedOperands, namedArguments } from "./args.ts";
import {
  DAY,
  type DateParts,
  daysInMonth,
  fromIsoWeek,
  isoDayOfWeek,
  isoWeek,
  partsOf,
  sundayWeek,
  utcMillis,
} from "./calendar.ts";
import { compileDateFormat, type DateFormatter, DEFAULT_FORMAT, parseDateString } from "./date-format.ts";
import { fromLocal, parseTimeZone, type TimeZone, toLocal, UTC } from "./timezone.ts";

type ZoneEvaluator = (doc: Document, vars: Document) => TimeZone | null;

/** Milliseconds of a value usable as a date (Date, Timestamp, ObjectId); undefined otherwise. */
export function dateMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  switch ((value as { _bsontype?: string } | null)?._bsontype) {
    case "Timestamp":
      return (value as { t: number }).t * 1000;
    case "ObjectId":
      return (value as { getTimestamp(): Date }).getTimestamp().getTime();
    default:
      return undefined;
  }
}

function requireDate(value: unknown): number {
  const ms = dateMillis(value);
  if (ms === undefined) fail(16006, `can't convert from BSON type ${typeName(value)} to Date`);
  return ms;
}

/** Compiles a `timezone` argument; constant zones are parsed once. */
export function compileTimeZone(expr: unknown, c: ExpressionCompiler): ZoneEvaluator {
  if (expr === undefined) return () => UTC;
  const constant = c.constant(expr);
  const toZone = (v: unknown): TimeZone | null => {
    if (isNullish(v)) return null;
    if (typeof v !== "string") fail(40517, `timezone must evaluate to a string, found ${typeName(v)}`);
    return parseTimeZone(v);
  };
  if (constant) {
    const zone = toZone(constant.value);
    return () => zone;
  }
  const evaluate = c.compile(expr);
  return (doc, vars) => toZone(evaluate(doc, vars));
}

/** `{ $year: date }`, `{ $year: [date] }` or `{ $year: { date, timezone } }`. */
function datePart(extract: (parts: DateParts) => number): OperatorCompiler {
  return (args, c, name) => {
    let dateExpr: unknown = args;
    let zoneExpr: unknown;
    if (isDocument(args) && !Object.keys(args)[0]?.startsWith("$")) {
      const spec = namedArguments(args, name, ["date"], ["timezone"], [40521, 40535, 40539]);
      dateExpr = spec.date;
      zoneExpr = spec.timezone;
    } else if (Array.isArray(args)) {
      if (args.length !== 1)
        fail(40536, `${name} accepts exactly one argument if given an array, but was given ${args.length}`);
      dateExpr = args[0];
    }
    const date = c.compile(dateExpr);
    const zone = compileTimeZone(zoneExpr, c);
    return (doc, vars) => {
      const v = date(doc, vars);
      const z = zone(doc, vars);
      if (isNullish(v) || z === null) return null;
      const ms = requireDate(v);
      return new Int32(extract(partsOf(toLocal(ms, z))));
    };
  };
}

const UNITS = ["year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond"] as const;
/** A calendar or time unit of `$dateAdd`/`$dateDiff`/`$dateTrunc`. */
export type DateUnit = (typeof UNITS)[number];
type Unit = DateUnit;
const FIXED_UNIT_MS: Partial<Record<Unit, number>> = {
  week: 7 * DAY,
  day: DAY,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
};
const MONTHS_PER_UNIT: Partial<Record<Unit, number>> = { year: 12, quarter: 3, month: 1 };
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function toUnit(v: unknown, name: string): Unit {
  if (typeof v !== "string") fail(5439013, `${name} requires 'unit' to be a string, but got ${typeName(v)}`);
  if (!(UNITS as readonly string[]).includes(v)) fail(9, `unknown time unit value: ${v}`);
  return v as Unit;
}

/** 0 (Sunday) to 6 (Saturday) from a day name or its 3-letter abbreviation. */
function toWeekday(v: unknown, name: string): number {
  const text = typeof v === "string" ? v.toLowerCase() : "";
  const index = WEEKDAYS.findIndex((d) => d === text || d.slice(0, 3) === text);
  if (index === -1)
    fail(
      5439015,
      `${name} parameter 'startOfWeek' value cannot be recognized as a day of a week: ${formatValue(v)}`,
    );
  return index;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Adds `amount` units to an instant; calendar units and days move in local time with day-of-month clamping. */
export function addToDate(ms: number, unit: Unit, amount: number, zone: TimeZone): number {
  const months = MONTHS_PER_UNIT[unit];
  if (months === undefined) {
    const step = FIXED_UNIT_MS[unit]!;
    if (step < DAY) return ms + amount * step;
    return fromLocal(toLocal(ms, zone) + amount * step, zone);
  }
  const p = partsOf(toLocal(ms, zone));
  const total = p.year * 12 + (p.month - 1) + amount * months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(p.day, daysInMonth(year, month));
  return fromLocal(utcMillis(year, month, day, p.hour, p.minute, p.second, p.millisecond), zone);
}

function weekStartDay(local: number, startOfWeek: number): number {
  const day = floorDiv(local, DAY);
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return day - ((dow - startOfWeek + 7) % 7);
}

/** Number of unit boundaries between two instants (`$dateDiff`). */
export function dateDifference(
  start: number,
  end: number,
  unit: Unit,
  zone: TimeZone,
  startOfWeek: number,
): number {
  const a = toLocal(start, zone);
  const b = toLocal(end, zone);
  const months = MONTHS_PER_UNIT[unit];
  if (months !== undefined) {
    const pa = partsOf(a);
    const pb = partsOf(b);
    const ma = pa.year * 12 + pa.month - 1;
    const mb = pb.year * 12 + pb.month - 1;
    return floorDiv(mb, months) - floorDiv(ma, months);
  }
  if (unit === "week") return (weekStartDay(b, startOfWeek) - weekStartDay(a, startOfWeek)) / 7;
  if (unit === "millisecond") return end - start;
  const step = FIXED_UNIT_MS[unit]!;
  return floorDiv(b, step) - floorDiv(a, step);
}

const REFERENCE = utcMillis(2000, 1, 1);

/** Start of the `binSize`-unit bin holding an instant, bins counted from 2000-01-01 local time (`$dateTrunc`). */
export function truncateDate(
  ms: number,
  unit: Unit,
  binSize: number,
  zone: TimeZone,
  startOfWeek: number,
): number {
  const local = toLocal(ms, zone);
  const months = MONTHS_PER_UNIT[unit];
  if (months !== undefined) {
    const p = partsOf(local);
    const bin = months * binSize;
    const total = floorDiv((p.year - 2000) * 12 + p.month - 1, bin) * bin;
    const year = 2000 + Math.floor(total / 12);
    return fromLocal(utcMillis(year, total - (year - 2000) * 12 + 1, 1), zone);
  }
  const step = FIXED_UNIT_MS[unit]! * binSize;
  // 2000-01-01 was a Saturday (6)
  const reference = unit === "week" ? REFERENCE + ((startOfWeek - 6 + 7) % 7) * DAY : REFERENCE;
  const truncated = reference + floorDiv(local - reference, step) * step;
  return FIXED_UNIT_MS[unit]! < DAY ? ms - (local - truncated) : fromLocal(truncated, zone);
}

function compileArg(spec: Document, key: string, c: ExpressionCompiler): Evaluator | undefined {
  return spec[key] === undefined ? undefined : c.compile(spec[key]);
}

function integralAmount(v: unknown, name: string): number {
  const n = isNumber(v) ? integerValue(v) : undefined;
  if (n === undefined) fail(5166402, `${name} expects integer amount of time units`);
  return n;
}

function dateArithmetic(sign: 1 | -1): OperatorCompiler {
  return (args, c, name) => {
    const spec = namedArguments(args, name, ["startDate", "unit", "amount"], ["timezone"]);
    const start = c.compile(spec.startDate);
    const unit = c.compile(spec.unit);
    const amount = c.compile(spec.amount);
    const zone = compileTimeZone(spec.timezone, c);
    return (doc, vars) => {
      const s = start(doc, vars);
      const u = unit(doc, vars);
      const a = amount(doc, vars);
      const z = zone(doc, vars);
      if (isNullish(s) || isNullish(u) || isNullish(a) || z === null) return null;
      const ms = dateMillis(s);
      if (ms === undefined) fail(5166403, `${name} requires startDate to be convertible to a date`);
      const result = addToDate(ms, toUnit(u, name), sign * integralAmount(a, name), z);
      if (!Number.isFinite(result) || Math.abs(result) > 8.64e15) fail(5166406, `${name} overflowed`);
      return new Date(result);
    };
  };
}

const PART_LIMITS: Record<string, [number, number]> = { year: [1, 9999], isoWeekYear: [1, 9999] };

function partValue(field: string, v: unknown): number {
  const n = isNumber(v) ? integerValue(v) : undefined;
  if (n === undefined)
    fail(40515, `'${field}' must evaluate to an integer, found ${typeName(v)} with value ${formatValue(v)}`);
  const [min, max] = PART_LIMITS[field] ?? [-32768, 32767];
  if (n < min || n > max) {
    if (PART_LIMITS[field])
      fail(40523, `'${field}' must evaluate to an integer in the range ${min} to ${max}, found ${n}`);
    fail(
      31034,
      `'${field}' must evaluate to a value in the range [${min}, ${max}]; value ${n} is not in range`,
    );
  }
  return n;
}

const NATURAL = ["year", "month", "day"];
const ISO = ["isoWeekYear", "isoWeek", "isoDayOfWeek"];
const TIME = ["hour", "minute", "second", "millisecond"];

/** Wraps conversion failures so `onError` can catch them. */
function onErrorWrapper(body: Evaluator, onError: Evaluator | undefined): Evaluator {
  if (onError === undefined) return body;
  return (doc, vars) => {
    try {
      return body(doc, vars);
    } catch (error) {
      if (error instanceof CommandError && error.code === 241) return onError(doc, vars);
      throw error;
    }
  };
}

/** `$tsSecond` / `$tsIncrement`: a Timestamp's seconds or increment, as Long. */
function timestampPart(part: "t" | "i"): OperatorCompiler {
  return (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const v = input(doc, vars);
      if (isNullish(v)) return null;
      if ((v as { _bsontype?: string })._bsontype !== "Timestamp") {
        fail(5687301, `${name} expects argument of type timestamp but received ${typeName(v)}`);
      }
      return Long.fromNumber((v as { t: number; i: number })[part]);
    };
  };
}

/** Date operators: parts extraction, formatting and parsing, construction and calendar arithmetic. */
export const dateOperators: Record<string, OperatorCompiler> = {
  $year: datePart((p) => p.year),
  $month: datePart((p) => p.month),
  $dayOfMonth: datePart((p) => p.day),
  $hour: datePart((p) => p.hour),
  $minute: datePart((p) => p.minute),
  $second: datePart((p) => p.second),
  $millisecond: datePart((p) => p.millisecond),
  $dayOfWeek: datePart((p) => p.dayOfWeek),
  $dayOfYear: datePart((p) => p.dayOfYear),
  $week: datePart(sundayWeek),
  $isoWeek: datePart((p) => isoWeek(p).isoWeek),
  $isoWeekYear: datePart((p) => isoWeek(p).isoWeekYear),
  $isoDayOfWeek: datePart(isoDayOfWeek),

  $dateToString: (args, c, name) => {
    const spec = namedArguments(
      args,
      name,
      ["date"],
      ["format", "timezone", "onNull"],
      [18629, 18534, 18628],
    );
    const date = c.compile(spec.date);
    const zone = compileTimeZone(spec.timezone, c);
    const onNull = compileArg(spec, "onNull", c);
    const constantFormat = spec.format === undefined ? { value: DEFAULT_FORMAT } : c.constant(spec.format);
    const formatExpr = constantFormat ? undefined : c.compile(spec.format);
    const fixedFormatter =
      constantFormat && typeof constantFormat.value === "string"
        ? compileDateFormat(constantFormat.value)
        : undefined;
    const formatters = new Map<string, DateFormatter>();
    return (doc, vars) => {
      let formatter = fixedFormatter;
      if (formatter === undefined) {
        const f = formatExpr ? formatExpr(doc, vars) : constantFormat?.value;
        if (isNullish(f)) return null;
        if (typeof f !== "string")
          fail(
            18533,
            `${name} requires that 'format' be a string, found: ${typeName(f)} with value ${formatValue(f)}`,
          );
        formatter = formatters.get(f);
        if (formatter === undefined) {
          formatter = compileDateFormat(f);
          if (formatters.size < 64) formatters.set(f, formatter);
        }
      }
      const v = date(doc, vars);
      if (isNullish(v)) return onNull ? onNull(doc, vars) : null;
      const z = zone(doc, vars);
      if (z === null) return null;
      return formatter(new Date(requireDate(v)), z);
    };
  },

  $dateFromString: (args, c, name) => {
    const spec = namedArguments(
      args,
      name,
      ["dateString"],
      ["format", "timezone", "onError", "onNull"],
      [40540, 40541, 40542],
    );
    const input = c.compile(spec.dateString);
    const format = compileArg(spec, "format", c);
    const zone = spec.timezone === undefined ? undefined : compileTimeZone(spec.timezone, c);
    const onNull = compileArg(spec, "onNull", c);
    const onError = compileArg(spec, "onError", c);
    const body: Evaluator = (doc, vars) => {
      const f = format?.(doc, vars);
      if (format && isNullish(f)) return null;
      if (f !== undefined && typeof f !== "string")
        fail(
          40684,
          `${name} requires that 'format' be a string, found: ${typeName(f)} with value ${formatValue(f)}`,
        );
      const z = zone?.(doc, vars);
      if (z === null) return null;
      const s = input(doc, vars);
      if (isNullish(s)) return onNull ? onNull(doc, vars) : null;
      if (typeof s !== "string")
        fail(
          "ConversionFailure",
          `${name} requires that 'dateString' be a string, found: ${typeName(s)} with value ${formatValue(s)}`,
        );
      return parseDateString(s, f as string | undefined, z);
    };
    return onErrorWrapper(body, onError);
  },

  $dateToParts: (args, c, name) => {
    const spec = namedArguments(args, name, ["date"], ["timezone", "iso8601"], [40524, 40520, 40522]);
    const date = c.compile(spec.date);
    const zone = compileTimeZone(spec.timezone, c);
    const iso = compileArg(spec, "iso8601", c);
    return (doc, vars) => {
      const v = date(doc, vars);
      const z = zone(doc, vars);
      if (isNullish(v) || z === null) return null;
      const useIso = iso?.(doc, vars);
      if (useIso !== undefined && typeof useIso !== "boolean")
        fail(40521, `iso8601 must evaluate to a bool, found ${typeName(useIso)}`);
      const p = partsOf(toLocal(requireDate(v), z));
      const time = {
        hour: new Int32(p.hour),
        minute: new Int32(p.minute),
        second: new Int32(p.second),
        millisecond: new Int32(p.millisecond),
      };
      if (useIso) {
        const w = isoWeek(p);
        return {
          isoWeekYear: new Int32(w.isoWeekYear),
          isoWeek: new Int32(w.isoWeek),
          isoDayOfWeek: new Int32(isoDayOfWeek(p)),
          ...time,
        };
      }
      return { year: new Int32(p.year), month: new Int32(p.month), day: new Int32(p.day), ...time };
    };
  },

  $dateFromParts: (args, c, name) => {
    if (!isDocument(args)) fail(40519, `${name} only supports an object as its argument`);
    const allowed = [...NATURAL, ...ISO, ...TIME, "timezone"];
    for (const key of Object.keys(args))
      if (!allowed.includes(key)) fail(40518, `Unrecognized argument to ${name}: ${key}`);
    const natural = NATURAL.some((k) => args[k] !== undefined);
    const iso = ISO.some((k) => args[k] !== undefined);
    if (natural && iso) fail(40489, `${name} does not allow mixing natural dates with ISO dates`);
    if (!natural && !iso) fail(40516, `${name} requires either 'year' or 'isoWeekYear' to be present`);
    if (natural && args.year === undefined) fail(40516, `${name} requires 'year' to be present`);
    if (iso && args.isoWeekYear === undefined) fail(40516, `${name} requires 'isoWeekYear' to be present`);
    const fields = [...(natural ? NATURAL : ISO), ...TIME];
    const evaluators = fields.map((f) => [f, compileArg(args, f, c)] as const);
    const zone = compileTimeZone(args.timezone, c);
    return (doc, vars) => {
      const values: Record<string, number> = {};
      for (const [field, evaluate] of evaluators) {
        if (evaluate === undefined) {
          values[field] =
            field === "month" || field === "day" || field === "isoWeek" || field === "isoDayOfWeek" ? 1 : 0;
          continue;
        }
        const v = evaluate(doc, vars);
        if (isNullish(v)) return null;
        values[field] = partValue(field, v);
      }
      const z = zone(doc, vars);
      if (z === null) return null;
      const time = ((values.hour! * 60 + values.minute!) * 60 + values.second!) * 1000 + values.millisecond!;
      const local = natural
        ? utcMillis(values.year!, values.month!, values.day!) + time
        : fromIsoWeek(values.isoWeekYear!, values.isoWeek!, values.isoDayOfWeek!) + time;
      return new Date(fromLocal(local, z));
    };
  },

  $tsSecond: timestampPart("t"),
  $tsIncrement: timestampPart("i"),

  $dateAdd: dateArithmetic(1),
  $dateSubtract: dateArithmetic(-1),

  $dateDiff: (args, c, name) => {
    const spec = namedArguments(args, name, ["startDate", "endDate", "unit"], ["timezone", "startOfWeek"]);
    const start = c.compile(spec.startDate);
    const end = c.compile(spec.endDate);
    const unit = c.compile(spec.unit);
    const zone = compileTimeZone(spec.timezone, c);
    const startOfWeek = compileArg(spec, "startOfWeek", c);
    return (doc, vars) => {
      const s = start(doc, vars);
      const e = end(doc, vars);
      const u = unit(doc, vars);
      const z = zone(doc, vars);
      if (isNullish(s) || isNullish(e) || isNullish(u) || z === null) return null;
      const sm = dateMillis(s);
      if (sm === undefined)
        fail(5439012, `${name} requires 'startDate' to be a date, but got ${typeName(s)}`);
      const em = dateMillis(e);
      if (em === undefined) fail(5439013, `${name} requires 'endDate' to be a date, but got ${typeName(e)}`);
      const week = startOfWeek ? startOfWeek(doc, vars) : "sunday";
      if (isNullish(week)) return null;
      return Long.fromNumber(dateDifference(sm, em, toUnit(u, name), z, toWeekday(week, name)));
    };
  },

  $dateTrunc: (args, c, name) => {
    const spec = namedArguments(args, name, ["date", "unit"], ["binSize", "timezone", "startOfWeek"]);
    const date = c.compile(spec.date);
    const unit = c.compile(spec.unit);
    const binSize = compileArg(spec, "binSize", c);
    const zone = compileTimeZone(spec.timezone, c);
    const startOfWeek = compileArg(spec, "startOfWeek", c);
    return (doc, vars) => {
      const d = date(doc, vars);
      const u = unit(doc, vars);
      const z = zone(doc, vars);
      const b = binSize ? binSize(doc, vars) : 1;
      if (isNullish(d) || isNullish(u) || isNullish(b) || z === null) return null;
      const ms = dateMillis(d);
      if (ms === undefined) fail(5439012, `${name} requires 'date' to be a date, but got ${typeName(d)}`);
      const size = typeof b === "number" ? b : isNumber(b) ? integerValue(b) : undefined;
      if (size === undefined || size <= 0)
        fail(5439017, `${name} requires 'binSize' to be a positive integer, but got value ${formatValue(b)}`);
      const week = startOfWeek ? startOfWeek(doc, vars) : "sunday";
      if (isNullish(week)) return null;
      return new Date(truncateDate(ms, toUnit(u, name), size, z, toWeekday(week, name)));
    };
  },
};
