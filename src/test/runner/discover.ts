import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The file names the runner looks for by default. */
export const DEFAULT_PATTERNS = ["**/*.test.ts", "**/*.spec.ts"];

/** Thrown when a path given to the runner does not exist. */
export class TestPathError extends Error {
  override name = "TestPathError";
}

/**
 * Finds test files under `paths` (files are taken as they are, folders searched with `patterns`),
 * skipping node_modules and dot-folders, sorted and de-duplicated.
 *
 * @example
 * await discoverFiles(["tests"], ["**\/*.spec.ts"], process.cwd());
 */
export async function discoverFiles(
  paths: readonly string[],
  patterns: readonly string[],
  cwd: string,
): Promise<string[]> {
  const found = new Set<string>();
  const globs = patterns.map((p) => new Bun.Glob(p));
  for (const path of paths.length > 0 ? paths : ["."]) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new TestPathError(`test path not found: ${path}`);
    }
    if (!isDirectory) {
      found.add(absolute);
      continue;
    }
    for (const file of walk(absolute, "")) {
      if (globs.some((g) => g.match(file))) found.add(resolve(absolute, file));
    }
  }
  return [...found].sort();
}

/** Relative paths of the files under `root`, not descending into node_modules or dot-folders. */
function* walk(root: string, prefix: string): Generator<string> {
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) yield* walk(root, path);
    } else if (entry.isFile()) yield path;
  }
}
