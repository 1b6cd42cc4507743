/**
 * BSON values are recognised by their `_bsontype` tag rather than `instanceof`, so values built by
 * another copy of the `bson` package (the driver's, the user's) compare and print the same.
 */
export interface BsonLike {
  readonly _bsontype: string;
}

/** True for any value carrying the bson package's `_bsontype` tag. */
export function isBson(value: unknown): value is BsonLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { _bsontype?: unknown })._bsontype === "string"
  );
}

/**
 * The comparable identity of a BSON value: two values are equal when their tag and key match.
 * Binary keeps its subtype so `Binary(0, x)` and `Binary(4, x)` differ.
 */
export function bsonKey(value: BsonLike): string {
  const v = value as BsonLike & {
    toHexString?: () => string;
    sub_type?: number;
    buffer?: Uint8Array;
    toString(): string;
    unsigned?: boolean;
  };
  switch (value._bsontype) {
    case "ObjectId":
      return v.toHexString ? v.toHexString() : String(v);
    case "Binary":
      return `${v.sub_type ?? 0}:${Buffer.from(v.buffer ?? new Uint8Array()).toString("base64")}`;
    case "Long":
      return `${v.unsigned ? "u" : ""}${v.toString()}`;
    default:
      return v.toString();
  }
}

/** How a BSON value prints in diffs: `ObjectId("…")`, `Decimal128("1.5")`, `Binary(0, "AQI=")`. */
export function formatBson(value: BsonLike): string {
  const key = bsonKey(value);
  if (value._bsontype === "Binary") {
    const [subtype, base64] = key.split(":");
    return `Binary(${subtype}, "${base64}")`;
  }
  if (value._bsontype === "Long" && key.startsWith("u")) return `Long("${key.slice(1)}", unsigned)`;
  return `${value._bsontype}("${key}")`;
}
