import { parseArgs } from "node:util";
import type { IndexDescription } from "mongodb";
import { indexName } from "../indexes.ts";
import { jsonSchemaOf } from "../json-schema.ts";
import { runCommand, UsageError } from "./command.ts";
import { type ExportedModel, loadModels } from "./models.ts";

const USAGE = `Usage: data-bridge schema MODULE [--model NAME] [--json]

Imports MODULE and prints each exported model: its collection, its fields as JSON Schema
(BSON values as bsonType) and its declared indexes.
  --model NAME   only the model exported as NAME
  --json         one JSON array of { model, collection, discriminator?, schema, indexes }`;

/** What `schema --json` prints for one model. */
export interface ModelDescription {
  model: string;
  collection: string;
  /** For subtypes: the key and this model's value; for an extended base: the key. */
  discriminator?: { key: string; value?: string };
  schema: Record<string, unknown>;
  /** The declared indexes, each with its name (given or MongoDB's default). */
  indexes: (IndexDescription & { name: string })[];
}

/** A model's collection, JSON Schema, discriminator and declared indexes. */
export function describeModel({ name, model, info }: ExportedModel): ModelDescription {
  const description: ModelDescription = {
    model: name,
    collection: info.collectionName,
    schema: jsonSchemaOf(model),
    indexes: (info.settings.indexes ?? []).map((spec) => ({ ...spec, name: indexName(spec) })),
  };
  const slot = info.discriminator;
  if (slot)
    description.discriminator = { key: slot.hierarchy.key, ...(slot.value ? { value: slot.value } : {}) };
  return description;
}

function text(d: ModelDescription): string {
  const lines = [`${d.model} (collection ${d.collection})`];
  if (d.discriminator) {
    const { key, value } = d.discriminator;
    lines.push(
      value === undefined ? `  base of subtypes told apart by "${key}"` : `  subtype: ${key} = "${value}"`,
    );
  }
  lines.push("  fields:", JSON.stringify(d.schema, null, 2).replace(/^/gm, "    "));
  lines.push(d.indexes.length === 0 ? "  indexes: none declared" : "  indexes:");
  for (const { name, key, ...options } of d.indexes) {
    const shown = Object.keys(options).length > 0 ? ` ${JSON.stringify(options)}` : "";
    lines.push(`    ${name}  ${JSON.stringify(key)}${shown}`);
  }
  return lines.join("\n");
}

/**
 * `data-bridge schema`: prints the models a module exports.
 *
 * @example
 * process.exit(await schema(["src/models.ts", "--model", "User", "--json"]));
 */
export function schema(argv: string[]): Promise<number> {
  return runCommand("schema", USAGE, argv, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { model: { type: "string" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError("name one MODULE");
    const described = (await loadModels(positionals[0]!, values.model)).map(describeModel);
    console.log(values.json ? JSON.stringify(described, null, 2) : described.map(text).join("\n\n"));
    return 0;
  });
}
