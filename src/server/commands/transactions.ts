import { noSuchTransaction } from "../sessions/sessions.ts";
import { fail } from "../errors.ts";
import type { CommandContext } from "./context.ts";
import { register } from "./registry.ts";

register("commitTransaction", ({ server, session, db }: CommandContext) => {
  if (db !== "admin") fail("Unauthorized", "commitTransaction may only be run against the admin database.");
  const txn = session?.txn;
  if (!session || !txn) fail("NoSuchTransaction", "no transaction to commit");
  if (txn.state === "committed") return { ok: 1 };
  if (txn.state === "aborted") throw noSuchTransaction(txn.txnNumber);
  try {
    server.sessions.transactions.commit(txn);
  } catch (error) {
    server.sessions.abort(session);
    txn.state = "aborted";
    throw error;
  }
  return { ok: 1 };
});

register("abortTransaction", ({ server, session, db }: CommandContext) => {
  if (db !== "admin") fail("Unauthorized", "abortTransaction may only be run against the admin database.");
  const txn = session?.txn;
  if (!session || !txn) fail("NoSuchTransaction", "no transaction to abort");
  if (txn.state === "committed")
    fail("TransactionCommitted", `Transaction ${txn.txnNumber} has been committed.`);
  if (txn.state === "aborted") throw noSuchTransaction(txn.txnNumber);
  server.sessions.abort(session);
  return { ok: 1 };
});

register("configureFailPoint", ({ server, cmd }: CommandContext) => server.failPoints.configure(cmd));

register("endSessions", ({ server, cmd }: CommandContext) => {
  server.sessions.end(Array.isArray(cmd.endSessions) ? cmd.endSessions : []);
  return { ok: 1 };
});

register(["killAllSessions", "killSessions"], ({ server, cmd }: CommandContext) => {
  const lsids = Array.isArray(cmd.killSessions) ? cmd.killSessions : undefined;
  server.sessions.kill(lsids);
  return { ok: 1 };
});
