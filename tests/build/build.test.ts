import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "../..");
const outDir = join(root, "dist");

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test("bun run build bundles every entry point, and the bundled server serves", async () => {
  const build = Bun.spawn([process.execPath, "run", "build"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(build.stderr).text(), build.exited]);
  expect(code, stderr).toBe(0);
  for (const entry of ["index", "server", "test", "http", "hono", "cli"]) {
    expect(await Bun.file(join(outDir, `${entry}.js`)).exists()).toBe(true);
  }
  const script = `
    import { startServer } from ${JSON.stringify(join(outDir, "server.js"))};
    import { MongoClient } from "mongodb";
    const srv = await startServer({ port: 0 });
    const client = await MongoClient.connect(srv.uri);
    await client.db("b").collection("c").insertOne({ built: true });
    console.log(JSON.stringify(await client.db("b").collection("c").findOne({}, { projection: { _id: 0 } })));
    await client.close();
    await srv.close();
  `;
  const run = Bun.spawn([process.execPath, "-e", script], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [out, err, runCode] = await Promise.all([
    new Response(run.stdout).text(),
    new Response(run.stderr).text(),
    run.exited,
  ]);
  expect(runCode, err).toBe(0);
  expect(out.trim()).toBe('{"built":true}');
}, 60_000);
