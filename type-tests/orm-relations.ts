import type { ObjectId } from "bson";
import { BackLink, Document, Link, Type } from "../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | undefined => undefined;

class Author extends Document("authors", { name: Type.String() }) {
  static readonly books = BackLink(() => Book, "author");
}
class Book extends Document("books", { title: Type.String(), author: Link(() => Author) }) {}

export async function relations(author: Author) {
  const book = await Book.insert({ title: "t", author });
  await Book.insert({ title: "t", author: author._id });
  // @ts-expect-error a link holds the target's id (or the target document)
  await Book.insert({ title: "t", author: "x" });
  assert<Equal<typeof book.author, ObjectId>>();
  const loaded = await Book.find().with("author");
  assert<Equal<(typeof loaded)[number]["author"], Author | null>>();
  const authors = await Author.find().with("books");
  assert<Equal<(typeof authors)[number]["books"], Book[]>>();
  assert<Equal<(typeof authors)[number]["name"], string>>();
  Book.find(Book.f.author.eq(author._id));
  // @ts-expect-error only links and back links can be loaded
  Book.find().with("title");
  // @ts-expect-error a back link names a field of the other model
  BackLink(() => Book, "writer");
}
