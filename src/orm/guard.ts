import { Kind } from "@sinclair/typebox";
import { QueryError, ValidationError, type ValidationIssue } from "./errors.ts";
import { checkOperand, isField } from "./fields.ts";
import { ANY_NODE, elementNode, type PathIndex, unwrapNullable } from "./path-index.ts";
import type { SchemaNode } from "./schema.ts";
import type { Validator } from "./validator.ts";
import { isDocumentLike } from "./values.ts";

/** Operators that run JavaScript on the server; refused unless the caller passes `allowUnsafe`. */
const UNSAFE = new Set(["$where", "$function", "$accumulator"]);

const FIELD_OPERATORS = new Set([
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$exists",
  "$type",
  "$regex",
  "$options",
  "$all",
  "$size",
  "$elemMatch",
  "$not",
  "$mod",
  "$bitsAllSet",
  "$bitsAllClear",
  "$bitsAnySet",
  "$bitsAnyClear",
  "$geoWithin",
  "$geoIntersects",
  "$near",
  "$nearSphere",
  "$maxDistance",
  "$minDistance",
]);

/** Operators whose operand is a value of the field (checked against smuggled operators). */
const VALUE_OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte"]);
const LIST_OPERATORS = new Set(["$in", "$nin", "$all"]);
const TOP_OPERATORS = new Set(["$and", "$or", "$nor", "$expr", "$text", "$comment", "$jsonSchema", "$where"]);

/** Where a filter is checked: the schema paths of its model, and whether unsafe operators are allowed. */
export interface GuardContext {
  readonly model: string;
  readonly paths: PathIndex;
  readonly allowUnsafe: boolean;
}

function refuseUnsafe(operator: string, path: string): never {
  throw new QueryError(
    "UNSAFE_OPERATOR",
    path,
    `${operator} runs JavaScript on the server and is refused; pass { allowUnsafe: true } to use it`,
  );
}

/** Throws on `$where` / `$function` / `$accumulator` anywhere inside `value` (unless allowed). */
export function scanUnsafe(value: unknown, allowUnsafe: boolean, path = ""): void {
  if (allowUnsafe || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) scanUnsafe(item, false, path);
    return;
  }
  if (!isDocumentLike(value)) return;
  for (const key of Object.keys(value)) {
    if (UNSAFE.has(key)) refuseUnsafe(key, path);
    scanUnsafe(value[key], false, path ? `${path}.${key}` : key);
  }
}

function operatorKeys(path: string, value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  const operators = keys.filter((key) => key.startsWith("$")).length;
  if (operators > 0 && operators < keys.length) {
    throw new QueryError(
      "INVALID_FILTER",
      path,
      `"${path}": cannot mix operators and fields in one condition`,
    );
  }
  return keys.length > 0 && operators === keys.length;
}

function checkElemMatch(context: GuardContext, path: string, node: SchemaNode, condition: unknown): void {
  if (!isDocumentLike(condition)) {
    throw new QueryError("INVALID_FILTER", path, `"${path}": $elemMatch expects an object`);
  }
  const element = elementNode(node) ?? ANY_NODE;
  if (operatorKeys(path, condition) && !Object.keys(condition).some((k) => TOP_OPERATORS.has(k))) {
    checkOperators(context, path, element, condition);
  } else {
    checkFilter(context, condition, path);
  }
}

function checkOperators(
  context: GuardContext,
  path: string,
  node: SchemaNode,
  operators: Record<string, unknown>,
) {
  for (const [operator, operand] of Object.entries(operators)) {
    if (!FIELD_OPERATORS.has(operator)) {
      if (UNSAFE.has(operator)) refuseUnsafe(operator, path);
      throw new QueryError("UNKNOWN_OPERATOR", path, `"${path}": unknown query operator ${operator}`);
    }
    const element = elementNode(node);
    if (VALUE_OPERATORS.has(operator)) {
      checkOperand(path, Array.isArray(operand) || !element ? node : element, operand);
    } else if (LIST_OPERATORS.has(operator)) {
      if (!Array.isArray(operand)) {
        throw new QueryError("INVALID_FILTER", path, `"${path}": ${operator} expects an array`);
      }
      for (const item of operand) checkOperand(path, element ?? node, item);
    } else if (operator === "$elemMatch") {
      checkElemMatch(context, path, node, operand);
    } else if (operator === "$not") {
      if (isDocumentLike(operand)) checkOperators(context, path, node, operand);
    }
  }
}

