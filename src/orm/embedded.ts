import { Kind, type TObject } from "@sinclair/typebox";
import { compileDefaults, type FillDefaults } from "./defaults.ts";
import type { EmbeddedMarker, HydratedShape, InputShape, Shape, StoredShape } from "./infer.ts";
import { EMBEDDED_SCHEMA, shapeSchema } from "./schema.ts";

/**
 * An embedded model class: a schema usable inside documents (and arrays, `Optional`, `Default`),
 * whose values become instances of the class, so getters and methods work on them.
 */
export interface EmbeddedClass<S extends Shape> extends EmbeddedMarker<S> {
  new (data: InputShape<S>): HydratedShape<S>;
  /** The object schema. */
  readonly schema: TObject;
  readonly [Kind]: "Object";
  /** Type-only (TypeBox): the stored value type. */
  readonly static: StoredShape<S>;
  /** Type-only (TypeBox). */
  readonly params: unknown[];
}

/** Options of `Embedded()`. */
export interface EmbeddedOptions {
  /** Reject unknown fields (default `true`). */
  strict?: boolean;
}

/**
 * Defines an embedded model: validated as part of its parent document, hydrated to this class.
 *
 * @example
 * class Address extends Embedded({ city: Type.String(), zip: Type.String({ minLength: 5 }) }) {
 *   get label() { return `${this.zip} ${this.city}`; }
 * }
 * class User extends Document("users", { address: Address, previous: Type.Array(Address) }) {}
 */
export function Embedded<const S extends Shape>(shape: S, options: EmbeddedOptions = {}): EmbeddedClass<S> {
  const schema = shapeSchema(shape, options.strict !== false);
  let fill: FillDefaults | undefined | null = null;
  class EmbeddedModel {
    constructor(data: object = {}) {
      if (fill === null) fill = compileDefaults(schema);
      Object.assign(this, fill ? fill(data) : data);
    }
  }
  // Not enumerable: TypeBox's spread-based modifiers must not copy a half class into a schema.
  for (const [key, value] of [
    [EMBEDDED_SCHEMA, schema],
    [Kind, "Object"],
    ["schema", schema],
  ] as const) {
    Object.defineProperty(EmbeddedModel, key, { value, enumerable: false });
  }
  return EmbeddedModel as unknown as EmbeddedClass<S>;
}
