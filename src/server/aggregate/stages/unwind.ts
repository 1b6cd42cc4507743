import { Long } from "bson";
import { fail } from "../../errors.ts";
import { getNestedField, parseFieldPath, setNestedField } from "../field-path.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument, typeName } from "../values.ts";

/** `$unwind`: one output document per array element (with optional index field and preservation). */
export const unwindStage: StageCompiler = (spec) => {
  const options = typeof spec === "string" ? { path: spec } : spec;
  if (!isDocument(options))
    fail(
      15981,
      `expected either a string or an object as specification for $unwind stage, got ${typeName(spec)}`,
    );
  let preserve = false;
  let indexPath: string[] | undefined;
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (key === "preserveNullAndEmptyArrays") {
      if (typeof value !== "boolean")
        fail(
          28809,
          `expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got ${typeName(value)}`,
        );
      preserve = value;
    } else if (key === "includeArrayIndex") {
      if (typeof value !== "string" || value === "")
        fail(
          28810,
          `expected a non-empty string for the includeArrayIndex option to $unwind stage, got ${typeName(value)}`,
        );
      if (value.startsWith("$"))
        fail(28822, `includeArrayIndex option to $unwind stage should not be prefixed with a '$': ${value}`);
      indexPath = parseFieldPath(value);
    } else if (key !== "path") fail(28811, `unrecognized option to $unwind stage: ${key}`);
  }
  const path = options.path;
  if (path === undefined) fail(28812, "no path specified to $unwind stage");
  if (typeof path !== "string")
    fail(28808, `expected a string as the path for $unwind stage, got ${typeName(path)}`);
  if (!path.startsWith("$"))
    fail(28818, `path option to $unwind stage should be prefixed with a '$': ${path}`);
  const parts = parseFieldPath(path.slice(1));
  const withIndex = (doc: typeof options, index: Long | null) =>
    indexPath ? setNestedField(doc, indexPath, index) : doc;
  return function* unwind(input) {
    for (const doc of input) {
      const value = getNestedField(doc, parts);
      if (Array.isArray(value)) {
        if (value.length === 0) {
          if (preserve) yield withIndex(setNestedField(doc, parts, undefined), null);
          continue;
        }
        for (let i = 0; i < value.length; i++) {
          yield withIndex(setNestedField(doc, parts, value[i]), Long.fromNumber(i));
        }
      } else if (value !== undefined && value !== null) yield withIndex(doc, null);
      else if (preserve) yield withIndex(doc, null);
    }
  };
};
