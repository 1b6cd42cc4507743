import { Timestamp } from "bson";
import { normalizeConstant } from "../aggregate/values.ts";
import { fail } from "../errors.ts";
import { formatValue } from "../query/format.ts";
import { isDocument } from "../query/path.ts";
import { type LeafCompiler, type LeafOperation, MISSING } from "./leaf.ts";

/** `$set`: replaces (or creates) the value. */
export const compileSet: LeafCompiler = (arg) => {
  const value = normalizeConstant(arg);
  return { operator: "$set", creates: true, apply: () => value };
};

/** `$setOnInsert`: `$set` that only runs when an upsert inserts (the tree skips it otherwise). */
export const compileSetOnInsert: LeafCompiler = (arg) => {
  const value = normalizeConstant(arg);
  return {
    operator: "$setOnInsert",
    creates: true,
    apply: (current, ctx) => (ctx.isInsert ? value : current),
  };
};

/** `$unset`: removes the field (an array element becomes null). The argument is ignored. */
export const compileUnset: LeafCompiler = () => ({
  operator: "$unset",
  creates: false,
  apply: () => MISSING,
});

let timestampIncrement = 0;

/** `$currentDate`: `true`, `{ $type: "date" }` or `{ $type: "timestamp" }`. */
export const compileCurrentDate: LeafCompiler = (arg, path) => {
  let type: "date" | "timestamp" = "date";
  if (isDocument(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1 || keys[0] !== "$type") {
      fail(
        "BadValue",
        `Unrecognized $currentDate option: ${keys.find((k) => k !== "$type") ?? keys[0] ?? ""}`,
      );
    }
    if (arg.$type !== "date" && arg.$type !== "timestamp") {
      fail(
        "BadValue",
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
    type = arg.$type;
  } else if (typeof arg !== "boolean") {
    fail(
      "BadValue",
      `${path.dotted} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  return {
    operator: "$currentDate",
    creates: true,
    apply: (_current, ctx) =>
      type === "date"
        ? new Date(ctx.now.getTime())
        : new Timestamp({ t: Math.floor(ctx.now.getTime() / 1000), i: ++timestampIncrement }),
  };
};

/**
 * The two operations of one `$rename`: remove the source and set the destination (updated in place when
 * it exists, created like a `$set` otherwise), as mongod's RenameNode does.
 */
export function compileRename(
  from: string,
  to: unknown,
): { source: LeafOperation; target: LeafOperation; to: string } {
  if (typeof to !== "string")
    fail("BadValue", `The 'to' field for $rename must be a string: ${from}: ${formatValue(to)}`);
  if (from === to)
    fail("BadValue", `The source and target field for $rename must differ: ${from}: ${formatValue(to)}`);
  if (from.startsWith(`${to}.`) || to.startsWith(`${from}.`)) {
    fail(
      "BadValue",
      `The source and target field for $rename must not be on the same path: ${from}: ${formatValue(to)}`,
    );
  }
  if (from.split(".").some((p) => p.startsWith("$"))) {
    fail("BadValue", `The source field for $rename may not be dynamic: ${from}`);
  }
  if (to.split(".").some((p) => p.startsWith("$"))) {
    fail("BadValue", `The destination field for $rename may not be dynamic: ${to}`);
  }
  return {
    to,
    source: { operator: "$rename", creates: false, apply: () => MISSING },
    target: {
      operator: "$rename",
      creates: true,
      apply: (current, ctx) => {
        const value = ctx.renameSources.get(from);
        return value === MISSING ? current : value;
      },
    },
  };
}
