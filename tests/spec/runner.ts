import { MongoClient } from "mongodb";
import { describe, toDocumentTree } from "./bson-values.ts";
import { createEntities, EntityMap } from "./entities.ts";
import { driverDeviation } from "./driver-deviations.ts";
import { assertEventsForClient } from "./events.ts";
import { assertExpectedError } from "./expect-error.ts";
import { FailPoints } from "./fail-points.ts";
import { loadSpecFile } from "./load.ts";
import { assertMatches, exactlyEqual, MatchError } from "./matcher.ts";
import {
  DOCUMENT_ITERABLE_OPERATIONS,
  entityOperation,
  type OperationContext,
  runnerOperation,
} from "./operations/index.ts";
import { prepareArguments } from "./options.ts";
import { detectServer, type ServerInfo, skipReasonFor } from "./requirements.ts";
import { staticSkipReason } from "./static-checks.ts";
import type { CollectionData, Operation, SpecFile, SpecTest } from "./types.ts";
import { UnsupportedFeature } from "./unsupported.ts";

/** A test case that failed; the message says which step and why, in one or two lines. */
export class SpecFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpecFailure";
  }
}

/** One test case, ready to run or already known to be skipped. */
export interface PreparedTest {
  description: string;
  /** Set when the test must not run (runOnRequirements, skipReason, an unsupported feature). */
  skipReason?: string;
  /** Runs the test; throws SpecFailure (or UnsupportedFeature) when it does not pass. */
  run(): Promise<void>;
}

export interface PreparedFile {
  path: string;
  description: string;
  tests: PreparedTest[];
}

export type TestStatus = "passed" | "failed" | "skipped";

export interface TestResult {
  description: string;
  status: TestStatus;
  reason?: string;
}

/** Time a test's operations may take before the test fails as hung. */
const TEST_TIMEOUT_MS = 20_000;
const MAJORITY = { w: "majority" } as const;

/**
 * Runs unified-format test files against one server through the official driver.
 *
 * @example
 * const runner = await SpecRunner.connect(srv.uri);
 * const file = await runner.prepare("crud/tests/unified/find.json");
 * for (const test of file.tests) if (!test.skipReason) await test.run();
 * await runner.close();
 */
export class SpecRunner {
  readonly uri: string;
  readonly server: ServerInfo;
  readonly #internal: MongoClient;

  private constructor(uri: string, internal: MongoClient, server: ServerInfo) {
    this.uri = uri;
    this.#internal = internal;
    this.server = server;
  }

  /** Connects the internal client and asks the server what it is. */
  static async connect(uri: string): Promise<SpecRunner> {
    const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    await internal.connect();
    const runner = new SpecRunner(uri, internal, await detectServer(internal));
    await runner.#killAllSessions();
    return runner;
  }

  async close(): Promise<void> {
    await this.#internal.close();
  }

