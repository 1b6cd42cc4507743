import { expect, fuzz, httpProbe, security, test, TestSuite } from "../../src/test/index.ts";
import { createApp } from "./app.ts";

/**
 * Security tests: the method is a probe that sends one input. The engine sends every payload set
 * and fast-check generated inputs; the test fails on any finding and prints the minimal input.
 */
export class ApiSecurity extends TestSuite {
  override app = createApp();

  @security({
    template: { email: "ada@example.com", password: "pw" },
    runs: 100,
    seed: 1,
    tags: ["security"],
  })
  login(input: unknown) {
    return this.http.post("/login", { json: input });
  }

  @security({
    template: { q: "shoes" },
    sets: ["xss", "unicode", "oversized"],
    runs: 50,
    seed: 1,
    tags: ["security"],
  })
  search(input: unknown) {
    // Generated inputs may not be strings; URLSearchParams makes any string a valid query.
    const value = (input as { q?: unknown } | null)?.q;
    const q = typeof value === "string" ? value : JSON.stringify(value ?? null);
    return this.http.get(`/search?${new URLSearchParams({ q })}`);
  }
}

test("fuzz() can also be called directly, here against the app in-process", async () => {
  const report = await fuzz(httpProbe(createApp(), { method: "POST", path: "/users" }), {
    template: { name: "Ada", email: "ada@example.com", password: "pw" },
    sets: ["nosql", "prototype-pollution"],
    runs: 50,
    seed: 7,
  });
  expect(report.findings).toEqual([]);
});
