import { Kind } from "@sinclair/typebox";
import { bsonTypeOf } from "../../orm/bson-types.ts";
import type { DocumentBase } from "../../orm/document.ts";
import type { ModelInfo } from "../../orm/model-info.ts";
import { type AnyModel, infoOf } from "../../orm/model-ref.ts";
import type { SchemaNode } from "../../orm/schema.ts";
import type { Validator } from "../../orm/validator.ts";
import { isDocumentLike } from "../../orm/values.ts";
import { INVALID } from "./bson-json.ts";
import { BadRequestError, type ErrorIssue, RequestValidationError } from "./errors.ts";
import { toErrorIssues } from "./issues.ts";
import { compileDecoder, type Decode } from "./json-decoder.ts";
import { expectedText, parseText } from "./query-values.ts";

/** A model class as the Hono helpers use it: its statics (`find`, `insert`, ...) and types. */
export type Model = AnyModel & Omit<typeof DocumentBase, "prototype">;

/** A checked partial update of a model: fields to set, optional fields to remove (sent as `null`). */
export interface Patch<T = Record<string, unknown>> {
  readonly set: Partial<Omit<T, "_id">>;
  readonly unset: readonly (keyof T & string)[];
}

/** Kinds whose JSON form (`JSON.stringify`'s default) is not a plain JSON value. */
const REPLACED_KINDS = new Set(["Long", "Decimal128", "Any", "Unknown"]);

function needsReplacer(node: SchemaNode): boolean {
  if (REPLACED_KINDS.has(node[Kind] as string)) return true;
  if (node[Kind] === "Object" && node.additionalProperties !== false) return true;
  const children = [
    ...Object.values(node.properties ?? {}),
    ...Object.values(node.patternProperties ?? {}),
    ...(node.anyOf ?? []),
    ...(Array.isArray(node.items) ? node.items : node.items ? [node.items] : []),
    ...(typeof node.additionalProperties === "object" ? [node.additionalProperties] : []),
  ];
  return children.some(needsReplacer);
}

/** `Long` as a number when it fits (a decimal string otherwise), `Decimal128` as a string, bigint as a string. */
function bsonReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (typeof raw === "bigint") return raw.toString();
  switch (bsonTypeOf(raw)) {
    case "Long": {
      const n = (raw as { toNumber(): number }).toNumber();
      return Number.isSafeInteger(n) ? n : String(raw);
    }
    case "Decimal128":
      return String(raw);
    default:
      return value;
  }
}

/** Drops validator issues at or below a path whose JSON form was already reported. */
function mergeIssues(decoded: ErrorIssue[], checked: ErrorIssue[]): ErrorIssue[] {
  if (decoded.length === 0) return checked;
  const covered = (path: string) => decoded.some((d) => path === d.path || path.startsWith(`${d.path}.`));
  return [...decoded, ...checked.filter((issue) => !covered(issue.path))];
}

/**
 * What the Hono helpers compile once per model: the JSON decoder, the response serializer, the
 * id parser, and checks of insert and patch bodies built on the model's compiled validators.
 */
export class ModelCodec {
  readonly model: Model;
  readonly info: ModelInfo;
  readonly #decode: Decode | undefined;
  readonly #replacer: typeof bsonReplacer | undefined;
  readonly #idNode: SchemaNode;
  readonly #strict: boolean;

  constructor(model: Model) {
    this.model = model;
    this.info = infoOf(model);
    this.#decode = compileDecoder(this.info.schema);
    this.#replacer = needsReplacer(this.info.schema) ? bsonReplacer : undefined;
    this.#idNode = this.info.schema.properties._id as SchemaNode;
    this.#strict = this.info.schema.additionalProperties === false;
  }

