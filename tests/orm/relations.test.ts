import { describe, expect, test } from "bun:test";
import { ObjectId } from "bson";
import { BackLink, Document, Link, QueryError, Type, ValidationError } from "../../src/index.ts";
import { sent, useDatabase } from "./db.ts";

const { commands } = useDatabase("orm_relations");

class Author extends Document("authors", { name: Type.String() }) {
  static readonly books = BackLink(() => Book, "author");
}

class Book extends Document("books", {
  title: Type.String(),
  author: Link(() => Author),
  editor: Type.Optional(Link(() => Author)),
}) {}

async function library() {
  const [ada, alan] = await Author.insertMany([{ name: "Ada" }, { name: "Alan" }]);
  await Book.insertMany([
    { title: "Notes", author: ada!._id },
    { title: "Engine", author: ada!, editor: alan! },
    { title: "Computing", author: alan!._id },
    { title: "Lost", author: new ObjectId() },
  ]);
  return { ada: ada!, alan: alan! };
}

describe("relations", () => {
  test("links store the target's _id; a document can be assigned", async () => {
    const { ada, alan } = await library();
    const engine = await Book.findOne(Book.f.title.eq("Engine"));
    expect(engine?.author).toEqual(ada._id);
    expect(engine?.editor).toEqual(alan._id);
    const raw = await Book.collection.findOne({ title: "Engine" });
    expect(raw?.author).toEqual(ada._id);
    engine!.author = alan._id;
    expect(engine!.changes()).toEqual({ $set: { author: alan._id } });
    await engine!.save();
    const loaded = (await Book.find(Book.f.title.eq("Engine")).with("author").first())!;
    expect(loaded.author?.name).toBe("Alan");
    loaded.author = ada;
    expect(loaded.author?.name).toBe("Ada");
    expect(loaded.changes()).toEqual({ $set: { author: ada._id } });
  });

  test("with() loads link targets with one query for the whole result", async () => {
    const { ada, alan } = await library();
    commands.length = 0;
    const books = await Book.find().sort({ title: 1 }).with("author", "editor");
    expect(sent(commands, "find")).toHaveLength(3);
    const byTitle = Object.fromEntries(books.map((b) => [b.title, b]));
    expect(byTitle.Notes?.author).toBeInstanceOf(Author);
    expect(byTitle.Notes?.author?.name).toBe("Ada");
    expect(byTitle.Engine?.editor?.name).toBe("Alan");
    expect(byTitle.Notes?.editor).toBeNull();
    expect(byTitle.Lost?.author).toBeNull();
    expect(byTitle.Computing?.author?._id).toEqual(alan._id);
    expect(byTitle.Notes?.toObject().author).toEqual(ada._id);
    const first = await Book.find(Book.f.title.eq("Notes")).with("author").first();
    expect(first?.author?.name).toBe("Ada");
  });

  test("with() loads back links as arrays", async () => {
    await library();
    commands.length = 0;
    const authors = await Author.find().sort({ name: 1 }).with("books");
    expect(sent(commands, "find")).toHaveLength(2);
    expect(authors.map((a) => [a.name, a.books.map((b) => b.title).sort()])).toEqual([
      ["Ada", ["Engine", "Notes"]],
      ["Alan", ["Computing"]],
    ]);
    expect(authors[0]?.books[0]).toBeInstanceOf(Book);
  });

  test("link values are validated against the target's _id type; filters use ids", async () => {
    const { ada } = await library();
    await expect(Book.insert({ title: "x", author: "not-an-id" as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await Book.count(Book.f.author.eq(ada._id))).toBe(2);
    expect(() => Book.find(Book.f.author.eq({ $ne: null } as never))).toThrow(QueryError);
  });

  test("with() needs document results", async () => {
    expect(() =>
      Book.find()
        .lean()
        .with("author" as never),
    ).toThrow(/lean/);
    expect(() => Book.find().with("author").lean()).toThrow(/with\(\)/);
    expect(() => Book.find().with("title" as never)).toThrow(/neither a Link/);
  });
});
