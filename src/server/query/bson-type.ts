/** MongoDB's `$type` aliases, in BSON type-number order. */
export type BsonTypeName =
  | "double"
  | "string"
  | "object"
  | "array"
  | "binData"
  | "undefined"
  | "objectId"
  | "bool"
  | "date"
  | "null"
  | "regex"
  | "dbPointer"
  | "javascript"
  | "symbol"
  | "javascriptWithScope"
  | "int"
  | "timestamp"
  | "long"
  | "decimal"
  | "minKey"
  | "maxKey";

/** BSON type numbers by alias (what `$type: 2` means). */
export const BSON_TYPE_NUMBER: Readonly<Record<BsonTypeName, number>> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

const NAME_BY_NUMBER = new Map<number, BsonTypeName>(
  Object.entries(BSON_TYPE_NUMBER).map(([name, n]) => [n, name as BsonTypeName]),
);

/** The alias for a BSON type number, or undefined when the number is not a BSON type. */
export function bsonTypeNameOf(typeNumber: number): BsonTypeName | undefined {
  return NAME_BY_NUMBER.get(typeNumber);
}

const BY_BSONTYPE: Readonly<Record<string, BsonTypeName>> = {
  Int32: "int",
  Double: "double",
  Long: "long",
  Decimal128: "decimal",
  ObjectId: "objectId",
  Binary: "binData",
  BSONRegExp: "regex",
  Timestamp: "timestamp",
  MinKey: "minKey",
  MaxKey: "maxKey",
  BSONSymbol: "symbol",
  // a DBRef is a plain embedded document in BSON; `bson` merely promotes its shape to a class
  DBRef: "object",
};

/**
 * The BSON type of a deserialized value, as MongoDB's `$type` alias.
 * Bare JS numbers count as "int" (32-bit integers) or "double"; a JS `undefined` is the BSON undefined type.
 *
 * @example bsonTypeOf(new Int32(1)) // "int"
 */
export function bsonTypeOf(v: unknown): BsonTypeName {
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "undefined":
      return "undefined";
    case "number":
      return Number.isInteger(v) &&
        (v as number) >= -2147483648 &&
        (v as number) <= 2147483647 &&
        !Object.is(v, -0)
        ? "int"
        : "double";
    case "bigint":
      return "long";
    case "function":
      return "javascript";
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof Date) return "date";
  if (v instanceof RegExp) return "regex";
  const tag = (v as { _bsontype?: unknown })._bsontype;
  if (typeof tag === "string") {
    if (tag === "Code") return (v as { scope?: unknown }).scope ? "javascriptWithScope" : "javascript";
    const name = BY_BSONTYPE[tag];
    if (name !== undefined) return name;
  }
  if (v instanceof Uint8Array) return "binData";
  return "object";
}

interface DBRefLike {
  collection: string;
  oid: unknown;
  db?: string;
  fields?: Record<string, unknown>;
}

/**
 * The embedded-document form of a `bson` DBRef (`{ $ref, $id, $db?, ...fields }`), which is what it is in BSON.
 * Any other value is returned unchanged.
 *
 * @example asDocument(new DBRef("users", id)) // { $ref: "users", $id: id }
 */
export function asDocument(v: unknown): unknown {
  if (typeof v !== "object" || v === null || (v as { _bsontype?: unknown })._bsontype !== "DBRef") return v;
  const ref = v as DBRefLike;
  const doc: Record<string, unknown> = { $ref: ref.collection, $id: ref.oid };
  if (ref.db) doc.$db = ref.db;
  return Object.assign(doc, ref.fields);
}
