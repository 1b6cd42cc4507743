import { isDocument } from "./values.ts";

/** Renders a value for an error message, close to how mongod prints values (`{ a: 1, b: "x" }`). */
export function formatValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "new Date(NaN)" : `new Date(${value.getTime()})`;
  }
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[ ${value.map(formatValue).join(", ")} ]`;
  if (isDocument(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    return `{ ${keys.map((k) => `${k}: ${formatValue(value[k])}`).join(", ")} }`;
  }
  switch ((value as { _bsontype?: string })._bsontype) {
    case "Int32":
    case "Double":
      return String((value as { value: number }).value);
    case "Long":
    case "Decimal128":
      return String(value);
    case "ObjectId":
      return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
    case "BSONRegExp": {
      const re = value as { pattern: string; options: string };
      return `/${re.pattern}/${re.options}`;
    }
    default:
      return String(value);
  }
}
