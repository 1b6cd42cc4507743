import { expect, test } from "bun:test";

test("the quickstart demo runs and prints its results", async () => {
  const env = { ...process.env };
  delete env.DATA_BRIDGE_URI;
  delete env.MONGODB_URI;
  const proc = Bun.spawn([process.execPath, "examples/quickstart.ts"], {
    cwd: `${import.meta.dir}/../..`,
    env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  expect(err).toBe("");
  expect(code).toBe(0);
  expect(out).toContain("adults in London: Alan (41, SW1A 1AA London), Ada (36, NW1 6XE London)");
  expect(out).toContain(`Ada's pending update: {"$set":{"age":37,"address.city":"Cambridge"}}`);
  expect(out).toContain("address.zip: Expected string length greater or equal to 5");
  expect(out).toContain('duplicate key in unique index "email_1"');
});
