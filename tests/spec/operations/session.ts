import type { SessionEntity } from "../entities.ts";
import type { Operation } from "../types.ts";
import type { OperationHandler } from "./context.ts";

/** Session operations: transactions (explicit and convenient API) and endSession. */

type SessionOperation = OperationHandler<SessionEntity>;

export const sessionOperations: Record<string, SessionOperation> = {
  abortTransaction: async ({ session }) => {
    await session.abortTransaction();
    return undefined;
  },
  commitTransaction: async ({ session }) => {
    await session.commitTransaction();
    return undefined;
  },
  endSession: async ({ session }) => {
    await session.endSession();
    return undefined;
  },
  startTransaction: async ({ session }, args, context) => {
    context.usedTransactions = true;
    session.startTransaction(args);
    return undefined;
  },
  withTransaction: async ({ session }, args, context) => {
    context.usedTransactions = true;
    const { callback, ...options } = args;
    if (!Array.isArray(callback)) throw new Error("withTransaction: callback must be a list of operations");
    await session.withTransaction(async () => {
      for (const operation of callback as Operation[]) await context.runNested(operation);
    }, options);
    return undefined;
  },
};
