import { registerBsonKinds } from "./bson-types.ts";
import { registerFormats } from "./formats.ts";
import { registerLinkKind } from "./relations.ts";

registerFormats();
registerBsonKinds();
registerLinkKind();

export {
  type AggregateOptions,
  type GroupOutput,
  Pipeline,
  type ProjectOutput,
  type UnwindOptions,
} from "./aggregate.ts";
export { Bson } from "./bson-types.ts";
export { and, escapeRegex, nor, not, or } from "./conditions.ts";
export {
  type ConnectOptions,
  Connection,
  connect,
  disconnect,
  disconnectAll,
  findConnection,
  getConnection,
} from "./connection.ts";
export type {
  BulkOperation,
  BulkWriteOptions,
  FindOneAndDeleteOptions,
  FindOneAndUpdateOptions,
  InsertManyOptions,
} from "./crud.ts";
export {
  Document,
  DocumentBase,
  type DocumentInstance,
  type DocumentMethods,
  type ModelClass,
  type ModelIndex,
  type ModelOptions,
} from "./document.ts";
export type { SessionOptions, WriteOptions } from "./document-ops.ts";
export { Embedded, type EmbeddedClass, type EmbeddedOptions } from "./embedded.ts";
export {
  ConflictError,
  ConnectionError,
  DuplicateKeyError,
  isOrmError,
  OrmError,
  QueryError,
  SchemaError,
  ValidationError,
  type ValidationIssue,
} from "./errors.ts";
export type { CheckExpr, ExprType } from "./expression.ts";
export type {
  ArrayField,
  BaseField,
  ComparableField,
  ElementCondition,
  ElementFields,
  FieldFor,
  FieldRef,
  Fields,
  SortableField,
  StringField,
  TextMatchOptions,
} from "./fields.ts";
export type { BsonTypeName, FieldOperators, Filter, FilterValue } from "./filter.ts";
export type { DeleteOptions, FilterOptions, UpdateOptions } from "./filter-writes.ts";
export type { DeleteHookContext, DocumentHooks, ModelHooks, UpdateHookContext } from "./hooks.ts";
export type { IndexSyncReport } from "./indexes.ts";
export { jsonSchemaOf } from "./json-schema.ts";
export type { DocData, DocInput, Hydrated, Input, Shape, Stored, TDefaulted } from "./infer.ts";
export {
  createMigration,
  MIGRATIONS_COLLECTION,
  type MigrationContext,
  MigrationError,
  MigrationLockError,
  type MigrationModule,
  type MigrationState,
  type MigrationStatus,
  Migrator,
  type MigratorOptions,
} from "./migrations/index.ts";
export type { AnyModel, DataOf, InputOf } from "./model-ref.ts";
export type { Elem, PathValue, Paths, PathsOfType } from "./paths.ts";
export type { Projected, Projection, Sort } from "./projection.ts";
export { Query } from "./query.ts";
export {
  BackLink,
  type BackLinkKeys,
  type BackLinkSpec,
  Link,
  type LinkKeys,
  type RelationKey,
  type TLink,
  type WithRelations,
} from "./relations.ts";
export { Default, Optional } from "./schema.ts";
export {
  type DiscriminatorKeyOf,
  type SubtypeClass,
  type SubtypeData,
  type SubtypeInput,
  type SubtypeInstance,
  type SubtypeOptions,
  subtype,
} from "./subtype.ts";
export { type TransactionRunOptions, transaction } from "./transaction.ts";
export type { PushValue, Update } from "./update.ts";
