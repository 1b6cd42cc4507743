/**
 * Shapes of a MongoDB unified-test-format file (schema 1.x), as far as this runner reads them.
 * Values come from an Extended JSON parse, so numbers are `Int32`/`Long`/`Double` wrappers.
 */

export type Document = Record<string, unknown>;

export interface RunOnRequirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: "require" | "forbid" | "allow";
  serverParameters?: Document;
  auth?: boolean;
  authMechanism?: string;
  csfle?: boolean;
}

export interface CollectionData {
  collectionName: string;
  databaseName: string;
  createOptions?: Document;
  documents: Document[];
}

/** One `createEntities` element: exactly one key naming the entity type. */
export type EntityDescription = Record<string, Document & { id: string }>;

export interface Operation {
  name: string;
  object: string;
  arguments?: Document;
  expectError?: ExpectedError;
  expectResult?: unknown;
  saveResultAsEntity?: string;
  ignoreResultAndError?: boolean;
}

export interface ExpectedError {
  isError?: boolean;
  isClientError?: boolean;
  isTimeoutError?: boolean;
  errorContains?: string;
  errorCode?: unknown;
  errorCodeName?: string;
  errorLabelsContain?: string[];
  errorLabelsOmit?: string[];
  writeErrors?: Document;
  writeConcernErrors?: Document[];
  errorResponse?: Document;
  expectResult?: unknown;
}

export interface ExpectedEventsForClient {
  client: string;
  eventType?: "command" | "cmap" | "sdam";
  events: Document[];
  ignoreExtraEvents?: boolean;
}

export interface SpecTest {
  description: string;
  runOnRequirements?: RunOnRequirement[];
  skipReason?: string;
  operations: Operation[];
  expectEvents?: ExpectedEventsForClient[];
  expectLogMessages?: unknown[];
  outcome?: CollectionData[];
}

export interface SpecFile {
  /** Path the file was read from. */
  path: string;
  description: string;
  schemaVersion: string;
  runOnRequirements?: RunOnRequirement[];
  createEntities?: EntityDescription[];
  initialData?: CollectionData[];
  tests: SpecTest[];
}
