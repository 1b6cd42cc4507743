import { expect, test } from "bun:test";
import { HttpClient } from "../../src/http/index.ts";

const EXAMPLE = new URL("../../examples/hono-app.ts", import.meta.url).pathname;

/** Reads the child's stdout until a line holds the URL it serves. */
async function announcedUrl(stdout: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stdout) {
    text += decoder.decode(chunk, { stream: true });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    if (url) return url;
  }
  throw new Error(`the example ended without printing its URL:\n${text}`);
}

test("examples/hono-app.ts runs with one command and serves its API", async () => {
  const { DATA_BRIDGE_URI: _, MONGODB_URI: __, ...inherited } = process.env as Record<string, string>;
  const env = { ...inherited, PORT: "0" };
  const child = Bun.spawn([process.execPath, EXAMPLE], { env, stdout: "pipe", stderr: "pipe" });
  try {
    const client = new HttpClient({ baseUrl: await announcedUrl(child.stdout), retries: false });
    const page = await (await client.get("/books", { params: { sort: "-year", limit: 2 } })).json<any>();
    expect(page.total).toBe(6);
    expect(page.items.map((book: { title: string }) => book.title)).toEqual([
      "Piranesi",
      "Parable of the Sower",
    ]);
    const created = await client.post("/books", {
      json: { title: "Solaris", author: "Stanisław Lem", year: 1961, isbn: "9780156027601" },
    });
    expect(created.status).toBe(201);
    const duplicate = await client.post("/books", {
      json: { title: "Solaris", author: "Stanisław Lem", year: 1961, isbn: "9780156027601" },
    });
    expect(duplicate.status).toBe(409);
    const stats = await (await client.get("/stats/authors", { params: { minBooks: 2 } })).json<any>();
    expect(stats).toEqual([
      { _id: "Ursula K. Le Guin", books: 3, firstYear: 1968 },
      { _id: "Octavia E. Butler", books: 2, firstYear: 1979 },
    ]);
    expect((await client.get("/stats/authors", { params: { minBooks: 0 } })).status).toBe(422);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await child.exited).toBe(0);
}, 30_000);
