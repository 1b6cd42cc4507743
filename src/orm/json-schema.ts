import { Kind } from "@sinclair/typebox";
import { infoOf } from "./model-ref.ts";
import { linkTarget } from "./relations.ts";
import type { SchemaNode } from "./schema.ts";

/** MongoDB's `bsonType` names of the BSON kinds. */
const BSON_TYPES: Record<string, string> = {
  ObjectId: "objectId",
  Date: "date",
  Decimal128: "decimal",
  Long: "long",
  Binary: "binData",
};

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== "object" || node === null) return node;
  const schema = node as SchemaNode & Record<string, unknown>;
  const target = linkTarget(schema);
  if (target) {
    const info = infoOf(target());
    return { ...(convert(info.schema.properties._id) as object), "x-link": info.collectionName };
  }
  const bsonType = BSON_TYPES[schema[Kind]];
  const out: Record<string, unknown> = bsonType ? { bsonType } : {};
  for (const [key, value] of Object.entries(schema)) {
    if (typeof value === "function" || (bsonType && key === "type")) continue;
    out[key] = convert(value);
  }
  return out;
}

/**
 * The JSON Schema of a model's stored documents, from its TypeBox schema: BSON values use
 * MongoDB's `bsonType` (`objectId`, `date`, `decimal`, `long`, `binData`), link fields their
 * target's `_id` schema with `"x-link": collection`; function defaults are left out.
 *
 * @example
 * console.log(JSON.stringify(jsonSchemaOf(User), null, 2));
 */
export function jsonSchemaOf(model: object): Record<string, unknown> {
  return convert(infoOf(model).schema) as Record<string, unknown>;
}
