import type { HttpClient } from "../http/index.ts";
import type { DatabaseFixture } from "./fixtures/database.ts";
import { type FetchApp, httpFixture } from "./fixtures/http.ts";

const SUITE = Symbol.for("data-bridge.test.TestSuite");
const RELEASE = Symbol.for("data-bridge.test.releaseFixtures");

/**
 * Base class of a decorated test suite. Override the lifecycle hooks you need; set `app` (a Hono
 * app or anything with `fetch`) or `baseUrl` to use `this.http`; call `this.database()` for a
 * fresh embedded database. The runner makes one instance per suite and releases the fixtures
 * after `teardownSuite`.
 *
 * @example
 * class UserApiTests extends TestSuite {
 *   app = createApp();
 *   @test({ timeout: 5000, tags: ["unit"] })
 *   async loginReturnsToken() {
 *     const res = await this.http.post("/login", { json: { user: "ada", password: "pw" } });
 *     expect(res.status).toBe(200);
 *   }
 * }
 */
export abstract class TestSuite {
  static readonly [SUITE] = true;

  /** The app `this.http` talks to, served on a loopback port on first use. */
  app?: FetchApp;
  /** A running server `this.http` talks to, when there is no `app`. */
  baseUrl?: string;
  /** Aborted when the running test times out, so long operations can stop early. */
  signal: AbortSignal = new AbortController().signal;

  #http: ReturnType<typeof httpFixture> | undefined;
  #database: Promise<DatabaseFixture> | undefined;

  /** Runs once before the suite's first test; if it throws, every test of the suite fails. */
  async setupSuite(): Promise<void> {}
  /** Runs once after the suite's last test, even when tests failed. */
  async teardownSuite(): Promise<void> {}
  /** Runs before each test (and each retry). */
  async setup(): Promise<void> {}
  /** Runs after each test, even when it failed. */
  async teardown(): Promise<void> {}

  /** An HTTP client bound to `app` or `baseUrl`, created on first use. */
  get http(): HttpClient {
    this.#http ??= httpFixture({ app: this.app, baseUrl: this.baseUrl });
    return this.#http.client;
  }

  /** The base URL `this.http` sends to (starting the app's server if needed). */
  get httpBaseUrl(): string {
    void this.http;
    return this.#http!.baseUrl;
  }

  /**
   * A fresh embedded MongoDB-compatible database for this suite, started on first call and shared
   * by the suite's tests.
   */
  database(): Promise<DatabaseFixture> {
    this.#database ??= import("./fixtures/database.ts").then((m) => m.databaseFixture(this.constructor.name));
    return this.#database;
  }

  /** Closes the HTTP server and database this suite started. Called by the runner. */
  async [RELEASE](): Promise<void> {
    const http = this.#http;
    const database = this.#database;
    this.#http = undefined;
    this.#database = undefined;
    await http?.close();
    await (await database?.catch(() => undefined))?.close();
  }
}

/** True for subclasses of TestSuite from any copy of this package. */
export function isSuiteClass(value: unknown): value is new () => TestSuite {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[SUITE] === true;
}

/** Releases the fixtures of a suite instance. */
export function releaseFixtures(instance: TestSuite): Promise<void> {
  return instance[RELEASE]();
}
