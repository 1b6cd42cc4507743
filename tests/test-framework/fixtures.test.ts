import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { FixtureError } from "../../src/test/index.ts";
import { httpFixture } from "../../src/test/fixtures/http.ts";
import { byId, runFixtures } from "./helpers.ts";

describe("HTTP fixture", () => {
  test("serves a Hono app on a loopback port and binds the client to it", async () => {
    const app = new Hono().get("/who", (c) => c.json({ host: new URL(c.req.url).hostname }));
    const fixture = httpFixture({ app });
    expect(fixture.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fixture.client.get("/who");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ host: "127.0.0.1" });
    await fixture.close();
    await expect(fetch(`${fixture.baseUrl}/who`)).rejects.toThrow();
  });

  test("binds to an existing base URL", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hi") });
    const fixture = httpFixture({ baseUrl: `http://127.0.0.1:${server.port}` });
    expect(await (await fixture.client.get("/")).text()).toBe("hi");
    server.stop(true);
  });

  test("without an app or base URL it says what is missing", () => {
    expect(() => httpFixture({})).toThrow(FixtureError);
    expect(() => httpFixture({})).toThrow("set `app` (e.g. a Hono app) or `baseUrl`");
  });

  test("suites use this.http and the server is closed after the suite", async () => {
    const report = await runFixtures(["kinds"], { grep: /StressKinds > login|SecurityKinds > greets/ });
    expect(byId(report).get("StressKinds > login")?.status).toBe("passed");
    expect(byId(report).get("StressKinds > login")?.stress?.statusCodes).toHaveProperty("200");
    expect(byId(report).get("SecurityKinds > greets")?.status).toBe("passed");
  });
});

describe("database fixture", () => {
  test("each suite gets its own embedded database through the official driver", async () => {
    const report = await runFixtures(["db"]);
    for (const t of report.suites.flatMap((s) => s.tests)) {
      expect({ id: t.id, status: t.status, error: t.error?.message }).toEqual({
        id: t.id,
        status: "passed",
        error: undefined,
      });
    }
    expect(report.summary.passed).toBe(3);
  }, 60_000);
});
