/**
 * Entry of a `--parallel` worker process. It receives file paths over IPC, runs each file and
 * sends back every test result as it finishes and the file's suites at the end.
 */
import type { TestResult } from "../result.ts";
import { fileContext } from "./context.ts";
import type { FileContext } from "./run-file.ts";
import { runFile } from "./run-file.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";

let context: FileContext | undefined;
let queue = Promise.resolve();

const send = (message: FromWorker) => process.send?.(message);

process.on("message", (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "init":
      context = await fileContext(message.settings, (result: TestResult) => send({ type: "test", result }));
      context.capture.install();
      context.stray.install();
      send({ type: "ready" });
      return;
    case "file": {
      const suites = await runFile(message.path, context!);
      send({ type: "file", path: message.path, suites });
      return;
    }
    case "stop":
      if (context) context.stopped.value = true;
      return;
    case "exit":
      context?.capture.uninstall();
      process.exit(0);
  }
}
