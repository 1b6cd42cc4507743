import { profile, TestSuite } from "../../src/test/index.ts";
import { createApp } from "./app.ts";

const users = Array.from({ length: 500 }, (_, i) => ({
  id: String(i),
  name: `user ${i}`,
  email: `u${i}@example.com`,
}));

/** Profiles: mean/p50/p95/p99, ops/s, heap growth and peak RSS; compare with `--baseline FILE`. */
export class SerializationProfile extends TestSuite {
  override app = createApp();

  @profile({ iterations: 200, warmup: 20, tags: ["perf"] })
  serializesUsers() {
    JSON.stringify({ items: users });
  }

  @profile({ iterations: 100, warmup: 10, tolerance: 0.5, tags: ["perf"] })
  async healthRoundTrip() {
    await (await this.http.get("/health")).json();
  }
}
