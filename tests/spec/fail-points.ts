import type { MongoClient } from "mongodb";
import type { Document } from "./types.ts";

/** Fail points a test configured, so they can be turned off on the same client afterwards. */
export class FailPoints {
  readonly #enabled: { client: MongoClient; name: string }[] = [];

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
    this.#enabled.push({ client, name });
  }

  /** Turns every remembered fail point off; errors are collected and returned, not thrown. */
  async disableAll(): Promise<string[]> {
    const errors: string[] = [];
    for (const { client, name } of this.#enabled.splice(0)) {
      try {
        await client.db("admin").command({ configureFailPoint: name, mode: "off" });
      } catch (error) {
        errors.push(`disabling fail point ${name}: ${(error as Error).message}`);
      }
    }
    return errors;
  }
}
