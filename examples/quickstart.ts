/**
 * data-bridge quickstart: models, typed queries, change-tracked saves and an aggregation,
 * on the embedded MongoDB-compatible server (in memory, nothing to install).
 *
 *   npm start        # or: bun examples/quickstart.ts
 *
 * Set DATA_BRIDGE_URI (or MONGODB_URI) to run the same code against a real MongoDB.
 */
import {
  and,
  Bson,
  connect,
  Default,
  Document,
  DuplicateKeyError,
  disconnect,
  Embedded,
  Type,
  ValidationError,
} from "data-bridge";

class Address extends Embedded({
  city: Type.String({ minLength: 1 }),
  zip: Type.String({ minLength: 5, maxLength: 10 }),
}) {
  get label() {
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
    address: Address,
    joinedAt: Default(Bson.Date(), () => new Date()),
  },
  { indexes: [{ key: { email: 1 }, unique: true }] },
) {
  get isAdult() {
    return this.age >= 18;
  }
}

const connection = await connect();
console.log(`connected to ${connection.embedded ? "the embedded server" : connection.uri}\n`);
await User.ensureIndexes();

// Insert: defaults filled in, every document validated against the schema.
await User.insertMany([
  {
    name: "Ada",
    email: "ada@example.com",
    age: 36,
    tags: ["math"],
    address: { city: "London", zip: "NW1 6XE" },
  },
  {
    name: "Grace",
    email: "grace@example.com",
    age: 45,
    tags: ["navy"],
    address: { city: "New York", zip: "10001" },
  },
  { name: "Linus", email: "linus@example.com", age: 12, address: { city: "Helsinki", zip: "00100" } },
  {
    name: "Alan",
    email: "alan@example.com",
    age: 41,
    tags: ["math"],
    address: { city: "London", zip: "SW1A 1AA" },
  },
]);

// Typed queries through field proxies: a typo or a wrong value type does not compile.
const londoners = await User.find(and(User.f.address.city.eq("London"), User.f.age.gte(18))).sort(
  User.f.age.desc(),
);
console.log("adults in London:", londoners.map((u) => `${u.name} (${u.age}, ${u.address.label})`).join(", "));

const mathematicians = await User.find(User.f.tags.contains("math")).project({ name: 1, _id: 0 });
console.log("tagged math:", JSON.stringify(mathematicians));

// Change tracking: save() sends $set only for what changed.
const ada = await User.findOne(User.f.email.eq("ada@example.com"));
if (ada) {
  ada.age += 1;
  ada.address.city = "Cambridge";
  console.log("\nAda's pending update:", JSON.stringify(ada.changes()));
  await ada.save();
}

// Update shortcuts on a query, counts.
await User.find(User.f.age.lt(18)).push({ tags: "junior" });
console.log("juniors:", await User.count(User.f.tags.contains("junior")));

// Typed aggregation: the result type follows the stages.
const perCity = await User.aggregate()
  .group({ _id: User.f.address.city, users: { $sum: 1 }, averageAge: { $avg: "$age" } })
  .sort({ users: -1, _id: 1 });
console.log("\nusers per city:");
for (const row of perCity) console.log(`  ${row._id.padEnd(10)} ${row.users}  avg age ${row.averageAge}`);

// Bad input gets one typed error naming every problem.
try {
  await User.insert({ name: "", email: "not-an-email", age: -1, address: { city: "Paris", zip: "75" } });
} catch (error) {
  if (error instanceof ValidationError) console.log(`\n${error.message}`);
}
try {
  await User.insert({
    name: "Ada again",
    email: "ada@example.com",
    age: 1,
    address: { city: "x", zip: "12345" },
  });
} catch (error) {
  if (error instanceof DuplicateKeyError) console.log(`\n${error.message}`);
}

await disconnect();
