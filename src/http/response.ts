import type { Static, TSchema } from "@sinclair/typebox";
import type { AttemptSignal } from "./attempt-signal.ts";
import { HttpParseError, HttpSchemaError } from "./errors.ts";
import { toHttpError } from "./failure.ts";
import type { OriginPool } from "./pool.ts";
import { schemaIssues } from "./schema-check.ts";

const readText = (raw: Response) => raw.text();
const readBytes = (raw: Response) => raw.bytes();
const readArrayBuffer = (raw: Response) => raw.arrayBuffer();

/** Bodies up to this size are read to the end when discarded, so the connection stays reusable. */
const DRAIN_LIMIT = 64 * 1024;

/** Hands the response to the caller, who then has 20-40 ms to start reading the body. */
export const handOver = Symbol("handOver");

/** How often responses nobody has started reading are looked for. */
const SWEEP_MS = 20;

/**
 * A response with timing. Holds its origin's pool slot (and the attempt's timeout) until the body is
 * read, cancelled or discarded. A body nobody has started reading 20-40 ms after the response was
 * returned gives the slot back (and stops the timeout), so a forgotten body cannot block the pool.
 *
 * @example
 * const res = await client.get("/users/1");
 * res.status;     // 200
 * res.latencyMs;  // time to headers
 * const user = await res.json(UserSchema); // checked, typed
 * res.totalMs;    // time to the end of the body
 */
export class HttpResponse {
  readonly status: number;
  /** The method of the request. */
  readonly method: string;
  /** Milliseconds from sending (after any queue wait) to the response headers. */
  readonly latencyMs: number;
  /** Attempts made, 1 when there was no retry. */
  readonly attempts: number;
  readonly #raw: Response;
  readonly #requestUrl: string;
  readonly #pool: OriginPool;
  readonly #guard: AttemptSignal | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #start: number;
  #totalMs: number | undefined;
  #holding = true;
  #claimed = false;
  #stream: ReadableStream<Uint8Array> | null | undefined;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  // Responses handed over and not yet read form one list in hand-over order. Reading unlinks a
  // response in O(1), so the sweep only ever walks the forgotten ones.
  static #unreadHead: HttpResponse | undefined;
  static #unreadTail: HttpResponse | undefined;
  static #sweeps = 0;
  static #sweeper: ReturnType<typeof setInterval> | undefined;
  /** The sweep count when handed over while unread; -1 when not in the unread list. */
  #sweepAtHandOver = -1;
  #prevUnread: HttpResponse | undefined;
  #nextUnread: HttpResponse | undefined;

  constructor(
    raw: Response,
    method: string,
    requestUrl: string,
    pool: OriginPool,
    guard: AttemptSignal | undefined,
    caller: AbortSignal | undefined,
    start: number,
    attempts: number,
  ) {
    this.#raw = raw;
    this.status = raw.status;
    this.method = method;
    this.#requestUrl = requestUrl;
    this.#pool = pool;
    this.#guard = guard;
    this.#caller = caller;
    this.#start = start;
    this.latencyMs = performance.now() - start;
    this.attempts = attempts;
    pool.latency.record(this.latencyMs);
    if (method === "HEAD" || this.status === 204 || this.status === 205 || this.status === 304) {
      this.#totalMs = this.latencyMs;
      this.#release();
    }
  }

  /** True for a status in 200-299. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    return this.#raw.headers;
  }

  get statusText(): string {
    return this.#raw.statusText;
  }

  /** The final URL (after redirects). */
  get url(): string {
    return this.#raw.url || this.#requestUrl;
  }

  get redirected(): boolean {
    return this.#raw.redirected;
  }

  /** Milliseconds from sending to the end of the body; `undefined` until the body has been read. */
  get totalMs(): number | undefined {
    return this.#totalMs;
  }

  /** True once a reader (text, json, bytes, body...) has started on the body. */
  get bodyUsed(): boolean {
    return this.#claimed;
  }

  text(): Promise<string> {
    return this.#read(readText);
  }

  bytes(): Promise<Uint8Array> {
    return this.#read(readBytes);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(readArrayBuffer);
  }

