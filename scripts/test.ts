/**
 * Runs every test with `bun test` and ends with the line CI reads:
 * `tests: N passed, N failed, N skipped`. Extra arguments go to `bun test`.
 */
const proc = Bun.spawn([process.execPath, "test", ...process.argv.slice(2)], {
  stdout: "inherit",
  stderr: "pipe",
  env: { ...process.env, FORCE_COLOR: "0" },
});

let tail = "";
const decoder = new TextDecoder();
for await (const chunk of proc.stderr) {
  const text = decoder.decode(chunk, { stream: true });
  process.stderr.write(text);
  tail = (tail + text).slice(-4096);
}
const code = await proc.exited;

const count = (label: string) => Number(tail.match(new RegExp(`^\\s*(\\d+) ${label}$`, "m"))?.[1] ?? 0);
const passed = count("pass");
const failed = count("fail") + (code !== 0 && count("fail") === 0 ? 1 : 0);
const skipped = count("skip") + count("todo");
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
export {};
