import type { MongoClient } from "mongodb";
import type { Document } from "./types.ts";

/**
 * Fail points a test configured, so they can be turned off afterwards. They are turned off
 * through the runner's own client (one server): the test may have closed the client that set them.
 */
export class FailPoints {
  readonly #enabled: string[] = [];
  readonly #internal: MongoClient;

  constructor(internal: MongoClient) {
    this.#internal = internal;
  }

  /**
   * Sends a `configureFailPoint` command through `client` and remembers it.
   *
   * @example
   * await failPoints.enable(client, { configureFailPoint: "failCommand", mode: { times: 1 }, data: {...} });
   */
  async enable(client: MongoClient, command: Document): Promise<void> {
    const name = command.configureFailPoint;
    if (typeof name !== "string") throw new Error("failPoint: configureFailPoint must name the fail point");
    await client.db("admin").command(command);
    this.#enabled.push(name);
  }

  /** Turns every remembered fail point off; errors are collected and returned, not thrown. */
  async disableAll(): Promise<string[]> {
    const errors: string[] = [];
    for (const name of this.#enabled.splice(0)) {
      try {
        await this.#internal.db("admin").command({ configureFailPoint: name, mode: "off" });
      } catch (error) {
        errors.push(`disabling fail point ${name}: ${(error as Error).message}`);
      }
    }
    return errors;
  }
}
