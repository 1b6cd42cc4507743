import { Kind, type TObject, Type } from "@sinclair/typebox";
import { ObjectId } from "bson";
import type { Collection, Document as DriverDocument, IndexDescription } from "mongodb";
import { compileClone, type Cloner } from "./clone.ts";
import { getConnection } from "./connection.ts";
import { compileDocumentDefaults } from "./defaults.ts";
import { compileDocumentDiff } from "./diff.ts";
import { SchemaError } from "./errors.ts";
import { buildFields } from "./fields.ts";
import type { GuardContext, UpdateContext } from "./guard.ts";
import { PathIndex } from "./path-index.ts";
import { linkTarget } from "./relations.ts";
import { type SchemaNode, shapeSchema } from "./schema.ts";
import { compileValidator, type Validator } from "./validator.ts";
import { Bson } from "./bson-types.ts";
import type { Changes } from "./changes.ts";
import type { Discriminator } from "./discriminator.ts";

/** An index declared on a model (the driver's index description, keys checked against the schema). */
export type IndexSpec = IndexDescription;

/** Model options as the runtime sees them. */
export interface ModelSettings {
  readonly indexes?: readonly IndexSpec[] | undefined;
  readonly connection?: string | undefined;
  readonly strict?: boolean | undefined;
  readonly revision?: boolean | string | undefined;
  readonly discriminatorKey?: string | undefined;
}

/** Names of document members; schema fields may not use them. */
export const RESERVED = new Set([
  "save",
  "delete",
  "refresh",
  "validate",
  "toJSON",
  "toObject",
  "isNew",
  "changes",
  "constructor",
  "__proto__",
]);

const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/;

/** Checks a collection name: letters, digits, `_`, `-`, `.` (not `system.*`, no `$`, no `..`). */
export function checkCollectionName(name: unknown): string {
  if (
    typeof name !== "string" ||
    !COLLECTION_NAME.test(name) ||
    name.startsWith("system.") ||
    name.includes("..") ||
    name.endsWith(".")
  ) {
    throw new SchemaError(
      `invalid collection name ${JSON.stringify(name)}: use 1-120 letters, digits, "_", "-" or "." (not "system.*")`,
    );
  }
  return name;
}

/** How a top-level field is read: scalars directly, mutable values copied on first access. */
export interface FieldPlan {
  readonly key: string;
  readonly clone: Cloner;
  /** A `Link` field: reads return the loaded target when `with()` loaded it. */
  readonly link: boolean;
}

/**
 * Everything compiled for one model, once: schema, validator, defaults, diff, clones, paths,
 * field proxies, per-path validators. Built lazily on first use so defining models costs little.
 */
export class ModelInfo {
  readonly collectionName: string;
  readonly schema: TObject & SchemaNode;
  readonly settings: ModelSettings;
  readonly revisionKey: string | undefined;
  readonly connectionName: string;
  readonly plans: readonly FieldPlan[];
  readonly planByKey: ReadonlyMap<string, FieldPlan>;
  readonly linkKeys: readonly string[];
  /** Set once the model is part of a discriminated collection (a base that was extended, or a subtype). */
  discriminator: Discriminator | undefined;
  /** What a subtype's queries add to their filter: its discriminator value(s). */
  scope: Record<string, unknown> | undefined;
  #validator: Validator | undefined;
  #replacementValidator: Validator | undefined;
  #defaults: ((value: object) => Record<string, unknown>) | undefined;
  #diff: ((before: object, after: object) => Changes) | undefined;
  #paths: PathIndex | undefined;
  #fields: Record<string, unknown> | undefined;
  readonly #pathValidators = new Map<string, Validator>();
  readonly #guards: GuardContext[] = [];
  readonly #updateGuards: UpdateContext[] = [];

  constructor(collectionName: string, shape: Record<string, unknown>, settings: ModelSettings) {
    this.collectionName = checkCollectionName(collectionName);
    this.settings = settings;
    this.connectionName = settings.connection ?? "default";
    this.revisionKey = settings.revision === true ? "_rev" : settings.revision || undefined;
    for (const key of Object.keys(shape)) {
      if (RESERVED.has(key))
        throw new SchemaError(`${collectionName}: field "${key}" collides with a document member`);
    }
    const properties: Record<string, unknown> = { _id: Bson.ObjectId(), ...shape };
    if (this.revisionKey) properties[this.revisionKey] = Type.Integer({ minimum: 0, default: 0 });
    const key = settings.discriminatorKey;
    if (key !== undefined) {
      if (key in properties || RESERVED.has(key)) {
        throw new SchemaError(
          `${collectionName}: discriminatorKey "${key}" names a field of the model or a document member`,
        );
      }
      properties[key] = Type.Optional(Type.String());
    }
    this.schema = shapeSchema(properties, settings.strict !== false) as TObject & SchemaNode;
    const idNode = this.schema.properties._id as SchemaNode;
    if (idNode[Kind] === "ObjectId" && !("default" in idNode)) {
      this.schema.properties._id = { ...idNode, default: () => new ObjectId() } as SchemaNode;
    }
    this.plans = Object.entries(this.schema.properties).map(([key, node]) => ({
      key,
      clone: compileClone(node as SchemaNode),
      link: linkTarget(node as SchemaNode) !== undefined,
    }));
    this.planByKey = new Map(this.plans.map((plan) => [plan.key, plan]));
    this.linkKeys = this.plans.filter((plan) => plan.link).map((plan) => plan.key);
  }

  get validator(): Validator {
    return (this.#validator ??= compileValidator(this.schema));
  }

  /** Validator for replacement documents, where `_id` may be left out. */
  get replacementValidator(): Validator {
    return (this.#replacementValidator ??= compileValidator({
      ...this.schema,
      required: (this.schema.required ?? []).filter((key: string) => key !== "_id"),
    }));
  }

  get fillDefaults(): (value: object) => Record<string, unknown> {
    return (this.#defaults ??= compileDocumentDefaults(this.schema));
  }

  get diff(): (before: object, after: object) => Changes {
    return (this.#diff ??= compileDocumentDiff(this.schema));
  }

  get paths(): PathIndex {
    return (this.#paths ??= new PathIndex(this.schema));
  }

  get fields(): Record<string, unknown> {
    return (this.#fields ??= buildFields(this.schema));
  }

  /** The driver collection on the model's connection. */
  collection(): Collection<DriverDocument> {
    return getConnection(this.connectionName).collection(this.collectionName);
  }

  /** Filter-checking context (one per `allowUnsafe` value, made once). */
  guard(allowUnsafe: boolean | undefined): GuardContext {
    const index = allowUnsafe === true ? 1 : 0;
    return (this.#guards[index] ??= {
      model: this.collectionName,
      paths: this.paths,
      allowUnsafe: index === 1,
    });
  }

  /** Update-checking context (one per `allowUnsafe` x `validate` pair, made once). */
  updateGuard(allowUnsafe: boolean | undefined, validate: boolean | undefined): UpdateContext {
    const index = (allowUnsafe === true ? 1 : 0) + (validate === false ? 0 : 2);
    return (this.#updateGuards[index] ??= {
      ...this.guard(allowUnsafe),
      validate: validate !== false,
      validatorAt: (path, node) => {
        let validator = this.#pathValidators.get(path);
        if (!validator) this.#pathValidators.set(path, (validator = compileValidator(node)));
        return validator;
      },
    });
  }
}
