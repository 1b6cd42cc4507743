import { bsonTypeOf } from "./bson-type.ts";
import { isDocument } from "./path.ts";

/**
 * Renders a value the way mongod prints BSON in error messages (`{ a: 1, b: "x" }`, `[ 1, 2 ]`,
 * `ObjectId('...')`).
 *
 * @example formatValue({ a: new Int32(1), b: ["x"] }) // '{ a: 1, b: [ "x" ] }'
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[ ${value.map(formatValue).join(", ")} ]`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (isDocument(value) && (value as { _bsontype?: unknown })._bsontype === undefined) {
    const keys = Object.keys(value);
    return keys.length === 0 ? "{}" : `{ ${keys.map((k) => `${k}: ${formatValue(value[k])}`).join(", ")} }`;
  }
  switch (bsonTypeOf(value)) {
    case "objectId":
      return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
    case "long":
      return `${String(value)}LL`;
    case "decimal":
      return `NumberDecimal("${String(value)}")`;
    case "regex": {
      const re = value as { pattern: string; options: string };
      return `/${re.pattern}/${re.options}`;
    }
    case "minKey":
      return "MinKey";
    case "maxKey":
      return "MaxKey";
    default:
      return String(value);
  }
}

/** `{name: value}` as mongod prints one element in messages such as "Cannot create field 'b' in element {a: 5}". */
export function formatElement(name: string, value: unknown): string {
  return `{${name}: ${formatValue(value)}}`;
}
