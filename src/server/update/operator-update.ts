import { fail } from "../errors.ts";
import { bsonTypeOf } from "../query/bson-type.ts";
import { collatorFor } from "../query/collation.ts";
import { valuesEqual } from "../query/compare.ts";
import { formatElement, formatValue } from "../query/format.ts";
import { isDocument, MISSING } from "../query/path.ts";
import { parseArrayFilters } from "./array-filters.ts";
import { compileAddToSet, compilePop, compilePull, compilePullAll, compilePush } from "./array-operators.ts";
import { compileBit, compileInc, compileMax, compileMin, compileMul } from "./arithmetic-operators.ts";
import {
  compileCurrentDate,
  compileRename,
  compileSet,
  compileSetOnInsert,
  compileUnset,
} from "./field-operators.ts";
import type { LeafCompiler, LeafSettings } from "./leaf.ts";
import { UpdateTree } from "./tree.ts";
import type { ApplyOptions, CompiledUpdate, UpdateOptions } from "./types.ts";
import { parseUpdatePath, type UpdatePath } from "./update-path.ts";

const OPERATORS: Readonly<Record<string, LeafCompiler>> = {
  $set: compileSet,
  $setOnInsert: compileSetOnInsert,
  $unset: compileUnset,
  $currentDate: compileCurrentDate,
  $inc: compileInc,
  $mul: compileMul,
  $min: compileMin,
  $max: compileMax,
  $bit: compileBit,
  $push: compilePush,
  $addToSet: compileAddToSet,
  $pop: compilePop,
  $pull: compilePull,
  $pullAll: compilePullAll,
};

/**
 * Reads a `$rename` endpoint as mongod checks it: neither endpoint may go through an array (BadValue),
 * and a source path that runs into a scalar is not viable (28). Returns MISSING when absent.
 */
function readRenamePath(
  doc: Record<string, unknown>,
  dotted: string,
  role: "source" | "destination",
): unknown {
  let current: unknown = doc;
  const parts = dotted.split(".");
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    if (Array.isArray(current) || (current !== doc && !isDocument(current))) {
      if (role === "destination" && !Array.isArray(current)) return MISSING;
      const parent = parts[i - 1]!;
      if (!Array.isArray(current)) {
        fail(
          "PathNotViable",
          `cannot use the part (${name} of ${dotted}) to traverse the element (${formatElement(parent, current)})`,
        );
      }
      const id = Object.hasOwn(doc, "_id") ? `_id: ${formatValue(doc._id)}` : "no id";
      fail(
        "BadValue",
        `The ${role} field cannot be an array element, '${dotted}' in doc with ${id} has an array field called '${parent}'`,
      );
    }
    const container = current as Record<string, unknown>;
    if (!Object.hasOwn(container, name)) return MISSING;
    current = container[name];
  }
  return current;
}

/**
 * Compiles an operator update (`{ $set: {...}, $inc: {...} }`): validates operators, paths, conflicts
 * (40) and array filter identifiers once, then applies copy-on-write per document.
 */
export function compileOperatorUpdate(
  update: Record<string, unknown>,
  options: UpdateOptions,
): CompiledUpdate {
  const settings: LeafSettings = { collation: options.collation, collator: collatorFor(options.collation) };
  const filters = parseArrayFilters(options.arrayFilters, {
    ...(options.collation ? { collation: options.collation } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
  });
  const usedFilters = new Set<string>();
  const insertTree = new UpdateTree();
  const updateTree = new UpdateTree();
  const renames: { from: string; to: string }[] = [];
  const touchesId: string[] = [];

  const add = (path: UpdatePath, op: ReturnType<LeafCompiler>, onInsertOnly: boolean) => {
    for (const c of path.components) {
      if (c.kind !== "filtered") continue;
      if (!filters.has(c.id))
        fail("BadValue", `No array filter found for identifier '${c.id}' in path '${path.dotted}'`);
      usedFilters.add(c.id);
    }
    if (path.components[0]!.name === "_id") touchesId.push(path.dotted);
    insertTree.add(path, op);
    if (!onInsertOnly) updateTree.add(path, op);
  };

  for (const operator of Object.keys(update)) {
    const args = update[operator];
    const compile = OPERATORS[operator];
    if (!operator.startsWith("$") || (compile === undefined && operator !== "$rename")) {
      fail(
        "FailedToParse",
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isDocument(args)) {
      fail(
        "FailedToParse",
        `Modifiers operate on fields but we found type ${bsonTypeOf(args)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(args)}}`,
      );
    }
    for (const field of Object.keys(args)) {
      const path = parseUpdatePath(field);
      if (operator === "$rename") {
        const rename = compileRename(field, args[field]);
        add(path, rename.source, false);
        add(parseUpdatePath(rename.to), rename.target, false);
        renames.push({ from: field, to: rename.to });
      } else {
        add(path, compile!(args[field], path, settings), operator === "$setOnInsert");
      }
    }
  }
  for (const id of filters.keys()) {
    if (!usedFilters.has(id)) {
      fail(
        "FailedToParse",
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
    }
  }

  return {
    kind: "operators",
    apply(doc, { isInsert, positionalIndex, now }: ApplyOptions) {
      const renameSources = new Map<string, unknown>();
      for (const { from, to } of renames) {
        renameSources.set(from, readRenamePath(doc, from, "source"));
        readRenamePath(doc, to, "destination");
      }
      const tree = isInsert ? insertTree : updateTree;
      const result = tree.apply(doc, {
        leaf: { isInsert, now, doc, renameSources },
        positionalIndex,
        arrayFilters: filters,
        written: [],
      });
      if (!isInsert && touchesId.length > 0 && !valuesEqual(result._id, doc._id)) {
        fail(
          "ImmutableField",
          `Performing an update on the path '${touchesId[0]}' would modify the immutable field '_id'`,
        );
      }
      return { doc: result, modified: result !== doc };
    },
  };
}
