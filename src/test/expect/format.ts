import { formatBson, isBson } from "./bson-value.ts";

const MAX_DEPTH = 8;

/**
 * Prints a value as stable, indented text for failure messages and diffs: keys in insertion
 * order, BSON values and dates readable, cycles marked.
 *
 * @example
 * format({ a: [1, 2] }) // "{\n  a: [\n    1,\n    2,\n  ],\n}"
 */
export function format(value: unknown): string {
  return print(value, "", new Set(), 0);
}

/** A one-line form for short messages (`expected 3 to be 4`). */
export function formatInline(value: unknown): string {
  const text = format(value);
  if (!text.includes("\n")) return text;
  const flat = text.replace(/\n\s*/g, " ").replace(/, ([}\]])/g, " $1");
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function print(value: unknown, indent: string, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
      return String(value);
  }
  if (value === null) return "null";
  const obj = value as object;
  if (isBson(obj)) return formatBson(obj);
  if (obj instanceof Date)
    return Number.isNaN(obj.getTime()) ? "Date(Invalid)" : `Date(${obj.toISOString()})`;
  if (obj instanceof RegExp) return String(obj);
  if (obj instanceof Error) return `[${obj.name}: ${obj.message}]`;
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    const bytes = Array.from(obj as unknown as ArrayLike<number>);
    const shown = bytes.length > 32 ? `${bytes.slice(0, 32).join(", ")}, ...` : bytes.join(", ");
    return `${obj.constructor.name}(${bytes.length}) [${shown}]`;
  }
  if (seen.has(obj)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(obj) ? "[Array]" : "[Object]";
  seen.add(obj);
  const inner = `${indent}  `;
  let out: string;
  if (Array.isArray(obj)) {
    out =
      obj.length === 0
        ? "[]"
        : `[\n${obj.map((v) => `${inner}${print(v, inner, seen, depth + 1)},\n`).join("")}${indent}]`;
  } else if (obj instanceof Map) {
    const rows = [...obj].map(
      ([k, v]) => `${inner}${print(k, inner, seen, depth + 1)} => ${print(v, inner, seen, depth + 1)},\n`,
    );
    out = rows.length === 0 ? "Map {}" : `Map {\n${rows.join("")}${indent}}`;
  } else if (obj instanceof Set) {
    const rows = [...obj].map((v) => `${inner}${print(v, inner, seen, depth + 1)},\n`);
    out = rows.length === 0 ? "Set {}" : `Set {\n${rows.join("")}${indent}}`;
  } else {
    const name = obj.constructor && obj.constructor !== Object ? `${obj.constructor.name} ` : "";
    const keys = Object.keys(obj);
    const rows = keys.map(
      (k) =>
        `${inner}${printKey(k)}: ${print((obj as Record<string, unknown>)[k], inner, seen, depth + 1)},\n`,
    );
    out = rows.length === 0 ? `${name}{}` : `${name}{\n${rows.join("")}${indent}}`;
  }
  seen.delete(obj);
  return out;
}

function printKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
