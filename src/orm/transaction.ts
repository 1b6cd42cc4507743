import type { ClientSession, TransactionOptions } from "mongodb";
import { getConnection } from "./connection.ts";

/** Options of `transaction()`: the driver's transaction options and the connection to use. */
export interface TransactionRunOptions extends TransactionOptions {
  /** Connection name (default `"default"`). */
  connection?: string;
}

/**
 * Runs `work` in a transaction. Pass the session to every operation inside (`{ session }`).
 * The driver's `withTransaction` commits, and retries `work` on transient errors, so `work`
 * may run more than once: keep side effects outside it.
 *
 * @example
 * await transaction(async (session) => {
 *   await Account.updateOne(Account.f._id.eq(from), { $inc: { balance: -amount } }, { session });
 *   await Account.updateOne(Account.f._id.eq(to), { $inc: { balance: amount } }, { session });
 * });
 */
export async function transaction<R>(
  work: (session: ClientSession) => Promise<R>,
  options: TransactionRunOptions = {},
): Promise<R> {
  const { connection, ...transactionOptions } = options;
  const { client } = getConnection(connection);
  return client.withSession((session) => session.withTransaction(() => work(session), transactionOptions));
}
