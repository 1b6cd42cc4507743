import type { ObjectId } from "bson";
import {
  Bson,
  Default,
  Document,
  Embedded,
  Optional,
  Type,
  type DataOf,
  type InputOf,
} from "../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<T extends true>(): T | undefined {
  return undefined;
}

class Address extends Embedded({ city: Type.String(), zip: Type.String({ minLength: 5, maxLength: 10 }) }) {
  get label(): string {
    return `${this.zip} ${this.city}`;
  }
}

class User extends Document(
  "users",
  {
    name: Type.String({ minLength: 1 }),
    email: Type.String({ format: "email" }),
    age: Type.Integer({ minimum: 0 }),
    tags: Default(Type.Array(Type.String()), []),
    nickname: Type.Optional(Type.String()),
    address: Address,
    addresses: Type.Array(Address),
    billing: Optional(Address),
    meta: Type.Record(Type.String(), Type.Number()),
    createdAt: Default(Bson.Date(), () => new Date()),
  },
  { indexes: [{ key: { email: 1 }, unique: true }] },
) {
  get isAdult(): boolean {
    return this.age >= 18;
  }
}

declare const user: User;
assert<Equal<typeof user.name, string>>();
assert<Equal<typeof user._id, ObjectId>>();
assert<Equal<typeof user.tags, string[]>>();
assert<Equal<typeof user.nickname, string | undefined>>();
assert<Equal<typeof user.isAdult, boolean>>();
assert<Equal<typeof user.address, Address>>();
assert<Equal<typeof user.addresses, Address[]>>();
assert<Equal<typeof user.address.label, string>>();
assert<Equal<typeof user.createdAt, Date>>();

type Data = DataOf<typeof User>;
assert<Equal<Data["address"], { city: string; zip: string }>>();
assert<Equal<Data["billing"], { city: string; zip: string } | undefined>>();

type In = InputOf<typeof User>;
const ok: In = {
  name: "a",
  email: "a@b.io",
  age: 1,
  address: { city: "x", zip: "12345" },
  addresses: [],
  meta: {},
};
// @ts-expect-error age is required
const missing: In = {
  name: "a",
  email: "a@b.io",
  address: { city: "x", zip: "12345" },
  addresses: [],
  meta: {},
};
// @ts-expect-error wrong type
const wrong: In = { ...ok, age: "1" };
void missing;
void wrong;

// @ts-expect-error field colliding with nothing: unknown property on instance
user.agee;
