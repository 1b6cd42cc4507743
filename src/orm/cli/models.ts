import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ModelInfo } from "../model-info.ts";
import { type AnyModel, infoOf, MODEL } from "../model-ref.ts";
import { UsageError } from "./command.ts";

/** A model exported by a user module, under its export name. */
export interface ExportedModel {
  readonly name: string;
  readonly model: AnyModel;
  readonly info: ModelInfo;
}

const isModel = (value: unknown): value is AnyModel => typeof value === "function" && MODEL in value;

/**
 * Imports `path` and returns the models it exports (classes made with `Document()` or
 * `extend()`), by export name, each once; with `only`, the one exported under that name.
 */
export async function loadModels(path: string, only?: string): Promise<ExportedModel[]> {
  const module: Record<string, unknown> = await import(pathToFileURL(resolve(path)).href);
  const seen = new Set<unknown>();
  const models: ExportedModel[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (!isModel(value) || seen.has(value)) continue;
    seen.add(value);
    models.push({ name, model: value, info: infoOf(value) });
  }
  if (models.length === 0) throw new UsageError(`${path} exports no models (classes made with Document())`);
  if (only === undefined) return models;
  const chosen = models.filter((m) => m.name === only);
  if (chosen.length === 0) {
    throw new UsageError(
      `${path} exports no model named ${only}; it exports ${models.map((m) => m.name).join(", ")}`,
    );
  }
  return chosen;
}
