import type { Document } from "bson";
import { CommandError, fail } from "../../errors.ts";
import { compareValues } from "../../query/compare.ts";
import { formatValue } from "../format.ts";
import { getNestedField, parseFieldPath, validateVariableName } from "../field-path.ts";
import type { Namespace } from "../context.ts";
import type { Stage, StageCompiler, StageContext } from "../stage.ts";
import { ValueMap } from "../value-map.ts";
import { isDocument, typeName } from "../values.ts";
import { withId } from "./out.ts";

const WHEN_MATCHED = ["replace", "keepExisting", "merge", "fail"];
const WHEN_NOT_MATCHED = ["insert", "discard", "fail"];

/** One target document as the merge sees it while processing: stored, inserted or replaced. */
interface TargetState {
  doc: Document;
  kind: "stored" | "insert" | "replace";
}

function parseOn(spec: unknown): string[][] {
  const fields = spec === undefined ? ["_id"] : typeof spec === "string" ? [spec] : spec;
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== "string")) {
    fail(51186, "$merge 'on' field must be either a string or an array of strings");
  }
  const unique = new Set(fields as string[]);
  if (unique.size !== fields.length) fail(31465, "Found a duplicate field in $merge 'on' fields");
  return (fields as string[]).map((f) => parseFieldPath(f));
}

/** The document's key on the `on` fields; they must be present, non-null and not arrays. */
function keyOf(doc: Document, on: string[][]): unknown {
  const values = on.map((path) => {
    const v = getNestedField(doc, path);
    if (v === undefined || v === null || Array.isArray(v)) {
      fail(
        51132,
        `$merge write error: 'on' field '${path.join(".")}' cannot be missing, null, undefined or an array`,
      );
    }
    return v;
  });
  return values.length === 1 ? values[0] : values;
}

function compileWhenMatched(
  spec: unknown,
  letSpec: unknown,
  sc: StageContext,
): string | ((existing: Document, incoming: Document) => Document) {
  if (typeof spec === "string") {
    if (!WHEN_MATCHED.includes(spec))
      fail("BadValue", `Enumeration value '${spec}' for field 'whenMatched' is not a valid value.`);
    return spec;
  }
  if (!Array.isArray(spec))
    fail(51191, `$merge 'whenMatched' must be a string or a pipeline, found ${typeName(spec)}`);
  const letDoc = letSpec === undefined ? { new: "$$ROOT" } : letSpec;
  if (!isDocument(letDoc)) fail(51199, `$merge 'let' must be an object, found ${typeName(letSpec)}`);
  const names = Object.keys(letDoc);
  for (const name of names) validateVariableName(name, "write");
  const values = names.map((name) => sc.compiler.compile(letDoc[name]));
  const scope: Record<string, unknown> = Object.create(sc.variables);
  for (const name of names) scope[name] = null;
  const pipeline = sc.compilePipeline(spec, { variables: scope, update: true });
  return (existing, incoming) => {
    for (let i = 0; i < names.length; i++) scope[names[i]!] = values[i]!(incoming, sc.variables);
    const [out] = Array.from(pipeline([existing]));
    if (out === undefined) fail(51190, "$merge 'whenMatched' pipeline produced no document");
    return out;
  };
}

/**
 * `$merge`: writes the pipeline's output into a collection, matching documents on `on` fields
 * (default `_id`): `whenMatched` replace / keepExisting / merge / fail / pipeline, `whenNotMatched`
 * insert / discard / fail. All writes are applied at once through the context.
 */
