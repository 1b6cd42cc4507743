/**
 * A BSON document kept as the bytes it arrived in. Stored documents travel from SQLite to the
 * socket this way, so a find without projection never decodes or re-encodes them.
 */
export class RawDocument {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}
