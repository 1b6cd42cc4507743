import type { Document } from "bson";
import { fail } from "../../errors.ts";
import type { StageCompiler } from "../stage.ts";
import { isDocument } from "../values.ts";

/** `$documents: <expr>`: replaces the input with the documents of an array expression. */
export const documentsStage: StageCompiler = (spec, sc) => {
  if (sc.index !== 0) fail(40602, "$documents is only valid as the first stage in a pipeline");
  const evaluate = sc.compiler.compile(spec);
  const vars = sc.variables;
  return function* documents() {
    const value = evaluate({}, vars);
    if (!Array.isArray(value))
      fail(5858203, "error during $documents: the expression must evaluate to an array of objects");
    for (const doc of value) {
      if (!isDocument(doc))
        fail(5858203, "error during $documents: the expression must evaluate to an array of objects");
      yield doc as Document;
    }
  };
};
