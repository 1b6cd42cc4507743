/** MongoDB server error codes used by the embedded server (names as in mongod's error_codes.yml). */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  Overflow: 15,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  DottedFieldName: 57,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  InvalidPipelineOperator: 168,
  ProtocolError: 17,
  InvalidBSON: 22,
  NotImplemented: 238,
  Interrupted: 11601,
  WriteConflict: 112,
  CommandNotSupported: 115,
  OperationNotSupportedInTransaction: 263,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  TransactionTooOld: 225,
  IncompleteTransactionHistory: 217,
  InvalidIndexSpecificationOption: 197,
  ExceededTimeLimit: 262,
  ConflictingOperationInProgress: 117,
  ViewDepthLimitExceeded: 10167,
  MaxTimeMSExpired: 50,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  UnknownError: 8,
  ConversionFailure: 241,
  InvalidUUID: 242,
  DocumentValidationFailure: 121,
  QueryFeatureNotAllowed: 224,
  NotWritablePrimary: 10107,
  APIStrictError: 323,
  InvalidReplicaSetConfig: 93,
  Unauthorized: 13,
  CannotConvertIndexToUnique: 359,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

const nameByCode = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/**
 * An error that the server answers with `{ ok: 0, errmsg, code, codeName }`.
 * `extra` fields (keyPattern, keyValue, errorLabels...) are copied into the reply.
 */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = "CommandError";
    this.code = code;
    // Codes without a name are mongod's numbered assertions, reported as "Location<code>".
    this.codeName = nameByCode.get(code) ?? `Location${code}`;
    this.extra = extra;
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** Shorthand: `fail("BadValue", "...")` throws a CommandError with that code. */
export function fail(name: ErrorCodeName | number, message: string, extra?: Record<string, unknown>): never {
  throw new CommandError(typeof name === "number" ? name : ErrorCode[name], message, extra);
}
