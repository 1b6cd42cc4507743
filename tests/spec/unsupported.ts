/**
 * Raised for a feature this runner deliberately does not implement (CSFLE, threads, log
 * messages, ...). The runner reports the test as skipped with this message, never as passed.
 */
export class UnsupportedFeature extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedFeature";
  }
}

/** Entity types this runner does not create, with the reason reported for skipped tests. */
export const UNSUPPORTED_ENTITIES: Record<string, string> = {
  clientEncryption: "clientEncryption entities (CSFLE) are not supported",
  thread: "thread entities are not supported",
};

/** Client entity fields this runner does not implement, with the reason. */
export const UNSUPPORTED_CLIENT_FIELDS: Record<string, string> = {
  autoEncryptOpts: "auto encryption (CSFLE) is not supported",
  observeLogMessages: "log message observation is not supported",
  storeEventsAsEntities: "storeEventsAsEntities is not supported",
};
