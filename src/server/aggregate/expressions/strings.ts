import { Int32 } from "bson";
import { fail } from "../../errors.ts";
import { isNumber, type NumericValue, toDouble } from "../../query/numbers.ts";
import type { Evaluator, ExpressionCompiler, OperatorCompiler } from "../expression.ts";
import { formatValue } from "../format.ts";
import { int32Value, isDocument, isNullish, typeName } from "../values.ts";
import { fixedOperands, indexBounds, namedArguments, rangedOperands, variadicOperands } from "./args.ts";
import { compileRegex } from "../../query/regex.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MINUS_ONE = new Int32(-1);
const SURROGATE = /[\uD800-\uDFFF]/;

/** Default characters of `$trim`: whitespace as mongod defines it (incl. NUL and Unicode spaces). */
const WHITESPACE = new Set(
  [0, 0x20, 9, 10, 11, 12, 13, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000].concat(
    Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  ),
);

/**
 * A value as a string the way mongod's `coerceToString` does (`$substr`, `$toLower`, `$strcasecmp`):
 * null/missing become "", numbers, dates and timestamps are printed; other types are errors.
 */
export function coerceToString(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (isNullish(value)) return "";
  if (isNumber(value)) return String(value);
  if (value instanceof Date) return value.toISOString();
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === "BSONSymbol" || tag === "Code")
    return String((value as { value?: string; code?: string }).value ?? (value as { code: string }).code);
  if (tag === "Timestamp") {
    const ts = value as { t: number; i: number };
    return `Timestamp(${ts.t}, ${ts.i})`;
  }
  return fail(16007, `can't convert from BSON type ${typeName(value)} to String in ${name}`);
}