export const mergeStage: StageCompiler = (spec, sc) => {
  const options =
    typeof spec === "string" || (isDocument(spec) && !("into" in spec) && "coll" in spec)
      ? { into: spec }
      : spec;
  if (!isDocument(options))
    fail(51182, `$merge requires a string or object argument, found ${typeName(spec)}`);
  for (const key of Object.keys(options)) {
    if (!["into", "on", "let", "whenMatched", "whenNotMatched"].includes(key))
      fail(40415, `BSON field '$merge.${key}' is an unknown field.`);
  }
  if (options.into === undefined) fail(40414, "BSON field '$merge.into' is missing but a required field");
  const into = options.into;
  const ns = sc.namespace(
    isDocument(into) ? { db: into.db ?? sc.ctx.dbName, coll: into.coll } : into,
    "$merge",
  );
  const on = parseOn(options.on);
  const onNames = on.map((p) => p.join("."));
  const byId = onNames.length === 1 && onNames[0] === "_id";
  const whenNotMatched = options.whenNotMatched ?? "insert";
  if (typeof whenNotMatched !== "string" || !WHEN_NOT_MATCHED.includes(whenNotMatched)) {
    fail(
      "BadValue",
      `Enumeration value '${String(whenNotMatched)}' for field 'whenNotMatched' is not a valid value.`,
    );
  }
  if (options.let !== undefined && !Array.isArray(options.whenMatched)) {
    fail(
      51198,
      "Cannot use 'let' variables with 'whenMatched: " + String(options.whenMatched ?? "merge") + "' mode",
    );
  }
  const whenMatched = compileWhenMatched(options.whenMatched ?? "merge", options.let, sc);
  const ctx = sc.ctx;

  const run: Stage = function* merge(input) {
    if (!byId && ctx.hasUniqueIndex && !ctx.hasUniqueIndex(ns.db, ns.coll, onNames)) {
      fail(51183, "Cannot find index to verify that join fields will be unique");
    }
    const targets = new ValueMap<TargetState>(sc.compiler.stringComparator);
    for (const doc of ctx.readCollection(ns.db, ns.coll)) {
      if (on.every((path) => getNestedField(doc, path) !== undefined))
        targets.addKey(keyOf(doc, on), { doc, kind: "stored" });
    }
    for (const raw of input) {
      const incoming = byId ? withId(raw) : raw;
      const key = keyOf(incoming, on);
      const target = targets.get(key);
      if (target === undefined) {
        if (whenNotMatched === "fail") {
          fail(
            13113,
            "$merge could not find a matching document in the target collection for at least one document in the source collection",
          );
        }
        if (whenNotMatched === "insert") targets.addKey(key, { doc: withId(incoming), kind: "insert" });
        continue;
      }
      const merged = mergeMatched(whenMatched, target.doc, incoming, on, ns);
      if (merged === target.doc) continue;
      target.doc = merged;
      if (target.kind === "stored") target.kind = "replace";
    }
    const inserts: Document[] = [];
    const replacements: Document[] = [];
    for (const [, state] of targets.entries()) {
      if (state.kind === "insert") inserts.push(state.doc);
      else if (state.kind === "replace") replacements.push(state.doc);
    }
    if (inserts.length > 0 || replacements.length > 0)
      ctx.applyMerge(ns.db, ns.coll, { inserts, replacements });
    yield* []; // $merge passes no documents on
  };
  return run;
};

/** E11000 as mongod reports it for `whenMatched: "fail"`, with `keyPattern` and `keyValue`. */
function duplicateKey(existing: Document, on: string[][], ns: Namespace): CommandError {
  const keyPattern: Document = {};
  const keyValue: Document = {};
  for (const path of on) {
    keyPattern[path.join(".")] = 1;
    keyValue[path.join(".")] = getNestedField(existing, path);
  }
  const index =
    on.length === 1 && on[0]!.join(".") === "_id"
      ? "_id_"
      : Object.keys(keyPattern)
          .map((k) => `${k}_1`)
          .join("_");
  return new CommandError(
    11000,
    `E11000 duplicate key error collection: ${ns.db}.${ns.coll} index: ${index} dup key: ${formatValue(keyValue)}`,
    { keyPattern, keyValue },
  );
}

function mergeMatched(
  mode: ReturnType<typeof compileWhenMatched>,
  existing: Document,
  incoming: Document,
  on: string[][],
  ns: Namespace,
): Document {
  let out: Document;
  if (typeof mode === "function") out = mode(existing, incoming);
  else {
    switch (mode) {
      case "keepExisting":
        return existing;
      case "fail":
        throw duplicateKey(existing, on, ns);
      case "replace":
        out = incoming;
        break;
      default:
        out = { ...existing, ...incoming };
    }
  }
  if (Object.hasOwn(out, "_id") && compareValues(out._id, existing._id) !== 0) {
    fail(
      "ImmutableField",
      "$merge failed to update the matching document, did you attempt to modify the _id or the shard key?",
    );
  }
  return Object.hasOwn(out, "_id") ? out : { _id: existing._id, ...out };
}
