import { describe, expect, test } from "bun:test";
import {
  type DeleteHookContext,
  Document,
  type DocumentHooks,
  Type,
  type UpdateHookContext,
  ValidationError,
} from "../../src/index.ts";
import { useDatabase } from "./db.ts";

useDatabase("orm_hooks");

const log: string[] = [];

class Post
  extends Document("posts", {
    title: Type.String({ minLength: 1 }),
    slug: Type.String({ minLength: 1 }),
    views: Type.Integer(),
  })
  implements DocumentHooks
{
  beforeSave() {
    log.push(`beforeSave:${this.isNew}`);
  }
  async beforeInsert() {
    await Bun.sleep(1);
    log.push("beforeInsert");
  }
  beforeUpdate() {
    log.push("beforeUpdate");
  }
  beforeValidate() {
    this.slug = this.title.toLowerCase().replaceAll(" ", "-");
    log.push("beforeValidate");
  }
  afterValidate() {
    log.push("afterValidate");
  }
  afterInsert() {
    log.push("afterInsert");
  }
  afterUpdate() {
    log.push("afterUpdate");
  }
  async afterSave() {
    log.push("afterSave");
  }
  beforeDelete() {
    log.push(`beforeDelete:${this.title}`);
  }
  afterDelete() {
    log.push("afterDelete");
  }
  static beforeUpdate(context: UpdateHookContext) {
    log.push(`static beforeUpdate many=${context.many}`);
    if (context.update.$inc) return;
    context.update.$set = { ...(context.update.$set as object), views: 0 };
  }
  static afterUpdate(context: UpdateHookContext) {
    log.push(`static afterUpdate matched=${(context.result as { matchedCount: number }).matchedCount}`);
  }
  static async beforeDelete(context: DeleteHookContext) {
    log.push(`static beforeDelete many=${context.many}`);
  }
  static afterDelete(context: DeleteHookContext) {
    log.push(`static afterDelete deleted=${(context.result as { deletedCount: number }).deletedCount}`);
  }
}

describe("document hooks", () => {
  test("insert runs save, insert and validate hooks in order; hooks can set fields", async () => {
    log.length = 0;
    const post = await Post.insert({ title: "Hello World", slug: "", views: 1 });
    expect(log).toEqual([
      "beforeSave:true",
      "beforeInsert",
      "beforeValidate",
      "afterValidate",
      "afterInsert",
      "afterSave",
    ]);
    expect((await Post.get(post._id))?.slug).toBe("hello-world");
  });

  test("update via save runs update hooks; delete runs delete hooks", async () => {
    const post = await Post.insert({ title: "A", slug: "", views: 1 });
    log.length = 0;
    post.title = "B c";
    await post.save();
    expect(log).toEqual([
      "beforeSave:false",
      "beforeUpdate",
      "beforeValidate",
      "afterValidate",
      "afterUpdate",
      "afterSave",
    ]);
    expect((await Post.get(post._id))?.slug).toBe("b-c");
    log.length = 0;
    await post.delete();
    expect(log).toEqual(["beforeDelete:B c", "afterDelete"]);
  });

  test("a failing validation stops before the write and before after-hooks", async () => {
    log.length = 0;
    await expect(Post.insert({ title: "", slug: "", views: 1 })).rejects.toBeInstanceOf(ValidationError);
    expect(log).toEqual(["beforeSave:true", "beforeInsert", "beforeValidate"]);
    expect(await Post.count()).toBe(0);
  });

  test("insertMany runs the document hooks per document", async () => {
    log.length = 0;
    const posts = await Post.insertMany([
      { title: "One", slug: "", views: 0 },
      { title: "Two", slug: "", views: 0 },
    ]);
    expect(posts.map((p) => p.slug)).toEqual(["one", "two"]);
    expect(log.filter((l) => l === "afterInsert")).toHaveLength(2);
  });

  test("hooks: false skips every hook", async () => {
    log.length = 0;
    await Post.insert({ title: "x", slug: "given", views: 1 }, { hooks: false });
    await Post.updateMany({}, { $set: { title: "y" } }, { hooks: false });
    expect(log).toEqual([]);
  });
});

describe("model hooks on operations by filter", () => {
  test("static update hooks can change the update", async () => {
    await Post.insertMany([
      { title: "a", slug: "a", views: 5 },
      { title: "b", slug: "b", views: 5 },
    ]);
    log.length = 0;
    await Post.updateMany({}, { $set: { title: "z" } });
    expect(log).toEqual(["static beforeUpdate many=true", "static afterUpdate matched=2"]);
    expect((await Post.find().lean()).map((p) => p.views)).toEqual([0, 0]);
    log.length = 0;
    await Post.find(Post.f.slug.eq("a")).set({ views: 3 });
    await Post.findOneAndUpdate(Post.f.slug.eq("a"), { $inc: { views: 1 } });
    expect(log[0]).toBe("static beforeUpdate many=true");
    expect(log[2]).toBe("static beforeUpdate many=false");
  });

  test("static delete hooks", async () => {
    await Post.insert({ title: "a", slug: "a", views: 1 });
    log.length = 0;
    await Post.deleteMany(Post.f.slug.eq("a"));
    expect(log).toEqual(["static beforeDelete many=true", "static afterDelete deleted=1"]);
  });
});
