/** Tag shared by every ORM error, so `isOrmError` works across copies of the package. */
const ORM_ERROR = Symbol.for("data-bridge.orm.error");

/** Base class of every error the ORM raises; `code` names the kind in a stable, greppable way. */
export class OrmError extends Error {
  readonly [ORM_ERROR] = true;
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True for any error raised by the ORM (checked by a symbol tag, not `instanceof`). */
export function isOrmError(error: unknown): error is OrmError {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[ORM_ERROR] === true
  );
}

/** One failing path of a validation. `path` uses dots (`addresses.0.zip`); `""` is the document itself. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/**
 * A value does not match its model's schema. Lists every failing path at once.
 *
 * @example
 * try { await User.insert({ name: "", email: "nope", age: -1 }); }
 * catch (e) { if (e instanceof ValidationError) console.log(e.issues.map((i) => i.path)); }
 */
export class ValidationError extends OrmError {
  readonly model: string;
  readonly issues: readonly ValidationIssue[];

  constructor(model: string, issues: readonly ValidationIssue[]) {
    const list = issues.map((i) => `  ${i.path || "(document)"}: ${i.message}`).join("\n");
    super("VALIDATION", `${model}: ${issues.length} invalid value(s)\n${list}`);
    this.model = model;
    this.issues = issues;
  }
}

/** A write broke a unique index. Names the index, its fields and the duplicated value. */
export class DuplicateKeyError extends OrmError {
  readonly collection: string;
  readonly index: string;
  readonly fields: readonly string[];
  readonly value: Readonly<Record<string, unknown>>;

  constructor(
    collection: string,
    index: string,
    fields: readonly string[],
    value: Record<string, unknown>,
    cause: unknown,
  ) {
    const shown = Object.entries(value)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(", ");
    super("DUPLICATE_KEY", `${collection}: duplicate key in unique index "${index}" { ${shown} }`, { cause });
    this.collection = collection;
    this.index = index;
    this.fields = fields;
    this.value = value;
  }
}

/** A save lost a race: the document was changed (revision mismatch) or deleted since it was loaded. */
export class ConflictError extends OrmError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/**
 * A filter, update or pipeline was refused before reaching the database: unknown field,
 * operator smuggled inside a value, unsafe operator (`$where`, `$function`, `$accumulator`), bad id.
 */
export class QueryError extends OrmError {
  readonly path: string;

  constructor(code: string, path: string, message: string) {
    super(code, message);
    this.path = path;
  }
}

/** A model definition is wrong (bad collection name, field colliding with a document method, ...). */
export class SchemaError extends OrmError {
  constructor(message: string) {
    super("SCHEMA", message);
  }
}

/** No connection with that name, or the connection is closed. */
export class ConnectionError extends OrmError {
  constructor(message: string, options?: ErrorOptions) {
    super("CONNECTION", message, options);
  }
}
