/**
 * HTTP client throughput and tail latency on loopback keep-alive against Bun.serve.
 *
 *   bun bench/http.bench.ts            # full run
 *   bun bench/http.bench.ts --quick    # a tenth of the requests, for a smoke check
 *
 * The server runs in a child process (so it does not share the client's event loop) and answers
 * every GET with a small JSON body. Each contender sends a fixed number of requests from 1, 16 and
 * 64 concurrent workers, reading and parsing every body. Contenders take turns in small blocks
 * (order rotated each round) so machine noise hits them alike; "x fetch" is the median over rounds
 * of the ratio to raw fetch's block in the same round, req/s and p99 are over all requests.
 */
import axios from "axios";
import ky from "ky";
import { ofetch } from "ofetch";
import { Agent, request as undiciRequest } from "undici";
import { HttpClient } from "../src/http/index.ts";

if (process.argv.includes("--serve")) {
  const body = JSON.stringify({ id: 42, name: "Ada Lovelace", roles: ["admin", "author"], active: true });
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => new Response(body, { headers: { "content-type": "application/json" } }),
  });
  process.stdout.write(`${server.port}\n`);
  await new Promise(() => {});
}

const quick = process.argv.includes("--quick");
/** Each level runs every contender for `rounds` blocks of `block` requests, interleaved. */
const LEVELS = [
  { concurrency: 1, block: 200, rounds: quick ? 5 : 40 },
  { concurrency: 16, block: 800, rounds: quick ? 5 : 40 },
  { concurrency: 64, block: 1600, rounds: quick ? 5 : 30 },
];

type Get = (url: string) => Promise<unknown>;

const server = Bun.spawn([process.execPath, import.meta.path, "--serve"], {
  stdout: "pipe",
  stderr: "inherit",
});
const port = await readPort(server.stdout);
const url = `http://127.0.0.1:${port}/user`;

const client = new HttpClient();
const guarded = new HttpClient({ timeout: 10_000, retries: { limit: 2 } });
const axiosClient = axios.create();
const undiciAgent = new Agent({ connections: 64 });

const contenders: { name: string; get: Get }[] = [
  { name: "fetch", get: async (u) => (await fetch(u)).json() },
  { name: "data-bridge", get: async (u) => (await client.get(u)).json() },
  { name: "data-bridge (timeout)", get: async (u) => (await guarded.get(u)).json() },
  { name: "ky", get: (u) => ky.get(u).json() },
  { name: "ofetch", get: (u) => ofetch(u) },
  { name: "axios", get: async (u) => (await axiosClient.get(u)).data },
  {
    name: "undici.request",
    get: async (u) => (await undiciRequest(u, { dispatcher: undiciAgent })).body.json(),
  },
];

interface Cell {
  /** Requests per second over all blocks. */
  rps: number;
  /** p99 latency over all requests, ms. */
  p99: number;
  /** Median over rounds of (fetch block time / this block time). */
  ratio: number;
}

const broken = new Map<string, string>();
for (const c of contenders) {
  try {
    for (let i = 0; i < 500; i++) await c.get(url);
  } catch (error) {
    broken.set(c.name, (error as Error).message.split("\n")[0] ?? String(error));
  }
}
const live = contenders.filter((c) => !broken.has(c.name));
const table = new Map<string, Cell[]>(live.map((c) => [c.name, []]));

for (const { concurrency, block, rounds } of LEVELS) {
  const times = new Map<string, number[]>(live.map((c) => [c.name, []]));
  const latencies = new Map<string, Float64Array>(
    live.map((c) => [c.name, new Float64Array(block * rounds)]),
  );
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no contender always runs right after another one.
    for (let k = 0; k < live.length; k++) {
      const c = live[(k + round) % live.length]!;
      const lat = latencies.get(c.name)!.subarray(round * block, (round + 1) * block);
      times.get(c.name)!.push(await runBlock(c.get, concurrency, lat));
    }
  }
  const base = times.get("fetch")!;
  for (const c of live) {
    const own = times.get(c.name)!;
    const lat = latencies.get(c.name)!.sort();
    table.get(c.name)!.push({
      rps: (block * rounds * 1000) / own.reduce((a, b) => a + b, 0),
      p99: lat[Math.ceil(lat.length * 0.99) - 1]!,
      ratio: median(own.map((t, i) => base[i]! / t)),
    });
  }
}

server.kill();
printTable();

/** Sends `latencies.length` requests from `concurrency` workers, recording each latency; returns ms taken. */
async function runBlock(get: Get, concurrency: number, latencies: Float64Array): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < latencies.length) {
      const i = next++;
      const start = performance.now();
      await get(url);
      latencies[i] = performance.now() - start;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function printTable(): void {
  const header = ["client", ...LEVELS.flatMap((l) => [`c=${l.concurrency} req/s`, "x fetch", "p99 ms"])];
  const lines = [header];
  for (const [name, cells] of table) {
    lines.push([
      name,
      ...cells.flatMap((c) => [Math.round(c.rps).toString(), c.ratio.toFixed(2), c.p99.toFixed(2)]),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const format = (line: string[]) => line.map((cell, i) => cell.padStart(widths[i]!)).join("  ");
  const sizes = LEVELS.map((l) => `c=${l.concurrency}: ${l.rounds}x${l.block}`).join(", ");
  console.log(`bun ${Bun.version}; requests per contender ${sizes}; "x fetch" = median per-round ratio`);
  console.log(format(lines[0]!));
  for (const line of lines.slice(1)) console.log(format(line));
  for (const [name, reason] of broken) console.log(`${name}: not measured (${reason})`);
}

async function readPort(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) throw new Error("bench server exited before printing its port");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return Number(text.trim());
}
