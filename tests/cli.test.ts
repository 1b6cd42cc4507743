import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startServer } from "../src/server/index.ts";

const CLI = join(import.meta.dir, "../src/cli.ts");

async function run(args: string[]) {
  const child = Bun.spawn([process.execPath, CLI, ...args], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, code };
}

describe("data-bridge CLI", () => {
  test("without a command it prints usage and exits 2; an unknown command is named", async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("Usage: data-bridge <command>");
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  test("health reports a running server as healthy and an absent one as unhealthy", async () => {
    const server = await startServer({ port: 0 });
    try {
      const ok = await run(["health", server.uri, "--json"]);
      expect(ok.code).toBe(0);
      const report = JSON.parse(ok.stdout);
      expect(report.ok).toBe(true);
      expect(report.version).toBe("7.0.0");
      expect(report.setName).toBe("rs0");
    } finally {
      await server.close();
    }
    const down = await run(["health", "mongodb://127.0.0.1:1/", "--timeout", "300"]);
    expect(down.code).toBe(1);
    expect(down.stdout).toContain("unhealthy");
  });

  test("serve rejects a bad port with a clear message", async () => {
    const bad = await run(["serve", "--port", "70000"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port must be an integer from 0 to 65535");
  });
});
