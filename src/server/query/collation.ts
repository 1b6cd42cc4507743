import { fail } from "../errors.ts";

/** A MongoDB collation document (`{ locale, strength, caseLevel, numericOrdering, ... }`). */
export interface Collation {
  locale: string;
  strength?: number;
  caseLevel?: boolean;
  caseFirst?: "upper" | "lower" | "off";
  numericOrdering?: boolean;
  alternate?: "non-ignorable" | "shifted";
  maxVariable?: "punct" | "space";
  backwards?: boolean;
  normalization?: boolean;
}

/** Compares two strings (negative, zero, positive). */
export type StringComparator = (a: string, b: string) => number;

const cache = new Map<string, StringComparator>();
const KNOWN_FIELDS = new Set([
  "locale",
  "strength",
  "caseLevel",
  "caseFirst",
  "numericOrdering",
  "alternate",
  "maxVariable",
  "backwards",
  "normalization",
  "version",
]);

function sensitivityFor(strength: number, caseLevel: boolean): "base" | "accent" | "case" | "variant" {
  if (strength === 1) return caseLevel ? "case" : "base";
  if (strength === 2) return caseLevel ? "variant" : "accent";
  return "variant";
}

/**
 * The string comparator of a collation (built once per distinct collation with `Intl.Collator`), or
 * undefined for no collation / `locale: "simple"`, which means binary (code point) order.
 * Implements strength 1-3 (4 and 5 behave as 3), caseLevel, caseFirst, numericOrdering and
 * alternate "shifted" (as ignorePunctuation).
 *
 * @example collatorFor({ locale: "en", strength: 2 })!("a", "A") // 0
 */
export function collatorFor(collation: Collation | undefined | null): StringComparator | undefined {
  if (collation === undefined || collation === null) return undefined;
  if (typeof collation !== "object") fail("FailedToParse", "collation must be an object");
  for (const key of Object.keys(collation)) {
    if (!KNOWN_FIELDS.has(key)) fail("FailedToParse", `unknown field '${key}' in collation`);
  }
  const { locale } = collation;
  if (typeof locale !== "string") fail("FailedToParse", "Missing required field 'locale' in collation");
  if (locale === "simple") return undefined;
  const strength = collation.strength === undefined ? 3 : Number(collation.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) {
    fail("FailedToParse", `Field 'strength' must be an integer 1 through 5. Got: ${collation.strength}`);
  }
  const key = JSON.stringify([
    locale,
    strength,
    collation.caseLevel ?? false,
    collation.caseFirst ?? "off",
    collation.numericOrdering ?? false,
    collation.alternate ?? "non-ignorable",
  ]);
  let compare = cache.get(key);
  if (compare === undefined) {
    if (Intl.Collator.supportedLocalesOf([locale.replace(/_/g, "-")]).length === 0 && locale !== "root") {
      fail("BadValue", `Field 'locale' is invalid in: { locale: "${locale}" }`);
    }
    const collator = new Intl.Collator(locale === "root" ? "und" : locale.replace(/_/g, "-"), {
      usage: "sort",
      sensitivity: sensitivityFor(strength, collation.caseLevel === true),
      numeric: collation.numericOrdering === true,
      caseFirst:
        collation.caseFirst === "upper" || collation.caseFirst === "lower" ? collation.caseFirst : "false",
      ignorePunctuation: collation.alternate === "shifted",
    });
    compare = collator.compare;
    cache.set(key, compare);
  }
  return compare;
}