/** Number of code points of a string. */
export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** UTF-16 offset of the code point with index `cp` (or the string length when past the end). */
function utf16Offset(s: string, cp: number): number {
  let offset = 0;
  for (let i = 0; i < cp && offset < s.length; i++) {
    const code = s.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}

function asciiCase(s: string, upper: boolean): string {
  return upper ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function requireString(value: unknown, code: number, message: string): string {
  if (typeof value !== "string") fail(code, `${message}${typeName(value)}`);
  return value;
}

/**
 * `$substrBytes`/`$substrCP`: the input coerced to a string, numeric start and length checked
 * (`codes` for non-numeric start and length), then `slice` does the unit-specific work.
 */
function substring(
  codes: [start: number, length: number],
  slice: (s: string, start: NumericValue, length: NumericValue, name: string) => string,
): OperatorCompiler {
  return (args, c, name) => {
    const [input, start, length] = fixedOperands(args, c, name, 3) as [Evaluator, Evaluator, Evaluator];
    return (doc, vars) => {
      const s = coerceToString(input(doc, vars), name);
      const lower = start(doc, vars);
      const len = length(doc, vars);
      if (!isNumber(lower)) {
        fail(codes[0], `${name}: starting index must be a numeric type (is BSON type ${typeName(lower)})`);
      }
      if (!isNumber(len))
        fail(codes[1], `${name}: length must be a numeric type (is BSON type ${typeName(len)})`);
      return slice(s, lower, len, name);
    };
  };
}

function sliceBytes(s: string, start: NumericValue, length: NumericValue, name: string): string {
  const from = Math.trunc(toDouble(start));
  if (from < 0) fail(50752, `${name}: starting index must be non-negative (got: ${from})`);
  const bytes = encoder.encode(s);
  if (from >= bytes.length) return "";
  const count = Math.trunc(toDouble(length));
  const to = count < 0 || from + count > bytes.length ? bytes.length : from + count;
  if ((bytes[from]! & 0xc0) === 0x80) {
    fail(28656, `${name}:  Invalid range, starting index is a UTF-8 continuation byte.`);
  }
  if (to < bytes.length && (bytes[to]! & 0xc0) === 0x80) {
    fail(28657, `${name}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
  }
  return decoder.decode(bytes.subarray(from, to));
}

function sliceCodePoints(s: string, start: NumericValue, length: NumericValue, name: string): string {
  const from = int32Value(start);
  if (from === undefined) {
    fail(
      34451,
      `${name}: starting index cannot be represented as a 32-bit integral value: ${formatValue(start)}`,
    );
  }
  const count = int32Value(length);
  if (count === undefined) {
    fail(34453, `${name}: length cannot be represented as a 32-bit integral value: ${formatValue(length)}`);
  }
  if (count < 0) fail(34454, `${name}: length must be a nonnegative integer.`);
  if (from < 0) fail(34455, `${name}: the starting index must be nonnegative integer.`);
  if (!SURROGATE.test(s)) return s.substr(from, count);
  const begin = utf16Offset(s, from);
  return s.slice(begin, begin + utf16Offset(s.slice(begin), count));
}

const substrBytes = substring([16034, 16035], sliceBytes);

function indexOf(unit: "bytes" | "cp"): OperatorCompiler {
  return (args, c, name) => {
    const [input, search, start, end] = rangedOperands(args, c, name, 2, 4) as [
      Evaluator,
      Evaluator,
      Evaluator | undefined,
      Evaluator | undefined,
    ];
    return (doc, vars) => {
      const s = input(doc, vars);
      if (isNullish(s)) return null;
      const codes = unit === "bytes" ? [40091, 40092] : [40093, 40094];
      requireString(s, codes[0]!, `${name} requires a string as the first argument, found: `);
      const needle = requireString(
        search(doc, vars),
        codes[1]!,
        `${name} requires a string as the second argument, found: `,
      );
      if (unit === "bytes") {
        const hay = Buffer.from(s as string, "utf8");
        const [from, to] = indexBounds(name, start?.(doc, vars), end?.(doc, vars), hay.length);
        if (from > hay.length || from > to) return MINUS_ONE;
        const at = hay.subarray(0, to).indexOf(Buffer.from(needle, "utf8"), from);
        return new Int32(at);
      }
      const str = s as string;
      const simple = !SURROGATE.test(str) && !SURROGATE.test(needle);
      const length = simple ? str.length : codePointLength(str);
      const [from, to] = indexBounds(name, start?.(doc, vars), end?.(doc, vars), length);
      if (from > length || from > to) return MINUS_ONE;
      if (simple) {
        const at = str.slice(0, to).indexOf(needle, from);
        return new Int32(at);
      }
      const points = Array.from(str).slice(0, to);
      const target = Array.from(needle);
      outer: for (let i = from; i + target.length <= points.length; i++) {
        for (let j = 0; j < target.length; j++) if (points[i + j] !== target[j]) continue outer;
        return new Int32(i);
      }
      return MINUS_ONE;
    };
  };
}

function trim(left: boolean, right: boolean): OperatorCompiler {
  return (args, c, name) => {
    if (!isDocument(args))
      fail(50696, `${name} only supports an object as an argument, found: ${typeName(args)}`);
    for (const key of Object.keys(args)) {
      if (key !== "input" && key !== "chars") fail(50694, `${name} found an unknown argument: ${key}`);
    }
    if (args.input === undefined) fail(50695, `${name} requires an 'input' field`);
    const input = c.compile(args.input);
    const chars = args.chars === undefined ? undefined : c.compile(args.chars);
    return (doc, vars) => {
      const s = input(doc, vars);
      if (isNullish(s)) return null;
      if (typeof s !== "string")
        fail(
          50699,
          `${name} requires its input to be a string, got ${formatValue(s)} (of type ${typeName(s)}) instead.`,
        );
      let set = WHITESPACE;
      if (chars) {
        const given = chars(doc, vars);
        if (isNullish(given)) return null;
        if (typeof given !== "string")
          fail(
            50700,
            `${name} requires 'chars' to be a string, got ${formatValue(given)} (of type ${typeName(given)}) instead.`,
          );
        set = new Set(Array.from(given, (ch) => ch.codePointAt(0)!));
      }
      const points = Array.from(s);
      let from = 0;
      let to = points.length;
      if (left) while (from < to && set.has(points[from]!.codePointAt(0)!)) from++;
      if (right) while (to > from && set.has(points[to - 1]!.codePointAt(0)!)) to--;
      return from === 0 && to === points.length ? s : points.slice(from, to).join("");
    };
  };
}

function compileRegexArguments(args: unknown, c: ExpressionCompiler, name: string, global: boolean) {
  if (!isDocument(args))
    fail(51103, `${name} expects an object of named arguments but found: ${typeName(args)}`);
  for (const key of Object.keys(args)) {
    if (key !== "input" && key !== "regex" && key !== "options")
      fail(31024, `${name} found an unknown field: ${key}`);
  }
  if (args.input === undefined) fail(31022, `${name} requires 'input' parameter`);
  if (args.regex === undefined) fail(31023, `${name} requires 'regex' parameter`);
  const input = c.compile(args.input);
  const regexExpr = c.compile(args.regex);
  const optionsExpr = args.options === undefined ? undefined : c.compile(args.options);
  const cache = new Map<string, RegExp>();
  const regex: Evaluator = (doc, vars) => {
    const r = regexExpr(doc, vars);
    const o = optionsExpr?.(doc, vars);
    if (isNullish(r)) return null;
    let pattern: string;
    let options = "";
    if (typeof r === "string") pattern = r;
    else if ((r as { _bsontype?: string })._bsontype === "BSONRegExp") {
      pattern = (r as { pattern: string }).pattern;
      options = (r as { options: string }).options;
    } else if (r instanceof RegExp) {
      pattern = r.source;
      options = r.flags;
    } else return fail(51105, `${name} needs 'regex' to be of type string or regex`);
    if (!isNullish(o)) {
      if (typeof o !== "string") fail(51106, `${name} needs 'options' to be of type string`);
      if (options !== "" && o !== "")
        fail(51107, `${name} found regex option(s) specified in both 'regex' and 'option' fields`);
      options = o;
    }
    const key = `${options}/${pattern}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compileRegex(pattern, options);
      if (global) compiled = new RegExp(compiled.source, compiled.flags + "g");
      if (cache.size < 64) cache.set(key, compiled);
    }
    return compiled;
  };
  return { input, regex };
}

function regexInput(value: unknown, name: string): string | null {
  if (isNullish(value)) return null;
  if (typeof value !== "string") fail(51104, `${name} needs 'input' to be of type string`);
  return value;
}

function matchResult(s: string, m: RegExpExecArray): Record<string, unknown> {
  return {
    match: m[0],
    idx: new Int32(codePointLength(s.slice(0, m.index))),
    captures: m.slice(1).map((g) => (g === undefined ? null : g)),
  };
}

function replace(all: boolean): OperatorCompiler {
  return (args, c, name) => {
    const spec = namedArguments(args, name, ["input", "find", "replacement"], [], [51751, 51750, 51749]);
    const input = c.compile(spec.input);
    const find = c.compile(spec.find);
    const replacement = c.compile(spec.replacement);
    return (doc, vars) => {
      const s = input(doc, vars);
      const f = find(doc, vars);
      const r = replacement(doc, vars);
      const check = (v: unknown, what: string, code: number) => {
        if (!isNullish(v) && typeof v !== "string")
          fail(code, `${name} requires that '${what}' be a string, found: ${formatValue(v)}`);
      };
      check(s, "input", 51746);
      check(f, "find", 51745);
      check(r, "replacement", 51744);
      if (isNullish(s) || isNullish(f) || isNullish(r)) return null;
      const str = s as string;
      return all ? str.split(f as string).join(r as string) : str.replace(f as string, () => r as string);
    };
  };
}

/** String operators: concatenation, substrings (bytes and code points), case, search, trim, regex, replace. */
export const stringOperators: Record<string, OperatorCompiler> = {
  $concat: (args, c) => {
    const operands = variadicOperands(args, c);
    return (doc, vars) => {
      let out = "";
      for (const operand of operands) {
        const v = operand(doc, vars);
        if (isNullish(v)) return null;
        if (typeof v !== "string") fail(16702, `$concat only supports strings, not ${typeName(v)}`);
        out += v;
      }
      return out;
    };
  },

  $substr: substrBytes,
  $substrBytes: substrBytes,

  $substrCP: substring([34450, 34452], sliceCodePoints),

  $toLower: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => asciiCase(coerceToString(input(doc, vars), name), false);
  },

  $toUpper: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => asciiCase(coerceToString(input(doc, vars), name), true);
  },

  $strLenBytes: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const s = requireString(input(doc, vars), 34473, "$strLenBytes requires a string argument, found: ");
      return new Int32(Buffer.byteLength(s, "utf8"));
    };
  },

  $strLenCP: (args, c, name) => {
    const [input] = fixedOperands(args, c, name, 1) as [Evaluator];
    return (doc, vars) => {
      const s = requireString(input(doc, vars), 34471, "$strLenCP requires a string argument, found: ");
      return new Int32(codePointLength(s));
    };
  },

  $strcasecmp: (args, c, name) => {
    const [left, right] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const a = asciiCase(coerceToString(left(doc, vars), name), false);
      const b = asciiCase(coerceToString(right(doc, vars), name), false);
      return new Int32(a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b)));
    };
  },

  $split: (args, c, name) => {
    const [input, delimiter] = fixedOperands(args, c, name, 2) as [Evaluator, Evaluator];
    return (doc, vars) => {
      const s = input(doc, vars);
      const d = delimiter(doc, vars);
      if (isNullish(s) || isNullish(d)) return null;
      requireString(
        s,
        40085,
        "$split requires an expression that evaluates to a string as a first argument, found: ",
      );
      requireString(
        d,
        40086,
        "$split requires an expression that evaluates to a string as a second argument, found: ",
      );
      if (d === "") fail(40087, "$split requires a non-empty separator");
      return (s as string).split(d as string);
    };
  },

  $trim: trim(true, true),
  $ltrim: trim(true, false),
  $rtrim: trim(false, true),

  $indexOfBytes: indexOf("bytes"),
  $indexOfCP: indexOf("cp"),

  $regexMatch: (args, c, name) => {
    const { input, regex } = compileRegexArguments(args, c, name, false);
    return (doc, vars) => {
      const s = regexInput(input(doc, vars), name);
      const re = regex(doc, vars) as RegExp | null;
      return s !== null && re?.test(s) === true;
    };
  },

  $regexFind: (args, c, name) => {
    const { input, regex } = compileRegexArguments(args, c, name, false);
    return (doc, vars) => {
      const s = regexInput(input(doc, vars), name);
      const re = regex(doc, vars) as RegExp | null;
      if (s === null || re === null) return null;
      const m = re.exec(s);
      return m === null ? null : matchResult(s, m);
    };
  },

  $regexFindAll: (args, c, name) => {
    const { input, regex } = compileRegexArguments(args, c, name, true);
    return (doc, vars) => {
      const s = regexInput(input(doc, vars), name);
      const re = regex(doc, vars) as RegExp | null;
      if (s === null || re === null) return [];
      const out: Record<string, unknown>[] = [];
      re.lastIndex = 0;
      for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        out.push(matchResult(s, m));
        if (m[0] === "") re.lastIndex += (s.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      }
      return out;
    };
  },

  $replaceOne: replace(false),
  $replaceAll: replace(true),
};
