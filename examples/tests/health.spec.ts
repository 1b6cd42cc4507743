import { expect, test, TestSuite } from "../../src/test/index.ts";
import { createApp } from "./app.ts";

/** Unit-style tests of the API through `this.http`, which serves the app on a loopback port. */
export class HealthTests extends TestSuite {
  override app = createApp();

  @test({ tags: ["unit"] })
  async reportsHealthy() {
    const response = await this.http.get("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  }

  @test({ tags: ["unit"], timeout: 2000 })
  async createsAndReadsAUser() {
    const created = await this.http.post("/users", {
      json: { name: "Ada", email: "ada@example.com", password: "pw" },
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string };
    const read = await this.http.get(`/users/${user.id}`);
    expect(await read.json()).toEqual({ id: user.id, name: "Ada", email: "ada@example.com" });
  }

  @test({ tags: ["unit"] })
  async rejectsBadInput() {
    const response = await this.http.post("/users", { json: { name: 42 } });
    expect(response.status).toBe(400);
    expect(await response.json()).toHaveProperty("error");
  }
}

test("plain tests work too", () => {
  expect([1, 2, 3]).toContain(2);
});
