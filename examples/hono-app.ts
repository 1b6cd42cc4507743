/**
 * A small REST API: Hono routes backed by a data-bridge model, on the embedded MongoDB-compatible
 * server (in memory, nothing to install).
 *
 *   bun examples/hono-app.ts            # PORT=8080 picks the port (0: any free one)
 *
 * Set DATA_BRIDGE_URI (or MONGODB_URI) to serve the same API from a real MongoDB.
 */
import { Hono } from "hono";
import { Bson, Default, Document, disconnect, Type } from "data-bridge";
import {
  crud,
  database,
  ensureDatabase,
  errorHandler,
  notFoundHandler,
  validateQuery,
} from "data-bridge/hono";

class Book extends Document(
  "books",
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    author: Type.String({ minLength: 1 }),
    year: Type.Integer({ minimum: 0, maximum: 3000 }),
    isbn: Type.String({ pattern: "^\\d{13}$" }),
    tags: Default(Type.Array(Type.String()), []),
    available: Default(Type.Boolean(), true),
    addedAt: Default(Bson.Date(), () => new Date()),
  },
  { indexes: [{ key: { isbn: 1 }, unique: true }] },
) {}

const AuthorStats = Type.Object(
  { minBooks: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

const app = new Hono();
app.use(database()); // connects on the first request unless already connected (below)
app.onError(errorHandler());
app.notFound(notFoundHandler);

app.route(
  "/books",
  crud(Book, {
    filter: ["author", "year", "tags", "available"],
    sort: ["title", "year", "addedAt"],
    maxLimit: 50,
  }),
);

app.get("/stats/authors", validateQuery(AuthorStats), async (c) => {
  const { minBooks = 1 } = c.req.valid("query");
  const rows = await Book.aggregate()
    .group({ _id: Book.f.author, books: { $sum: 1 }, firstYear: { $min: "$year" } })
    .match({ books: { $gte: minBooks } })
    .sort({ books: -1, _id: 1 });
  return c.json(rows);
});

app.get("/", (c) =>
  c.json({
    books: "/books?sort=-year&limit=5",
    oneAuthor: "/books?author=Ursula%20K.%20Le%20Guin",
    stats: "/stats/authors",
  }),
);

await ensureDatabase();
await Book.ensureIndexes();
if ((await Book.count()) === 0) {
  await Book.insertMany([
    {
      title: "A Wizard of Earthsea",
      author: "Ursula K. Le Guin",
      year: 1968,
      isbn: "9780547773742",
      tags: ["fantasy"],
    },
    {
      title: "The Left Hand of Darkness",
      author: "Ursula K. Le Guin",
      year: 1969,
      isbn: "9780441478125",
      tags: ["sf"],
    },
    {
      title: "The Dispossessed",
      author: "Ursula K. Le Guin",
      year: 1974,
      isbn: "9780061054884",
      tags: ["sf"],
    },
    { title: "Kindred", author: "Octavia E. Butler", year: 1979, isbn: "9780807083697", tags: ["sf"] },
    {
      title: "Parable of the Sower",
      author: "Octavia E. Butler",
      year: 1993,
      isbn: "9781538732182",
      tags: ["sf"],
    },
    { title: "Piranesi", author: "Susanna Clarke", year: 2020, isbn: "9781635575637", available: false },
  ]);
}

const server = Bun.serve({ hostname: "127.0.0.1", port: Number(process.env.PORT ?? 3000), fetch: app.fetch });
const url = `http://127.0.0.1:${server.port}`;
console.log(`data-bridge Hono example listening on ${url}`);
console.log(`  curl '${url}/books?sort=-year&limit=2'`);
console.log(`  curl -g '${url}/books?year[gte]=1970&tags=sf'`);
console.log(
  `  curl -X POST ${url}/books -H 'content-type: application/json' -d '{"title":"Solaris","author":"Stanisław Lem","year":1961,"isbn":"9780156027601"}'`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await server.stop();
    await disconnect();
    process.exit(0);
  });
}
