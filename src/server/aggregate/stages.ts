import type { StageCompiler } from "./stage.ts";
import { addFieldsStage } from "./stages/add-fields.ts";
import { bucketStage } from "./stages/bucket.ts";
import { bucketAutoStage } from "./stages/bucket-auto.ts";
import { countStage } from "./stages/count.ts";
import { documentsStage } from "./stages/documents.ts";
import { facetStage } from "./stages/facet.ts";
import { graphLookupStage } from "./stages/graph-lookup.ts";
import { groupStage } from "./stages/group.ts";
import { limitStage } from "./stages/limit.ts";
import { lookupStage } from "./stages/lookup.ts";
import { matchStage } from "./stages/match.ts";
import { mergeStage } from "./stages/merge.ts";
import { outStage } from "./stages/out.ts";
import { projectStage } from "./stages/project.ts";
import { redactStage } from "./stages/redact.ts";
import { replaceRootStage, replaceWithStage } from "./stages/replace-root.ts";
import { sampleStage } from "./stages/sample.ts";
import { setWindowFieldsStage } from "./stages/set-window-fields.ts";
import { skipStage } from "./stages/skip.ts";
import { sortStage } from "./stages/sort.ts";
import { sortByCountStage } from "./stages/sort-by-count.ts";
import { unionWithStage } from "./stages/union-with.ts";
import { unsetStage } from "./stages/unset.ts";
import { unwindStage } from "./stages/unwind.ts";

/** Every pipeline stage by name. */
export const stageCompilers: Readonly<Record<string, StageCompiler>> = Object.freeze({
  $match: matchStage,
  $project: projectStage,
  $addFields: addFieldsStage,
  $set: addFieldsStage,
  $unset: unsetStage,
  $replaceRoot: replaceRootStage,
  $replaceWith: replaceWithStage,
  $group: groupStage,
  $sort: sortStage,
  $limit: limitStage,
  $skip: skipStage,
  $unwind: unwindStage,
  $lookup: lookupStage,
  $graphLookup: graphLookupStage,
  $facet: facetStage,
  $count: countStage,
  $sortByCount: sortByCountStage,
  $bucket: bucketStage,
  $bucketAuto: bucketAutoStage,
  $sample: sampleStage,
  $setWindowFields: setWindowFieldsStage,
  $unionWith: unionWithStage,
  $redact: redactStage,
  $documents: documentsStage,
  $out: outStage,
  $merge: mergeStage,
});

/** Stages that write, allowed only last in a top-level pipeline. */
export const WRITE_STAGES = new Set(["$out", "$merge"]);

/** Stages allowed in a pipeline-style update (`update` with a pipeline, `$merge` whenMatched). */
export const UPDATE_STAGES = new Set([
  "$addFields",
  "$set",
  "$project",
  "$unset",
  "$replaceRoot",
  "$replaceWith",
]);
