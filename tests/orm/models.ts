import { Bson, Default, Document, Embedded, Optional, Type } from "../../src/index.ts";

/** Shared test models (no database needed to define them). */
export class Address extends Embedded({
  city: Type.String({ minLength: 1 }),
  zip: Type.String({ minLength: 5, maxLength: 10 }),
}) {
  get label(): string {
    return `${this.zip} ${this.city}`;
  }
}

export class User extends Document(
  "users",
  {
    name: Type.String({ minLength: 1 }),
    email: Type.String({ format: "email" }),
    age: Type.Integer({ minimum: 0 }),
    tags: Default(Type.Array(Type.String()), []),
    nickname: Type.Optional(Type.String()),
    address: Address,
    addresses: Default(Type.Array(Address), []),
    billing: Optional(Address),
    meta: Default(Type.Record(Type.String(), Type.Number()), {}),
    createdAt: Default(Bson.Date(), () => new Date()),
  },
  { indexes: [{ key: { email: 1 }, unique: true }] },
) {
  get isAdult(): boolean {
    return this.age >= 18;
  }
}

export const validUser = () => ({
  name: "Ada",
  email: "ada@example.com",
  age: 36,
  address: { city: "London", zip: "NW1 6XE" },
});