function checkCondition(context: GuardContext, path: string, node: SchemaNode, condition: unknown): void {
  if (isDocumentLike(condition) && operatorKeys(path, condition)) {
    checkOperators(context, path, node, condition);
    return;
  }
  const element = elementNode(node);
  checkOperand(path, Array.isArray(condition) || !element ? node : element, condition);
}

/**
 * Checks a raw filter against a model: every field is a schema path, every operator is a known
 * query operator, values carry no operators where the schema holds scalars, and JavaScript
 * operators are refused unless allowed.
 */
export function checkFilter(context: GuardContext, filter: unknown, prefix = ""): void {
  if (!isDocumentLike(filter) || isField(filter)) {
    const hint = isField(filter) ? " (a field proxy is not a condition: call .eq(), .gt(), ...)" : "";
    throw new QueryError("INVALID_FILTER", prefix, `${context.model}: a filter must be an object${hint}`);
  }
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith("$")) {
      if (!TOP_OPERATORS.has(key)) {
        if (UNSAFE.has(key)) refuseUnsafe(key, prefix);
        throw new QueryError("UNKNOWN_OPERATOR", prefix, `${context.model}: unknown filter operator ${key}`);
      }
      if (key === "$where") {
        if (!context.allowUnsafe) refuseUnsafe(key, prefix);
      } else if (key === "$and" || key === "$or" || key === "$nor") {
        if (!Array.isArray(value)) throw new QueryError("INVALID_FILTER", prefix, `${key} expects an array`);
        for (const part of value) checkFilter(context, part, prefix);
      } else {
        scanUnsafe(value, context.allowUnsafe, key);
      }
      continue;
    }
    const path = prefix ? `${prefix}.${key}` : key;
    const node = context.paths.resolve(path);
    if (!node) {
      throw new QueryError("UNKNOWN_FIELD", path, `${context.model}: unknown field "${path}" in filter`);
    }
    checkCondition(context, path, node, value);
  }
}

const NUMERIC_KINDS = new Set(["Number", "Integer", "Long", "Decimal128", "Any", "Unknown"]);
const UPDATE_OPERATORS = new Set([
  "$set",
  "$setOnInsert",
  "$unset",
  "$inc",
  "$mul",
  "$min",
  "$max",
  "$currentDate",
  "$push",
  "$addToSet",
  "$pull",
  "$pullAll",
  "$pop",
  "$rename",
]);

/** What `checkUpdate` needs from a model. */
export interface UpdateContext extends GuardContext {
  /** Compiled validator for the value at a path (cached per path). */
  validatorAt(path: string, node: SchemaNode): Validator;
  /** Skip value validation (`{ validate: false }`); paths and operators are still checked. */
  readonly validate: boolean;
}

function updatePath(context: UpdateContext, operator: string, path: string): SchemaNode {
  const node = context.paths.resolve(path);
  if (!node)
    throw new QueryError("UNKNOWN_FIELD", path, `${context.model}: unknown field "${path}" in ${operator}`);
  return node;
}

function checkValue(
  context: UpdateContext,
  path: string,
  node: SchemaNode,
  value: unknown,
  out: ValidationIssue[],
) {
  if (!context.validate) return;
  const validator = context.validatorAt(path, node);
  if (!validator.check(value)) out.push(...validator.issues(value, path));
}

function isNumberLike(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "bigint") return true;
  const tag = (value as { _bsontype?: string } | null)?._bsontype;
  return tag === "Long" || tag === "Decimal128" || tag === "Int32" || tag === "Double";
}

