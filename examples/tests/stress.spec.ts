import { expect, stress, test, TestSuite } from "../../src/test/index.ts";
import { createApp } from "./app.ts";

/**
 * Load tests: the method body is one operation. Returning the response lets the engine count
 * status codes; thresholds decide whether the test passes.
 */
export class ApiStress extends TestSuite {
  override app = createApp();

  override async setupSuite() {
    await this.http.post("/users", { json: { name: "Ada", email: "ada@example.com", password: "pw" } });
  }

  @stress({
    workers: 8,
    duration: 1000,
    rampUp: 200,
    tags: ["load"],
    thresholds: { p95: 100, errorRate: 0.01 },
  })
  async health() {
    return this.http.get("/health");
  }

  @stress({ rate: 200, duration: 1000, tags: ["load"], thresholds: { p99: 200, errorRate: 0 } })
  async login() {
    return this.http.post("/login", { json: { email: "ada@example.com", password: "pw" } });
  }
}

test("stress() runs the engine directly and returns the report", async () => {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: createApp().fetch });
  try {
    const report = await stress(`http://127.0.0.1:${server.port}/health`, { workers: 4, iterations: 500 });
    expect(report.operations).toBe(500);
    expect(report.statusCodes).toEqual({ "200": 500 });
  } finally {
    server.stop(true);
  }
});
