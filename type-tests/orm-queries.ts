/**
 * Compile-only checks of the ORM's typed queries: every `@ts-expect-error` line must be an error
 * (a wrong field name or value type), every other line must compile. Checked by `tsc --noEmit -p .`.
 */
import type { ObjectId } from "bson";
import { and, Document, not, or, Type } from "../src/index.ts";
import { User } from "../tests/orm/models.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | undefined => undefined;

class Order extends Document("orders", { userEmail: Type.String(), total: Type.Number() }) {}

export async function filters() {
  User.find(User.f.age.gt(18));
  User.find(User.f.address.city.eq("NYC"));
  User.find(User.f.addresses.city.eq("NYC"));
  User.find(User.f.tags.contains("a"));
  User.find(User.f.addresses.elemMatch((a) => and(a.city.eq("x"), a.zip.startsWith("1"))));
  User.find(User.f.tags.elemMatch((t) => [t.gt("a"), t.lt("b")]));
  User.find(and(User.f.age.gte(1), or(User.f.name.eq("a"), not(User.f.email.endsWith("@x.io")))));
  User.find(User.f.meta.key("views").gt(3));
  User.find(User.f.createdAt.lt(new Date()));
  // @ts-expect-error wrong value type for a number field
  User.find(User.f.age.gt("18"));
  // @ts-expect-error no such field
  User.find(User.f.agee.gt(18));
  // @ts-expect-error no such nested field
  User.find(User.f.address.town.eq("x"));
  // @ts-expect-error string matchers are for strings
  User.find(User.f.age.startsWith("1"));
  // @ts-expect-error element of a string array is a string
  User.find(User.f.tags.contains(1));
  // @ts-expect-error elemMatch conditions use the element's fields
  User.find(User.f.addresses.elemMatch((a) => a.street.eq("x")));
}

export function rawFilters() {
  User.find({ age: { $gt: 18 }, "address.city": "NYC" });
  User.find({ "addresses.zip": { $in: ["1", "2"] }, tags: "a" });
  User.find({ "addresses.0.city": "x", $or: [{ age: 1 }, { name: /a/ }] });
  User.find({ tags: { $all: ["a"], $size: 1 } });
  // @ts-expect-error unknown field
  User.find({ agee: 1 });
  // @ts-expect-error unknown dot path
  User.find({ "address.town": "x" });
  // @ts-expect-error wrong value type
  User.find({ age: "18" });
  // @ts-expect-error wrong operand type
  User.find({ age: { $gt: "18" } });
  // @ts-expect-error $where is not part of typed filters
  User.find({ $where: "true" });
}

export async function results() {
  const users = await User.find(User.f.age.gt(1));
  assert<Equal<typeof users, User[]>>();
  const first = await User.find().first();
  assert<Equal<typeof first, User | null>>();
  const lean = await User.find().lean();
  assert<Equal<(typeof lean)[number]["address"], { city: string; zip: string }>>();
  const projected = await User.find().project({ name: 1, "address.city": 1 });
  assert<Equal<(typeof projected)[number], { _id: ObjectId; name: string; address: { city: string } }>>();
  const noId = await User.find().project({ name: 1, _id: 0 });
  assert<Equal<(typeof noId)[number], { name: string }>>();
  const cities = await User.find().distinct(User.f.address.city);
  assert<Equal<typeof cities, string[]>>();
  const tags = await User.find().distinct("tags");
  assert<Equal<typeof tags, string[]>>();
  // @ts-expect-error projection of an unknown field
  User.find().project({ nope: 1 });
  // @ts-expect-error sort by an unknown field
  User.find().sort({ nope: 1 });
  User.find().sort(User.f.age.desc(), { name: "asc" });
  for await (const user of User.find().batchSize(100)) assert<Equal<typeof user, User>>();
}

