import { fail } from "../errors.ts";

const VALID_OPTIONS = new Set(["i", "m", "s", "x"]);

/** Drops unescaped whitespace and `#` comments outside character classes (PCRE's extended mode). */
function stripExtended(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "#") {
      while (i < pattern.length && pattern[i] !== "\n") i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

/** Rewrites the PCRE anchors JS lacks: `\A` (start), `\z` (end), `\Z` (end or before a final newline). */
function translateAnchors(pattern: string): string {
  return pattern.replace(/\\(\\|A|z|Z)/g, (m, c: string) => {
    if (c === "A") return "(?<![\\s\\S])";
    if (c === "z") return "(?![\\s\\S])";
    if (c === "Z") return "(?=\\n?(?![\\s\\S]))";
    return m;
  });
}

/**
 * Compiles a MongoDB (PCRE) regular expression with its options (`i`, `m`, `s`, `x`) into a JS RegExp.
 * Leading inline flags like `(?i)` become RegExp flags. Throws mongod's errors for invalid options (51108)
 * and invalid patterns (51091).
 *
 * @example compileRegex("^a b", "ix").test("AB") // true
 */
export function compileRegex(pattern: string, options: string): RegExp {
  if (pattern.includes("\0")) fail(51109, "Regular expression cannot contain an embedded null byte");
  let flags = "";
  for (const flag of options) {
    if (!VALID_OPTIONS.has(flag)) fail(51108, `invalid flag in regex options: ${flag}`);
    if (flag !== "x" && !flags.includes(flag)) flags += flag;
  }
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]!) if (flag !== "x" && !flags.includes(flag)) flags += flag;
  }
  if (options.includes("x") || inline?.[1]?.includes("x")) source = stripExtended(source);
  source = translateAnchors(source);
  try {
    return new RegExp(source, flags + "u");
  } catch {
    try {
      return new RegExp(source, flags);
    } catch (e) {
      fail(51091, `Regular expression is invalid: ${(e as Error).message}`);
    }
  }
}
