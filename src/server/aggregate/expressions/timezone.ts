import { fail } from "../../errors.ts";

/** A time zone: a fixed offset or an IANA zone whose offset depends on the instant. */
export interface TimeZone {
  readonly name: string;
  /** Offset from UTC in milliseconds at the UTC instant `ms`. */
  offsetAt(ms: number): number;
}

const MINUTE = 60_000;
const cache = new Map<string, TimeZone>();

function fixed(name: string, offset: number): TimeZone {
  return { name, offsetAt: () => offset };
}

export const UTC: TimeZone = fixed("UTC", 0);

function ianaZone(name: string): TimeZone | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  } catch {
    return undefined;
  }
  const offsets = new Map<number, number>();
  return {
    name,
    offsetAt(ms) {
      // offsets change at most on whole minutes; cache per minute bucket of recently seen instants
      const bucket = Math.floor(ms / MINUTE);
      const cached = offsets.get(bucket);
      if (cached !== undefined) return cached;
      const parts: Record<string, string> = {};
      for (const p of format.formatToParts(new Date(bucket * MINUTE))) parts[p.type] = p.value;
      let year = Number(parts.year);
      if (parts.era === "BC" || parts.era === "B") year = 1 - year;
      const local = new Date(0);
      local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
      local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
      const offset = local.getTime() - bucket * MINUTE;
      if (offsets.size > 4096) offsets.clear();
      offsets.set(bucket, offset);
      return offset;
    },
  };
}

/**
 * Parses a MongoDB timezone argument: "UTC"/"GMT", an IANA name ("Europe/Paris"), or a fixed
 * offset "+hh", "+hhmm", "+hh:mm" (error 40485 otherwise).
 *
 * @example parseTimeZone("+05:30").offsetAt(0) // 19_800_000
 */
export function parseTimeZone(spec: string): TimeZone {
  const known = cache.get(spec);
  if (known) return known;
  let zone: TimeZone | undefined;
  const offset = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(spec);
  if (spec === "UTC" || spec === "GMT" || spec === "Z") zone = UTC;
  else if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    zone = fixed(spec, (offset[1] === "-" ? -minutes : minutes) * MINUTE);
  } else if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(spec)) zone = ianaZone(spec);
  if (zone === undefined) fail(40485, `unrecognized time zone identifier: "${spec}"`);
  if (cache.size < 1024) cache.set(spec, zone);
  return zone;
}

/** Local wall-clock milliseconds (as if UTC) of a UTC instant in a zone. */
export function toLocal(ms: number, zone: TimeZone): number {
  return ms + zone.offsetAt(ms);
}

/** The UTC instant of a local wall-clock time (as if UTC) in a zone; gaps resolve forward. */
export function fromLocal(local: number, zone: TimeZone): number {
  const first = zone.offsetAt(local);
  const guess = local - first;
  const second = zone.offsetAt(guess);
  return second === first ? guess : local - second;
}
