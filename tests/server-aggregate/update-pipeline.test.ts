import { describe, expect, test } from "bun:test";
import {
  compileUpdatePipeline,
  resolveLetVariables,
  runPipelineOnDocument,
} from "../../src/server/aggregate/pipeline.ts";
import { bson, expectBson, expectCode, int } from "./helpers.ts";

describe("update pipelines", () => {
  test("runPipelineOnDocument applies the update stages in order", () => {
    const doc = bson({ _id: 1, a: 1, b: 2, old: true });
    const out = runPipelineOnDocument(
      [{ $set: { total: { $add: ["$a", "$b"] } } }, { $unset: "old" }, { $project: { a: 0 } }],
      doc,
    );
    expectBson(out, { _id: int(1), b: int(2), total: int(3) });
    expectBson(doc, { _id: int(1), a: int(1), b: int(2), old: true });
  });

  test("$replaceWith / $replaceRoot, $$NOW and let variables", () => {
    const now = new Date("2021-05-05T00:00:00Z");
    const apply = compileUpdatePipeline([{ $replaceWith: { _id: "$_id", at: "$$NOW", v: "$$v" } }], {
      now,
      variables: { v: "x" },
    });
    expectBson(apply(bson({ _id: 7, junk: 1 })), { _id: int(7), at: now, v: "x" });
  });

  test("only update stages are allowed", () => {
    expectCode(
      () => compileUpdatePipeline([{ $match: {} }]),
      72,
      "$match is not allowed to be used within an update",
    );
    expectCode(() => compileUpdatePipeline([{ $group: { _id: null } }]), 72);
    expectCode(() => compileUpdatePipeline([{ $bogus: {} }]), 40324);
  });
});

describe("resolveLetVariables", () => {
  test("evaluates each definition in order, with $$NOW", () => {
    const now = new Date("2020-01-01T00:00:00Z");
    const vars = resolveLetVariables({ a: { $add: [1, 2] }, b: { $multiply: ["$$a", 2] }, t: "$$NOW" }, now);
    expectBson(vars, { a: int(3), b: int(6), t: now });
    expect(resolveLetVariables(undefined, now)).toEqual({});
    expectCode(() => resolveLetVariables({ Bad: 1 }, now), 16867);
    expectCode(() => resolveLetVariables(5, now), 14);
  });
});