export async function updates() {
  await User.updateOne(User.f.age.gt(1), { $set: { name: "x", "address.city": "y" }, $inc: { age: 1 } });
  await User.updateMany(
    {},
    { $push: { tags: "a", addresses: { city: "c", zip: "12345" } }, $unset: { nickname: "" } },
  );
  await User.find().set({ age: 3 });
  await User.find().push({ tags: { $each: ["a", "b"] } });
  await User.find().unset("nickname", "address.city");
  // @ts-expect-error $set value has the wrong type
  await User.updateOne({}, { $set: { age: "3" } });
  // @ts-expect-error $inc on a string field
  await User.updateOne({}, { $inc: { name: 1 } });
  // @ts-expect-error $push on a non-array field
  await User.updateOne({}, { $push: { name: "x" } });
  // @ts-expect-error pushed element has the wrong type
  await User.find().push({ tags: 1 });
  // @ts-expect-error unknown field in $set
  await User.updateOne({}, { $set: { nope: 1 } });
  // @ts-expect-error unset of an unknown path
  await User.find().unset("nope");
}

export async function documents() {
  const user = await User.insert({
    name: "a",
    email: "a@b.io",
    age: 1,
    address: { city: "c", zip: "12345" },
  });
  user.age += 1;
  user.address.city = "d";
  // @ts-expect-error wrong type on assignment
  user.age = "2";
  // @ts-expect-error missing required field
  await User.insert({ name: "a", email: "a@b.io", address: { city: "c", zip: "12345" } });
  // @ts-expect-error unknown field
  await User.insert({ name: "a", email: "a@b.io", age: 1, address: { city: "c", zip: "12345" }, nope: 1 });
  const byId = await User.get(user._id);
  await User.get(user._id.toHexString());
  assert<Equal<typeof byId, User | null>>();
  // @ts-expect-error ids are ObjectIds (or their hex strings)
  await User.get(1);
  await User.bulkWrite([
    { insertOne: { document: { name: "a", email: "a@b.io", age: 1, address: { city: "c", zip: "12345" } } } },
    { updateOne: { filter: User.f.age.gt(1), update: { $set: { age: 2 } }, upsert: true } },
    { deleteMany: { filter: { tags: "x" } } },
  ]);
  // @ts-expect-error bulk update with a wrong value
  await User.bulkWrite([{ updateOne: { filter: {}, update: { $set: { age: "x" } } } }]);
}

export async function pipelines() {
  const byCity = await User.aggregate()
    .match(User.f.age.gte(18))
    .group({ _id: User.f.address.city, n: { $sum: 1 }, avg: { $avg: "$age" }, names: { $push: "$name" } });
  assert<Equal<(typeof byCity)[number], { _id: string; n: number; avg: number | null; names: string[] }>>();
  const unwound = await User.aggregate().unwind("tags");
  assert<Equal<(typeof unwound)[number]["tags"], string>>();
  const joined = await User.aggregate().lookup({
    from: Order,
    localField: "email",
    foreignField: "userEmail",
    as: "orders",
  });
  assert<Equal<(typeof joined)[number]["orders"][number]["total"], number>>();
  const counted = await User.aggregate().count("n");
  assert<Equal<(typeof counted)[number], { n: number }>>();
  const projected = await User.aggregate().project({ _id: 0, name: 1, city: "$address.city" });
  assert<Equal<(typeof projected)[number], { name: string; city: string }>>();
  const faceted = await User.aggregate().facet({ total: (p) => p.count("n") });
  assert<Equal<(typeof faceted)[number], { total: { n: number }[] }>>();
  // @ts-expect-error group by an unknown field
  User.aggregate().group({ _id: "$nope", n: { $sum: 1 } });
  // @ts-expect-error accumulator over an unknown field
  User.aggregate().group({ _id: null, n: { $sum: "$agee" } });
  // @ts-expect-error unwind of a non-array field
  User.aggregate().unwind("name");
  // @ts-expect-error lookup foreign field must exist on the other model
  User.aggregate().lookup({ from: Order, localField: "email", foreignField: "nope", as: "orders" });
  const grouped = User.aggregate().group({ _id: "$name", n: { $sum: 1 } });
  grouped.match({ n: { $gt: 1 } });
  // @ts-expect-error after a group only its output fields exist
  grouped.match({ age: 1 });
}
