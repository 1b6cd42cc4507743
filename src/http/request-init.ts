import { encodeQuery, type QueryParams } from "./url.ts";

/** Headers as a plain object, a `Headers`, or pairs. An `undefined` value removes a client default. */
export type HeadersInput =
  | Record<string, string | undefined>
  | Headers
  | readonly (readonly [string, string])[];

/** Form fields: sent as `application/x-www-form-urlencoded`, or as multipart for a `FormData`. */
export type FormInput = QueryParams | FormData;

/** The parts of a request that become the fetch init. At most one of `json`, `form`, `body`. */
export interface RequestContent {
  headers?: HeadersInput;
  /** A value sent as JSON with `content-type: application/json`. */
  json?: unknown;
  form?: FormInput;
  /** A raw body: string, bytes, `ReadableStream` (streamed, never retried), Blob... */
  body?: BodyInit;
}

/** The init passed to fetch, with only the keys that are set; `signal` is set per attempt. */
export interface FetchInit {
  method: string;
  headers?: Record<string, string> | Headers;
  body?: BodyInit;
  signal?: AbortSignal;
}

/**
 * Headers with lower-case names, `undefined` values left out.
 *
 * @example
 * headerRecord({ Accept: "application/json" }); // { accept: "application/json" }
 */
export function headerRecord(input: HeadersInput | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  mergeInto(record, input);
  return record;
}

/**
 * Builds the fetch init for one request: client headers, request headers and the encoded body.
 * When the request adds nothing to the headers the client's header object is shared, not copied.
 */
export function fetchInit(
  method: string,
  defaults: Record<string, string> | undefined,
  content: RequestContent,
): FetchInit {
  const { json, form, body } = content;
  let payload: BodyInit | undefined = body;
  let contentType: string | undefined;
  if (json !== undefined) {
    if (form !== undefined || body !== undefined) throw bodyConflict();
    payload = encodeJson(json);
    contentType = "application/json";
  } else if (form !== undefined) {
    if (body !== undefined) throw bodyConflict();
    if (form instanceof FormData) payload = form;
    else {
      payload = encodeQuery(form);
      contentType = "application/x-www-form-urlencoded";
    }
  }
  let headers = defaults;
  if (
    content.headers !== undefined ||
    (contentType !== undefined && defaults?.["content-type"] === undefined)
  ) {
    const merged: Record<string, string> = { ...defaults };
    mergeInto(merged, content.headers);
    if (contentType !== undefined) merged["content-type"] ??= contentType;
    headers = merged;
  }
  const init: FetchInit = { method };
  if (headers !== undefined) init.headers = headers;
  if (payload !== undefined) init.body = payload;
  return init;
}

function mergeInto(target: Record<string, string>, input: HeadersInput | undefined): void {
  if (input === undefined) return;
  if (input instanceof Headers) {
    input.forEach((value, name) => {
      target[name] = value;
    });
    return;
  }
  const entries: Iterable<readonly [string, string | undefined]> = Array.isArray(input)
    ? (input as readonly (readonly [string, string])[])
    : Object.entries(input);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (value === undefined) delete target[key];
    else if (typeof value !== "string") {
      throw new TypeError(`header "${name}" must be a string, got ${value === null ? "null" : typeof value}`);
    } else target[key] = value;
  }
}

function encodeJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`json body cannot be serialised: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new TypeError(`json body cannot be serialised: got ${typeof value}`);
  return text;
}

function bodyConflict(): TypeError {
  return new TypeError("give at most one of json, form and body");
}
