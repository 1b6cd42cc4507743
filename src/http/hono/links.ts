import { infoOf } from "../../orm/model-ref.ts";
import { linkTarget } from "../../orm/relations.ts";
import type { SchemaNode } from "../../orm/schema.ts";

/**
 * The `_id` schema of the model a `Link` field points at: a link is written in JSON and query
 * strings exactly as that `_id`. Resolved on use, since the target may be defined after the link.
 *
 * @example
 * linkedIdNode(Book.schema.properties.author);   // Author's _id schema (an ObjectId)
 */
export function linkedIdNode(node: SchemaNode): SchemaNode {
  const target = linkTarget(node);
  if (!target) return node;
  return infoOf(target()).schema.properties._id as SchemaNode;
}