function checkArrayOperand(
  context: UpdateContext,
  operator: string,
  path: string,
  node: SchemaNode,
  value: unknown,
  out: ValidationIssue[],
) {
  const element = elementNode(node);
  if (!element) {
    throw new QueryError(
      "INVALID_UPDATE",
      path,
      `${context.model}: ${operator} needs an array field, "${path}" is not`,
    );
  }
  const each = isDocumentLike(value) && "$each" in value ? value.$each : undefined;
  if (each !== undefined && !Array.isArray(each)) {
    throw new QueryError("INVALID_UPDATE", path, `"${path}": $each expects an array`);
  }
  const items = operator === "$pullAll" ? value : (each ?? [value]);
  if (!Array.isArray(items))
    throw new QueryError("INVALID_UPDATE", path, `"${path}": ${operator} expects an array`);
  items.forEach((item, i) => {
    checkValue(context, `${path}.${i}`, element, item, out);
  });
}

function checkOperatorFields(
  context: UpdateContext,
  operator: string,
  fields: Record<string, unknown>,
  out: ValidationIssue[],
) {
  for (const [path, value] of Object.entries(fields)) {
    const node = updatePath(context, operator, path);
    switch (operator) {
      case "$set":
      case "$setOnInsert":
      case "$min":
      case "$max":
        checkValue(context, path, node, value, out);
        break;
      case "$unset":
        if (context.validate && context.paths.isRequired(path)) {
          out.push({ path, message: "Required property cannot be unset", value: undefined });
        }
        break;
      case "$inc":
      case "$mul":
        if (!NUMERIC_KINDS.has(unwrapNullable(node)[Kind]) || !isNumberLike(value)) {
          throw new QueryError(
            "INVALID_UPDATE",
            path,
            `${context.model}: ${operator} needs a number on a numeric field`,
          );
        }
        break;
      case "$currentDate":
        if (!["Date", "Any", "Unknown"].includes(unwrapNullable(node)[Kind])) {
          throw new QueryError("INVALID_UPDATE", path, `${context.model}: $currentDate needs a date field`);
        }
        break;
      case "$push":
      case "$addToSet":
      case "$pullAll":
        checkArrayOperand(context, operator, path, node, value, out);
        break;
      case "$pull":
        checkCondition(context, path, elementNode(node) ?? node, value);
        break;
      case "$pop":
        if (value !== 1 && value !== -1)
          throw new QueryError("INVALID_UPDATE", path, `"${path}": $pop expects 1 or -1`);
        break;
      case "$rename":
        if (typeof value !== "string")
          throw new QueryError("INVALID_UPDATE", path, `"${path}": $rename expects a path`);
        updatePath(context, operator, value);
        break;
    }
  }
}

/**
 * Checks an update document against a model: known operators and paths only, values validated
 * against the schema at their path (all failures in one `ValidationError`), `$inc` on numbers,
 * `$push` on arrays, no unset of required fields. Pipeline updates are only scanned for unsafe operators.
 */
export function checkUpdate(context: UpdateContext, update: unknown): void {
  if (Array.isArray(update)) {
    scanUnsafe(update, context.allowUnsafe);
    return;
  }
  if (!isDocumentLike(update))
    throw new QueryError("INVALID_UPDATE", "", `${context.model}: an update must be an object`);
  const issues: ValidationIssue[] = [];
  const keys = Object.keys(update);
  if (keys.length === 0) throw new QueryError("INVALID_UPDATE", "", `${context.model}: empty update`);
  for (const operator of keys) {
    if (!UPDATE_OPERATORS.has(operator)) {
      const hint = operator.startsWith("$")
        ? "unknown update operator"
        : "an update needs operators ($set, ...)";
      throw new QueryError("INVALID_UPDATE", operator, `${context.model}: ${hint}: ${operator}`);
    }
    const fields = update[operator];
    if (!isDocumentLike(fields)) {
      throw new QueryError("INVALID_UPDATE", operator, `${context.model}: ${operator} expects an object`);
    }
    if ("_id" in fields && operator !== "$setOnInsert") {
      throw new QueryError("INVALID_UPDATE", "_id", `${context.model}: _id cannot be changed`);
    }
    checkOperatorFields(context, operator, fields, issues);
  }
  if (issues.length > 0) throw new ValidationError(context.model, issues);
}