  /**
   * Parses the body as JSON. With a TypeBox schema the value is checked by the schema's compiled
   * validator (compiled once per schema object) and typed by it; a mismatch throws
   * {@link HttpSchemaError} listing every failing path. Invalid JSON throws {@link HttpParseError}.
   */
  json<T = unknown>(): Promise<T>;
  json<S extends TSchema>(schema: S): Promise<Static<S>>;
  async json(schema?: TSchema): Promise<unknown> {
    // Reads inline rather than through #read: one promise hop less on the most common path.
    this.#claim();
    let text: string;
    try {
      text = await this.#raw.text();
    } catch (error) {
      throw this.#bodyError(error);
    } finally {
      this.#finish();
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpParseError(this.method, this.#requestUrl, this.status, text, error);
    }
    if (schema !== undefined) {
      const issues = schemaIssues(schema, value);
      if (issues !== undefined) throw new HttpSchemaError(this.method, this.#requestUrl, this.status, issues);
    }
    return value;
  }

  /**
   * The body as a stream (the same stream on every access). Errors while reading come out as the
   * client's typed errors; the pool slot is freed when the stream ends, fails or is cancelled.
   */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream !== undefined) return this.#stream;
    this.#claim();
    const source = this.#raw.body;
    if (source === null) {
      this.#finish();
      this.#stream = null;
      return null;
    }
    const reader = source.getReader();
    this.#reader = reader;
    this.#stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const { done, value } = await reader.read();
            if (!done) return controller.enqueue(value);
            this.#finish();
            controller.close();
          } catch (error) {
            this.#finish();
            controller.error(this.#bodyError(error));
          }
        },
        cancel: async (reason) => {
          this.#finish();
          await reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  /**
   * Throws the body away and frees the slot. A small body (content-length up to 64 KiB) is read to
   * the end so the keep-alive connection can be reused; a larger or unknown one is cancelled.
   */
  async discard(): Promise<void> {
    if (!this.#holding && this.#claimed) return;
    const length = Number(this.#raw.headers.get("content-length") ?? Number.NaN);
    try {
      if (this.#reader !== undefined) await this.#reader.cancel();
      else if (!this.#claimed) {
        this.#claim();
        if (length <= DRAIN_LIMIT) await this.#raw.arrayBuffer();
        else await this.#raw.body?.cancel();
      }
    } catch {
      // The body is being thrown away; a failure to read or cancel it changes nothing for the caller.
    } finally {
      this.#finish();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.discard();
  }

  /** Called by the client when the caller receives the response. */
  [handOver](): void {
    if (!this.#holding) return;
    this.#sweepAtHandOver = HttpResponse.#sweeps;
    const tail = HttpResponse.#unreadTail;
    this.#prevUnread = tail;
    if (tail === undefined) HttpResponse.#unreadHead = this;
    else tail.#nextUnread = this;
    HttpResponse.#unreadTail = this;
    if (HttpResponse.#sweeper === undefined) {
      HttpResponse.#sweeper = setInterval(HttpResponse.#sweep, SWEEP_MS);
      HttpResponse.#sweeper.unref?.();
    }
  }

  /** Frees the slots of responses handed over before the previous sweep and still unread. */
  static #sweep(): void {
    const cutoff = HttpResponse.#sweeps++;
    let head = HttpResponse.#unreadHead;
    while (head !== undefined && head.#sweepAtHandOver < cutoff) {
      head.#unlink();
      head.#release();
      head = HttpResponse.#unreadHead;
    }
    if (head === undefined) {
      clearInterval(HttpResponse.#sweeper);
      HttpResponse.#sweeper = undefined;
    }
  }

  #unlink(): void {
    this.#sweepAtHandOver = -1;
    const prev = this.#prevUnread;
    const next = this.#nextUnread;
    if (prev === undefined) HttpResponse.#unreadHead = next;
    else prev.#nextUnread = next;
    if (next === undefined) HttpResponse.#unreadTail = prev;
    else next.#prevUnread = prev;
    this.#prevUnread = this.#nextUnread = undefined;
  }

  /** Reads the whole body with `read`, mapping failures to typed errors and freeing the slot. */
  async #read<T>(read: (raw: Response) => Promise<T>): Promise<T> {
    this.#claim();
    try {
      return await read(this.#raw);
    } catch (error) {
      throw this.#bodyError(error);
    } finally {
      this.#finish();
    }
  }

  #claim(): void {
    if (this.#claimed) throw new TypeError(`${this.method} ${this.#requestUrl}: the body was already read`);
    this.#claimed = true;
    if (this.#sweepAtHandOver >= 0) this.#unlink();
  }

  #finish(): void {
    this.#totalMs ??= performance.now() - this.#start;
    this.#release();
  }

  #release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    this.#guard?.dispose();
    this.#pool.release();
  }

  #bodyError(error: unknown): unknown {
    this.#pool.errors++;
    return toHttpError(error, this.method, this.#requestUrl, "body", this.#guard, this.#caller);
  }
}
