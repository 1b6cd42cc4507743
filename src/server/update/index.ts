export { compileUpdate } from "./compile.ts";
export { identical } from "./identical.ts";
export { validateReplacement } from "./replacement.ts";
export type { ApplyOptions, CompiledUpdate, UpdateOptions, UpdateResult } from "./types.ts";
export { upsertSeed } from "./upsert-seed.ts";