  /** Loads a file and decides, per test, whether it runs or why it is skipped. */
  async prepare(path: string): Promise<PreparedFile> {
    const file = loadSpecFile(path);
    const fileSkip = await skipReasonFor(file.runOnRequirements, this.server);
    const tests: PreparedTest[] = [];
    for (const test of file.tests) {
      const skipReason =
        (fileSkip && `file requirements: ${fileSkip}`) ??
        (test.skipReason && `skipReason: ${test.skipReason}`) ??
        (await skipReasonFor(test.runOnRequirements, this.server)) ??
        staticSkipReason(file, test) ??
        driverDeviation(path, test.description);
      tests.push({ description: test.description, skipReason, run: () => this.#run(file, test) });
    }
    return { path, description: file.description, tests };
  }

  /** Runs a prepared test and classifies the outcome. */
  static async result(test: PreparedTest): Promise<TestResult> {
    if (test.skipReason) return { description: test.description, status: "skipped", reason: test.skipReason };
    try {
      await test.run();
      return { description: test.description, status: "passed" };
    } catch (error) {
      const reason = (error as Error).message;
      if (error instanceof UnsupportedFeature)
        return { description: test.description, status: "skipped", reason };
      return { description: test.description, status: "failed", reason };
    }
  }

  async #run(file: SpecFile, test: SpecTest): Promise<void> {
    const entities = new EntityMap();
    const context: OperationContext = {
      entities,
      internalClient: this.#internal,
      uri: this.uri,
      failPoints: new FailPoints(this.#internal),
      usedTransactions: false,
      runNested: (operation) => this.#operation(operation, context, "withTransaction callback", true),
    };
    let failure: unknown;
    try {
      await withTimeout(this.#operations(file, test, context), TEST_TIMEOUT_MS);
    } catch (error) {
      failure = error;
    }
    entities.stopRecording();
    const failPointErrors = await context.failPoints.disableAll();
    if (failure === undefined) {
      try {
        for (const expected of test.expectEvents ?? []) {
          assertEventsForClient(expected, entities.get(expected.client, "client").recorder, entities);
        }
        for (const data of test.outcome ?? []) await this.#assertOutcome(data);
      } catch (error) {
        failure = error;
      }
    }
    await entities.close();
    if (context.usedTransactions || failure !== undefined) await this.#killAllSessions();
    if (failure !== undefined) throw asFailure(failure);
    if (failPointErrors.length > 0) throw new SpecFailure(failPointErrors.join("; "));
  }

  async #operations(file: SpecFile, test: SpecTest, context: OperationContext): Promise<void> {
    await this.#loadInitialData(file.initialData ?? []);
    await createEntities(file.createEntities ?? [], context.entities, this.uri);
    for (const [i, operation] of test.operations.entries()) {
      await this.#operation(operation, context, `operations[${i}]`, false);
    }
  }

  /**
   * Executes one operation and checks `expectError`/`expectResult`. Nested (withTransaction
   * callback) operations re-throw the driver's error after their own assertions, so the driver
   * sees it.
   */
  async #operation(
    operation: Operation,
    context: OperationContext,
    where: string,
    nested: boolean,
  ): Promise<void> {
    const label = `${where} ${operation.name} on ${operation.object}`;
    let result: unknown;
    let error: unknown;
    let threw = false;
    try {
      result = await execute(operation, context);
    } catch (caught) {
      if (caught instanceof UnsupportedFeature || caught instanceof SpecFailure) throw caught;
      if (operation.object === "testRunner") throw asFailure(caught, label);
      error = caught;
      threw = true;
    }
    if (operation.ignoreResultAndError) {
      if (nested && threw) throw error;
      return;
    }
    if (operation.expectError) {
      if (!threw) throw new SpecFailure(`${label}: expected an error, got ${describe(normalize(result))}`);
      try {
        assertExpectedError(operation.expectError, error, context.entities);
      } catch (mismatch) {
        throw asFailure(mismatch, label);
      }
      if (nested) throw error;
      return;
    }
    if (threw) {
      if (nested) throw error;
      throw new SpecFailure(`${label}: unexpected ${errorSummary(error)}`);
    }
    const value = normalize(result);
    if (operation.expectResult !== undefined) {
      try {
        assertMatches(operation.expectResult, value, {
          root: true,
          rootElements: DOCUMENT_ITERABLE_OPERATIONS.has(operation.name),
          entities: context.entities,
        });
      } catch (mismatch) {
        throw asFailure(mismatch, `${label}: expectResult`);
      }
    }
    if (operation.saveResultAsEntity !== undefined) {
      if (isCursorLike(result)) context.entities.set(operation.saveResultAsEntity, "cursor", result);
      else context.entities.set(operation.saveResultAsEntity, "value", value);
    }
  }

  async #loadInitialData(collections: readonly CollectionData[]): Promise<void> {
    for (const data of collections) {
      const db = this.#internal.db(data.databaseName);
      await db.command({ drop: data.collectionName, writeConcern: MAJORITY }).catch((error) => {
        if ((error as { code?: number }).code !== 26) throw error;
      });
      if (data.createOptions || data.documents.length === 0) {
        await db.command({ create: data.collectionName, ...data.createOptions, writeConcern: MAJORITY });
      }
      if (data.documents.length > 0) {
        await db.collection(data.collectionName).insertMany(data.documents, { writeConcern: MAJORITY });
      }
    }
  }

  async #assertOutcome(data: CollectionData): Promise<void> {
    // Unpromoted values keep int32/int64/double apart: outcomes must match exactly.
    const actual = await this.#internal
      .db(data.databaseName)
      .collection(data.collectionName)
      .find(
        {},
        { sort: { _id: 1 }, readConcern: { level: "local" }, promoteValues: false, promoteLongs: false },
      )
      .withReadPreference("primary")
      .toArray();
    const mismatch = exactlyEqual(data.documents, actual);
    if (mismatch) {
      const where = `outcome ${data.databaseName}.${data.collectionName}${mismatch.path ? ` ${mismatch.path}` : ""}`;
      throw new SpecFailure(`${where}: ${mismatch.message}`);
    }
  }

  async #killAllSessions(): Promise<void> {
    await this.#internal
      .db("admin")
      .command({ killAllSessions: [] })
      .catch(() => {});
  }
}

async function execute(operation: Operation, context: OperationContext): Promise<unknown> {
  if (operation.object === "testRunner") {
    await runnerOperation(operation.name)(operation.arguments ?? {}, context);
    return undefined;
  }
  const kind = context.entities.kindOf(operation.object);
  if (kind === undefined) throw new Error(`no entity named "${operation.object}"`);
  const target = context.entities.get(operation.object, kind);
  const args = prepareArguments(operation.arguments, (name) => context.entities.get(name, "session").session);
  return entityOperation(kind, operation.name)(target, args, context);
}

function isCursorLike(
  value: unknown,
): value is { next(): Promise<unknown>; tryNext(): Promise<unknown>; close(): Promise<void> } {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { next?: unknown }).next === "function" &&
    typeof (value as { close?: unknown }).close === "function"
  );
}

/** Driver results as documents (Maps and class instances flattened); cursors are left alone. */
function normalize(result: unknown): unknown {
  return isCursorLike(result) ? result : toDocumentTree(result);
}

function errorSummary(error: unknown): string {
  const fields = error as { name?: string; message?: string; code?: number; codeName?: string };
  const code =
    fields.code !== undefined ? ` code ${fields.code}${fields.codeName ? ` ${fields.codeName}` : ""}` : "";
  return `${fields.name ?? "error"}${code}: ${fields.message}`;
}

function asFailure(error: unknown, label?: string): Error {
  if (error instanceof SpecFailure || error instanceof UnsupportedFeature) return error;
  const detail = error instanceof MatchError ? error.message : errorSummary(error);
  return new SpecFailure(label ? `${label}: ${detail}` : detail);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SpecFailure(`timed out after ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
