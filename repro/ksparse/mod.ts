/**
 * The reproduction of Makhzani & Frey (2014), "k-Sparse Autoencoders": the paper's numbers
 * and settings (`paper.ts`), presets (`config.ts`), the experiment (`run.ts`, with its
 * building blocks in `train.ts`, fine-tuning in `finetune.ts` and the run-length trend in
 * `trend.ts`), and the tables, figures and results page drawn from its results.
 *
 * @example
 * ```ts
 * import { KSPARSE_PAPER_TABLE1, ksparseConfig } from "./mod.ts";
 * console.log(KSPARSE_PAPER_TABLE1.length, ksparseConfig("paper", "mnist").epochs); // 8 5000
 * ```
 *
 * @module
 */
export {
  KSPARSE_PAPER_SETTINGS,
  KSPARSE_PAPER_TABLE1,
  KSPARSE_PAPER_TABLE3,
  type KSparsePaperRow,
} from "./paper.ts";
export {
  type ComparisonKind,
  type FineTuneConfig,
  KSPARSE_PRESETS,
  type KSparseConfig,
  ksparseConfig,
  ksparseSplits,
  type KSparseTrendConfig,
  ksparseTrendConfig,
  trendProbeL2,
  validateKSparseConfig,
} from "./config.ts";
export {
  type KSparseDiagnostics,
  ksparseDiagnostics,
  type KSparseProbe,
  probeKSparse,
  type TrainedKSparse,
  trainKSparse,
  type TrainKSparseOptions,
} from "./train.ts";
export {
  type KSparseDeadFractions,
  type KSparseErrors,
  type KSparseOutcome,
  ksparseReproduction,
  type KSparseResults,
  type KSparseRunOptions,
} from "./run.ts";
export {
  KSPARSE_FINE_TUNE_NETWORKS,
  type KSparseFineTuneErrors,
  type KSparseFineTuneNetwork,
  type KSparseFineTuneOutcome,
} from "./finetune.ts";
export { type KSparseSeedOutcome, ksparseSeedRuns, ksparseSeedTable } from "./seeds.ts";
export { ksparseLongFineTune, ksparseLongFineTuneTable } from "./longft.ts";
export {
  ksparseTrend,
  ksparseTrendCheckpoint,
  type KSparseTrendOptions,
  type KSparseTrendPoint,
  type KSparseTrendResult,
  trendPointsFile,
} from "./trend.ts";
export {
  type KSparseSplitCounts,
  type KSparseTable,
  ksparseTableMarkdown,
  ksparseTables,
  ksparseTrendTable,
  writeKSparseTables,
} from "./tables.ts";
export {
  type KSparseFigure,
  ksparseFigures,
  ksparseTrendFigure,
  writeKSparseFigures,
} from "./figures.ts";
export { KSPARSE_PAGE } from "./page.ts";
