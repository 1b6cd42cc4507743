/** The payload families the security engine knows. */
export type PayloadSet =
  | "nosql"
  | "sql"
  | "xss"
  | "path-traversal"
  | "command-injection"
  | "unicode"
  | "oversized"
  | "prototype-pollution";

/** One hostile value. `merge` payloads are added as keys of an object instead of replacing a value. */
export interface Payload {
  set: PayloadSet;
  label: string;
  value: unknown;
  placement: "value" | "merge";
}

/** Marker key the prototype-pollution payloads try to plant on Object.prototype. */
export const POLLUTION_MARKER = "dataBridgeFuzzPolluted";

const value = (set: PayloadSet, label: string, v: unknown): Payload => ({
  set,
  label,
  value: v,
  placement: "value",
});
/** A payload whose value is built on first use, so importing the framework stays cheap. */
function lazy(set: PayloadSet, label: string, make: () => unknown): Payload {
  let made: { value: unknown } | undefined;
  return {
    set,
    label,
    placement: "value",
    get value() {
      made ??= { value: make() };
      return made.value;
    },
  };
}

const strings = (set: PayloadSet, list: string[]): Payload[] => list.map((s) => value(set, s, s));

// JSON.parse keeps "__proto__" as an own key; an object literal would set the prototype instead.
const pollution = (label: string, json: string): Payload => ({
  set: "prototype-pollution",
  label,
  value: JSON.parse(json),
  placement: "merge",
});

/** Every built-in payload, by set. */
export const PAYLOADS: Record<PayloadSet, readonly Payload[]> = {
  nosql: [
    value("nosql", '{"$ne": null}', { $ne: null }),
    value("nosql", '{"$gt": ""}', { $gt: "" }),
    value("nosql", '{"$regex": ".*"}', { $regex: ".*" }),
    value("nosql", '{"$exists": true}', { $exists: true }),
    value("nosql", '{"$nin": []}', { $nin: [] }),
    value("nosql", '{"$where": "1 == 1"}', { $where: "1 == 1" }),
    value("nosql", "'; return true; var x='", "'; return true; var x='"),
  ],
  sql: strings("sql", [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "admin'--",
    "1; DROP TABLE users",
    "' UNION SELECT NULL--",
  ]),
  xss: strings("xss", [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)>",
  ]),
  "path-traversal": strings("path-traversal", [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd\u0000.png",
  ]),
  "command-injection": strings("command-injection", [
    "; cat /etc/passwd",
    "| id",
    "`id`",
    "$(id)",
    "&& whoami",
  ]),
  unicode: strings("unicode", [
    "\u0000",
    "\uFEFF",
    "\uD800",
    "\u202Eevil",
    "Ａｄｍｉｎ",
    "e\u0301",
    "👨‍👩‍👧",
    "𝕏".repeat(64),
  ]),
  oversized: [
    lazy("oversized", "string of 1 MiB", () => "A".repeat(1 << 20)),
    value("oversized", "1e308", 1e308),
    value("oversized", "-1e308", -1e308),
    value("oversized", "2^53 + 2", 2 ** 53 + 2),
    value(
      "oversized",
      "array of 10000 items",
      Array.from({ length: 10_000 }, (_, i) => i),
    ),
    value("oversized", "object nested 500 deep", nested(500)),
  ],
  "prototype-pollution": [
    pollution('"__proto__" key', `{"__proto__": {"${POLLUTION_MARKER}": true}}`),
    pollution(
      '"constructor.prototype" keys',
      `{"constructor": {"prototype": {"${POLLUTION_MARKER}": true}}}`,
    ),
  ],
};

/** Every set name, in a stable order. */
export const PAYLOAD_SETS = Object.keys(PAYLOADS) as PayloadSet[];

/** Sets whose success means the backend ran the payload as a query: checked against a control request. */
export const INJECTION_SETS: ReadonlySet<PayloadSet> = new Set(["nosql", "sql"]);

function nested(depth: number): unknown {
  let node: unknown = "deep";
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}

/** Thrown for an unknown payload set name. */
export class PayloadSetError extends Error {
  override name = "PayloadSetError";
}

/** The payloads of the named sets (all sets when `sets` is omitted). */
export function payloadsFor(sets: readonly PayloadSet[] = PAYLOAD_SETS): Payload[] {
  return sets.flatMap((set) => {
    const list = PAYLOADS[set];
    if (!list) throw new PayloadSetError(`unknown payload set "${set}"; known: ${PAYLOAD_SETS.join(", ")}`);
    return list;
  });
}
