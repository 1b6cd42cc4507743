import { compileFind } from "../exec/find.ts";
import { isNumber, toDouble } from "../query/numbers.ts";
import type { Storage } from "./engine.ts";

/**
 * The TTL monitor's pass: deletes documents whose date in a TTL index (`expireAfterSeconds` on a
 * single field) is older than the index allows. An array of dates expires with its earliest date,
 * as in mongod. Returns how many documents were removed.
 */
export function expireDocuments(storage: Storage, now = Date.now()): number {
  let removed = 0;
  for (const db of storage.databases()) {
    for (const store of storage.collections(db)) {
      for (const index of store.indexes) {
        const ttl = index.spec.expireAfterSeconds;
        if (!isNumber(ttl) || index.pattern.length !== 1) continue;
        const field = index.pattern[0]![0];
        const cutoff = new Date(now - toDouble(ttl) * 1000);
        storage.write(() => {
          const { matches } = compileFind(store, { filter: { [field]: { $lt: cutoff } } });
          for (const match of [...matches()]) {
            store.delete(match.rid, match.doc);
            removed++;
          }
        });
      }
    }
  }
  return removed;
}
