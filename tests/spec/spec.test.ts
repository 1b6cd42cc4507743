import { afterAll, describe, test } from "bun:test";
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { startServer } from "../../src/server/index.ts";
import { collectSpecFiles } from "./load.ts";
import { SpecRunner } from "./runner.ts";

/**
 * The MongoDB unified-format suites, one bun test per spec test case, against an embedded server.
 * The spec JSON lives beside the repository (`../shared/specs`) and is never copied into it.
 */

const SPECS = resolve(import.meta.dir, "../../../shared/specs");
const SUITES = ["crud/tests/unified", "collection-management/tests", "unified-test-format/tests/valid-pass"];

const available = SUITES.filter((suite) => existsSync(resolve(SPECS, suite)));
for (const suite of SUITES.filter((name) => !available.includes(name))) {
  test.skip(`${suite} (spec folder ${resolve(SPECS, suite)} is absent)`, () => {});
}

if (available.length > 0) {
  const server = await startServer({ port: 0 });
  const runner = await SpecRunner.connect(server.uri);
  afterAll(async () => {
    await runner.close();
    await server.close();
  });

  for (const suite of available) {
    for (const path of collectSpecFiles([resolve(SPECS, suite)])) {
      const name = relative(SPECS, path);
      let file: Awaited<ReturnType<SpecRunner["prepare"]>>;
      try {
        file = await runner.prepare(path);
      } catch (error) {
        test(`${name} loads`, () => {
          throw error;
        });
        continue;
      }
      describe(name, () => {
        for (const spec of file.tests) {
          if (spec.skipReason) test.skip(`${spec.description} [skipped: ${spec.skipReason}]`, () => {});
          else test(spec.description, () => spec.run());
        }
      });
    }
  }
}
