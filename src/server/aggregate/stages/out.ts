import { type Document, ObjectId } from "bson";
import { fail } from "../../errors.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** A document to write: `_id` generated first when absent, as mongod's `$out`/`$merge` do. */
export function withId(doc: Document): Document {
  return Object.hasOwn(doc, "_id") ? doc : { _id: new ObjectId(), ...doc };
}

/** `$out`: replaces a collection's contents with the pipeline's output (outputs nothing). */
export const outStage: StageCompiler = (spec, sc) => {
  const target = typeof spec === "string" ? spec : isDocument(spec) ? spec : undefined;
  if (target === undefined)
    fail(16990, `$out only supports a string or object argument, not ${typeName(spec)}`);
  const ns = sc.namespace(isDocument(target) ? { db: target.db, coll: target.coll } : target, "$out");
  if (ns.coll.startsWith("system."))
    fail("InvalidNamespace", `Invalid $out target namespace, ${ns.db}.${ns.coll}`);
  const ctx = sc.ctx;
  return function* out(input) {
    ctx.replaceCollection(ns.db, ns.coll, Array.from(input, withId));
    yield* []; // $out passes no documents on
  };
};
