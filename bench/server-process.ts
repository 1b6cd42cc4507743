import { join } from "node:path";

/**
 * Starts the embedded server in a child process (`data-bridge serve --port 0 --memory`), so a
 * benchmark's client work and the server's work do not share one event loop.
 */
export async function startServerProcess(): Promise<{ uri: string; stop(): void }> {
  const child = Bun.spawn(
    [process.execPath, join(import.meta.dir, "../src/cli.ts"), "serve", "--port", "0", "--memory"],
    {
      stdout: "pipe",
      stderr: "inherit",
    },
  );
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the server exited before printing its URI");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { uri: text.trim(), stop: () => child.kill() };
}
