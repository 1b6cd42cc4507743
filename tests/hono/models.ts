import { Bson, Default, Document, Embedded, Optional, Type } from "../../src/index.ts";

/** Test models for the Hono integration (no database needed to define them). */
export class Address extends Embedded({
  city: Type.String({ minLength: 1 }),
  zip: Type.String({ minLength: 5, maxLength: 10 }),
}) {}

export class User extends Document(
  "users",
  {
    name: Type.String({ minLength: 1 }),
    email: Type.String({ format: "email" }),
    age: Type.Integer({ minimum: 0 }),
    active: Default(Type.Boolean(), true),
    role: Default(Type.Union([Type.Literal("admin"), Type.Literal("member")]), "member"),
    tags: Default(Type.Array(Type.String()), []),
    nickname: Type.Optional(Type.String()),
    address: Optional(Address),
    birthday: Type.Optional(Bson.Date()),
    manager: Type.Optional(Bson.ObjectId()),
    password: Type.Optional(Type.String()),
    createdAt: Default(Bson.Date(), () => new Date()),
  },
  { indexes: [{ key: { email: 1 }, unique: true }] },
) {
  get isAdult(): boolean {
    return this.age >= 18;
  }
}

/** A model with string ids, a 64-bit counter and a decimal price. */
export class Product extends Document("products", {
  _id: Type.String({ pattern: "^[a-z0-9-]+$" }),
  title: Type.String({ minLength: 1 }),
  price: Bson.Decimal128(),
  sold: Default(Bson.Long(), 0),
}) {}

/** A valid `POST /users` body (JSON form). */
export const userBody = (overrides: Record<string, unknown> = {}) => ({
  name: "Ada",
  email: "ada@example.com",
  age: 36,
  ...overrides,
});

/** Five users with distinct ages and names, for list tests. */
export const people = [
  {
    name: "Ada",
    email: "ada@example.com",
    age: 36,
    tags: ["math"],
    address: { city: "London", zip: "NW1 6XE" },
  },
  { name: "Grace", email: "grace@example.com", age: 45, tags: ["navy", "math"], role: "admin" as const },
  { name: "Linus", email: "linus@example.com", age: 17, active: false },
  { name: "Barbara", email: "barbara@example.com", age: 28, address: { city: "Boston", zip: "02139" } },
  { name: "Ken", email: "ken@example.com", age: 28, tags: ["unix"] },
];
