import type { ObjectId } from "bson";
import type { DataOf, InputOf } from "../src/index.ts";
import type { Address, User } from "../tests/orm/models.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | undefined => undefined;

declare const user: User;
assert<Equal<typeof user.name, string>>();
assert<Equal<typeof user._id, ObjectId>>();
assert<Equal<typeof user.tags, string[]>>();
assert<Equal<typeof user.nickname, string | undefined>>();
assert<Equal<typeof user.isAdult, boolean>>();
assert<Equal<typeof user.address, Address>>();
assert<Equal<typeof user.addresses, Address[]>>();
assert<Equal<typeof user.billing, Address | undefined>>();
assert<Equal<typeof user.address.label, string>>();
assert<Equal<typeof user.createdAt, Date>>();
assert<Equal<typeof user.meta, Record<string, number>>>();

type Data = DataOf<typeof User>;
assert<Equal<Data["address"], { city: string; zip: string }>>();
assert<Equal<Data["billing"], { city: string; zip: string } | undefined>>();

type In = InputOf<typeof User>;
const ok: In = { name: "a", email: "a@b.io", age: 1, address: { city: "x", zip: "12345" } };
// @ts-expect-error age is required
const missing: In = { name: "a", email: "a@b.io", address: { city: "x", zip: "12345" } };
// @ts-expect-error wrong type
const wrong: In = { ...ok, age: "1" };
// @ts-expect-error embedded values are checked too
const badAddress: In = { ...ok, address: { city: "x" } };
void missing;
void wrong;
void badAddress;

// @ts-expect-error unknown property on an instance
user.agee;
