import { defineConfig } from "tsup";

/** `bun run build`: the public entry points bundled to ESM JavaScript in dist/ (Bun runs the TypeScript sources directly too). */
export default defineConfig({
  entry: {
    index: "src/index.ts",
    server: "src/server/index.ts",
    test: "src/test/index.ts",
    http: "src/http/index.ts",
    hono: "src/http/hono/index.ts",
    cli: "src/cli.ts",
  },
  format: "esm",
  target: "esnext",
  platform: "node",
  external: ["bun", "bun:sqlite", "bun:ffi", "bun:test"],
  outDir: "dist",
  clean: true,
  splitting: true,
});
