/**
 * The reproduction of group sparsity and lateral inhibition (NYU deep learning, week 9): the
 * lecture's claims and the targets (`paper.ts`), presets (`config.ts`), training runs
 * (`train.ts`), the digits comparison (`digits.ts`), the patch maps and tree dictionary
 * (`patches.ts`), the convolutional stack (`conv.ts`), the experiment (`run.ts`), and the
 * tables, figures and results page drawn from its results.
 *
 * @example
 * ```ts
 * import { GROUP_SPARSITY_CLAIMS, groupSparsityConfig } from "./mod.ts";
 * console.log(GROUP_SPARSITY_CLAIMS.length, groupSparsityConfig("quick").digits.seeds); // 4 3
 * ```
 *
 * @module
 */
export { GROUP_SPARSITY_CLAIMS, GROUP_SPARSITY_TARGETS, type LectureClaim } from "./paper.ts";
export {
  type ConvSettings,
  type DigitsSettings,
  GROUP_SPARSITY_PRESETS,
  type GroupSparsityConfig,
  groupSparsityConfig,
  type PatchSettings,
  type TreeSettings,
  validateGroupSparsityConfig,
} from "./config.ts";
export { codeMeasures, type RunSpec, trainRun } from "./train.ts";
export {
  digitsComparison,
  type DigitsInvariance,
  type DigitsModel,
  type DigitsModelResult,
  type DigitsProbe,
  type DigitsResults,
  FEATURE_SETS,
  type FeatureSetId,
} from "./digits.ts";
export {
  branchSimilarity,
  patchExperiments,
  type PatchMapResult,
  type PatchResults,
  type TreeResult,
} from "./patches.ts";
export { convExperiment, type ConvProbe, type ConvResults } from "./conv.ts";
export {
  GROUP_SPARSITY_PARTS,
  type GroupSparsityPart,
  groupSparsityReproduction,
  type GroupSparsityResults,
  type GroupSparsityRunOptions,
} from "./run.ts";
export {
  convRows,
  type GroupSparsityTable,
  groupSparsityTables,
  invarianceRows,
  meanCorrelation,
  modelRows,
  probeRows,
  topographyRows,
  treeRows,
} from "./tables.ts";
export { type GroupSparsityFigure, groupSparsityFigures } from "./figures.ts";
export { GROUP_SPARSITY_PAGE } from "./page.ts";
