import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { EJSON } from "bson";
import type { SpecFile } from "./types.ts";

/** Highest unified-test-format schema version this runner understands. */
export const SUPPORTED_SCHEMA_VERSION = "1.23";

/**
 * Parses Extended JSON keeping the BSON type a YAML author meant: `2.0` stays a double and
 * `9007199254740993` stays an exact int64 (a plain JSON.parse would turn both into a JS number).
 *
 * @example
 * parseExtendedJson('{"x": 2.0}').x; // Double(2)
 */
export function parseExtendedJson(text: string): unknown {
  const typed = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value !== "number" || context?.source === undefined) return value;
    const source = context.source;
    if (/[.eE]/.test(source)) return { $numberDouble: source };
    if (!Number.isSafeInteger(value)) return { $numberLong: source };
    return value;
  });
  return EJSON.parse(JSON.stringify(typed), { relaxed: false });
}

/** Lists the `.json` files under each path (a file or a folder, searched recursively), sorted. */
export function collectSpecFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (path.endsWith(".json")) {
      files.push(path);
    }
  };
  for (const path of paths) visit(path);
  return files;
}

/** Reads one unified-format file and checks that its schema version is one this runner supports. */
export function loadSpecFile(path: string): SpecFile {
  const parsed = parseExtendedJson(readFileSync(path, "utf8")) as Omit<SpecFile, "path">;
  if (typeof parsed.schemaVersion !== "string" || !Array.isArray(parsed.tests)) {
    throw new Error(`${path}: not a unified test file (schemaVersion and tests are required)`);
  }
  if (!schemaSupported(parsed.schemaVersion)) {
    throw new Error(
      `${path}: schemaVersion ${parsed.schemaVersion} is newer than the supported ${SUPPORTED_SCHEMA_VERSION}`,
    );
  }
  return { ...parsed, path };
}

/** Splits "4.2.1-rc0" into [4, 2, 1]; missing parts are 0 and anything after the patch is dropped. */
export function versionParts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .split("-")[0]!
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

/** Negative when `a` < `b`, 0 when equal, positive when `a` > `b`. */
export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < 3; i++) {
    const diff = left[i]! - right[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}

function schemaSupported(version: string): boolean {
  return (
    versionParts(version)[0] === versionParts(SUPPORTED_SCHEMA_VERSION)[0] &&
    compareVersions(version, SUPPORTED_SCHEMA_VERSION) <= 0
  );
}