  /** JSON text of a response value (BSON values as their JSON forms). */
  stringify(value: unknown): string {
    return JSON.stringify(value, this.#replacer);
  }

  /** Converts JSON forms to BSON values in place; returns the problems found. */
  decode(body: Record<string, unknown>): ErrorIssue[] {
    const issues: ErrorIssue[] = [];
    this.#decode?.(body, "", issues);
    return issues;
  }

  /** Parses an `_id` from a path parameter by the schema type of `_id`; 400 `INVALID_ID` otherwise. */
  parseId(raw: string): unknown {
    const id = parseText(this.#idNode, raw);
    if (id !== INVALID) return id;
    const message = `expected ${expectedText(this.#idNode)}`;
    throw new BadRequestError("INVALID_ID", `"${raw}" is not a valid id: ${message}`, [
      { path: "id", message, in: "param" },
    ]);
  }

  /**
   * Decodes an insert body and lists every problem: JSON forms that are not the schema's BSON
   * type, and everything the model's compiled validator finds once defaults are filled.
   */
  inputIssues(body: unknown): ErrorIssue[] {
    if (!isDocumentLike(body)) return [{ path: "", message: "Expected an object", in: "body" }];
    const decoded = this.decode(body);
    const data = new this.model(body).toJSON() as Record<string, unknown>;
    const { validator } = this.info;
    return mergeIssues(decoded, validator.check(data) ? [] : toErrorIssues(validator.issues(data), "body"));
  }

  /**
   * Decodes an insert body for `Model.insert`, which validates it. Only when decoding fails are
   * the validator's issues computed here, so the answer still lists every problem.
   */
  decodeInput(body: unknown): Record<string, unknown> {
    if (!isDocumentLike(body) || this.decode(body).length > 0) {
      throw new RequestValidationError("body", this.inputIssues(body));
    }
    return body;
  }

  /**
   * Checks a partial update: each given top-level field against its own compiled schema
   * (unknown fields, `_id` and the revision field refused), every problem listed. `null` on an
   * optional field that cannot hold `null` removes it (JSON Merge Patch).
   */
  checkPatch(body: unknown): Patch {
    if (!isDocumentLike(body)) {
      throw new RequestValidationError("body", [{ path: "", message: "Expected an object", in: "body" }]);
    }
    const issues = this.decode(body);
    const reported = new Set(issues.map((issue) => issue.path.split(".")[0]));
    const keys = Object.keys(body);
    if (keys.length === 0)
      issues.push({ path: "", message: "Expected at least one field to update", in: "body" });
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const key of keys) {
      if (reported.has(key)) continue;
      const value = body[key];
      const problem = this.#patchProblem(key, value);
      if (problem === "unset") unset.push(key);
      else if (problem) issues.push(...problem);
      else set[key] = value;
    }
    if (issues.length > 0) throw new RequestValidationError("body", issues);
    return { set, unset };
  }

  #patchProblem(key: string, value: unknown): ErrorIssue[] | "unset" | undefined {
    if (key === "_id" || key === this.info.revisionKey) {
      return [{ path: key, message: "Cannot be changed", in: "body" }];
    }
    const node = this.info.schema.properties[key] as SchemaNode | undefined;
    if (!node) {
      // A dotted key would $set a nested path the schema never declared.
      const refused = this.#strict || key.includes(".");
      return refused ? [{ path: key, message: "Unknown field", in: "body" }] : undefined;
    }
    const validator = this.#fieldValidator(key, node);
    if (validator.check(value)) return undefined;
    if (value === null && !this.info.schema.required?.includes(key)) return "unset";
    return toErrorIssues(validator.issues(value, key), "body");
  }

  #fieldValidator(key: string, node: SchemaNode): Validator {
    // The ORM's per-path validator cache: the same validators its update checks use.
    return this.info.updateGuard(false, true).validatorAt(key, node);
  }
}

const codecs = new WeakMap<object, ModelCodec>();

/**
 * The `ModelCodec` of a model, compiled on first use and cached.
 *
 * @example
 * const issues = codecOf(User).inputIssues(body);
 */
export function codecOf(model: Model): ModelCodec {
  let codec = codecs.get(model);
  if (!codec) codecs.set(model, (codec = new ModelCodec(model)));
  return codec;
}
