import { basename } from "node:path";

/**
 * Spec tests the official Node driver (v7) cannot pass against any server, because the driver
 * itself sends something other than what the test expects. They are skipped with the reason;
 * each was checked in the driver source named below.
 */

const BYPASS_FALSE =
  "driver: the Node driver omits bypassDocumentValidation:false from aggregate, findAndModify and bulk writes (lib/operations/aggregate.js, find_and_modify.js, bulk/common.js)";
const NULL_ID =
  "driver: the Node driver replaces _id: null with a new ObjectId before inserting (lib/utils.js maybeAddIdToDocuments)";
const COMMIT_WTIMEOUT =
  "driver: the Node driver adds wtimeout: 10000 to the first commitTransaction whenever a write concern is set (lib/sessions.js commitTransaction)";

const DEVIATIONS: Record<string, Record<string, string>> = {
  "bypassDocumentValidation.json": {
    "Aggregate with $out passes bypassDocumentValidation: false": BYPASS_FALSE,
    "BulkWrite passes bypassDocumentValidation: false": BYPASS_FALSE,
    "FindOneAndReplace passes bypassDocumentValidation: false": BYPASS_FALSE,
    "FindOneAndUpdate passes bypassDocumentValidation: false": BYPASS_FALSE,
    "InsertMany passes bypassDocumentValidation: false": BYPASS_FALSE,
  },
  "create-null-ids.json": {
    "inserting _id with type null via insertOne": NULL_ID,
    "inserting _id with type null via insertMany": NULL_ID,
    "inserting _id with type null via bulkWrite": NULL_ID,
  },
  "poc-transactions-convenient-api.json": {
    "withTransaction inherits transaction options from client": COMMIT_WTIMEOUT,
    "withTransaction inherits transaction options from defaultTransactionOptions": COMMIT_WTIMEOUT,
    "withTransaction explicit transaction options": COMMIT_WTIMEOUT,
  },
};

/**
 * Why the driver cannot pass this test, or undefined.
 *
 * @example
 * driverDeviation("crud/tests/unified/create-null-ids.json", "inserting _id with type null via insertOne");
 */
export function driverDeviation(path: string, description: string): string | undefined {
  return DEVIATIONS[basename(path)]?.[description];
}
