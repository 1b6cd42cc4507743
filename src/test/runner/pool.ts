import { relative } from "node:path";
import type { SuiteResult, TestResult } from "../result.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import type { RunSettings } from "./settings.ts";

const WORKER = new URL("./worker.ts", import.meta.url).pathname;

/** Callbacks of a parallel run. */
export interface PoolEvents {
  onTest(result: TestResult): void;
  onFile(path: string, suites: SuiteResult[]): void;
}

/**
 * Runs `files` in `size` worker processes, handing the next file to whichever worker is free.
 * A worker that dies fails the file it was running and is not replaced. Under --fail-fast the
 * first failure stops handing out files and tells busy workers to skip their remaining tests.
 */
export async function runInPool(
  files: string[],
  size: number,
  settings: RunSettings,
  events: PoolEvents,
): Promise<void> {
  const pending = [...files];
  let stopping = false;
  const live = new Set<{ send(message: ToWorker): void }>();
  const workers = Array.from({ length: Math.min(size, files.length) }, () => startWorker());
  await Promise.all(workers);

  function startWorker(): Promise<void> {
    return new Promise((resolveWorker) => {
      let current: string | undefined;
      const post = (message: ToWorker) => proc.send(message);
      const next = () => {
        current = stopping ? undefined : pending.shift();
        post(current ? { type: "file", path: current } : { type: "exit" });
      };
      const proc = Bun.spawn([process.execPath, WORKER], {
        cwd: settings.cwd,
        stdio: ["ignore", "inherit", "inherit"],
        serialization: "json",
        ipc(message: FromWorker) {
          if (message.type === "ready") next();
          else if (message.type === "test") {
            events.onTest(message.result);
            if (message.result.status === "failed" && settings.failFast && !stopping) {
              stopping = true;
              for (const other of live) other.send({ type: "stop" });
            }
          } else {
            events.onFile(message.path, message.suites);
            next();
          }
        },
      });
      live.add(proc);
      post({ type: "init", settings });
      proc.exited.then((code) => {
        live.delete(proc);
        if (current) events.onFile(current, [crashed(current, code, settings.cwd)]);
        resolveWorker();
      });
    });
  }
}

function crashed(path: string, code: number, cwd: string): SuiteResult {
  const file = relative(cwd, path) || path;
  return {
    name: file,
    file,
    status: "failed",
    durationMs: 0,
    error: {
      kind: "error",
      name: "WorkerCrash",
      message: `the worker process exited with code ${code} while running ${file}`,
    },
    tests: [],
  };
}
