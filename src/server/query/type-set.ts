import { fail } from "../errors.ts";
import { BSON_TYPE_NUMBER, type BsonTypeName, bsonTypeNameOf, bsonTypeOf } from "./bson-type.ts";
import { isNumber, toSafeInteger } from "./numbers.ts";
import { MISSING } from "./path.ts";

/** A compiled `$type` argument: tests whether a value has one of the listed BSON types. */
export type TypeTest = (value: unknown) => boolean;

const NUMERIC: ReadonlySet<BsonTypeName> = new Set(["int", "long", "double", "decimal"]);

function addType(spec: unknown, into: Set<BsonTypeName>): void {
  if (typeof spec === "string") {
    if (spec === "number") {
      for (const name of NUMERIC) into.add(name);
      return;
    }
    if (!Object.hasOwn(BSON_TYPE_NUMBER, spec)) fail("BadValue", `Unknown type name alias: ${spec}`);
    into.add(spec as BsonTypeName);
    return;
  }
  if (isNumber(spec)) {
    const code = toSafeInteger(spec);
    if (code === undefined) fail("BadValue", `Invalid numerical type code: ${String(spec)}`);
    const name = bsonTypeNameOf(code);
    if (name === undefined) fail("BadValue", `Invalid numerical type code: ${code}`);
    into.add(name);
    return;
  }
  fail("TypeMismatch", "type must be represented as a number or a string");
}

/**
 * Parses a `$type` argument (an alias like "string", a type number like 2, "number", or an array of
 * those) into a test. `operator` names the field in the "must match at least one type" error.
 *
 * @example parseTypeSet(["int", "string"], "a")(new Int32(1)) // true
 */
export function parseTypeSet(spec: unknown, operator: string): TypeTest {
  const names = new Set<BsonTypeName>();
  if (Array.isArray(spec)) for (const item of spec) addType(item, names);
  else addType(spec, names);
  if (names.size === 0) fail("FailedToParse", `${operator} must match at least one type`);
  if (names.size === 1) {
    const only = [...names][0];
    return (v) => v !== MISSING && bsonTypeOf(v) === only;
  }
  return (v) => v !== MISSING && names.has(bsonTypeOf(v));
}
