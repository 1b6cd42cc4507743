import { MAX_MESSAGE_SIZE } from "./limits.ts";

export class FrameError extends Error {}

/**
 * Splits a TCP byte stream into whole wire-protocol messages. The declared length is checked
 * before any buffer of that size is allocated.
 */
export class FrameReader {
  #chunks: Uint8Array[] = [];
  #buffered = 0;

  /** Adds received bytes and returns every message they complete. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const messages: Uint8Array[] = [];
    for (;;) {
      if (this.#buffered < 4) break;
      const length = this.#peekLength();
      if (length < 16 || length > MAX_MESSAGE_SIZE) {
        throw new FrameError(`invalid message length ${length}`);
      }
      if (this.#buffered < length) break;
      messages.push(this.#take(length));
    }
    return messages;
  }

  #peekLength(): number {
    const first = this.#chunks[0]!;
    if (first.length >= 4) return first[0]! | (first[1]! << 8) | (first[2]! << 16) | (first[3]! << 24);
    const head = this.#take(4, true);
    return head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24);
  }

  /** Removes `n` bytes from the front (or only copies them, with `peek`). */
  #take(n: number, peek = false): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (!peek) {
        if (first.length === n) this.#chunks.shift();
        else this.#chunks[0] = first.subarray(n);
        this.#buffered -= n;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const chunk = this.#chunks[i++]!;
      const part = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
    }
    if (!peek) {
      let remaining = n;
      while (remaining > 0) {
        const chunk = this.#chunks[0]!;
        if (chunk.length <= remaining) {
          remaining -= chunk.length;
          this.#chunks.shift();
        } else {
          this.#chunks[0] = chunk.subarray(remaining);
          remaining = 0;
        }
      }
      this.#buffered -= n;
    }
    return out;
  }
}
