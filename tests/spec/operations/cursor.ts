import type { CursorLike } from "../entities.ts";
import type { OperationHandler } from "./context.ts";

/** Cursor operations on find cursors, command cursors and change streams saved as entities. */
export const cursorOperations: Record<string, OperationHandler<CursorLike>> = {
  close: async (cursor) => {
    await cursor.close().catch(() => {});
    return undefined;
  },
  iterateOnce: (cursor) => cursor.tryNext(),
  iterateUntilDocumentOrError: (cursor) => cursor.next(),
};
