/**
 * The reproduction of Bahdanau & Jaeger (2014), "iterating denoising autoencoders": the
 * paper's numbers and settings (`paper.ts`), the presets (`config.ts`), the experiment
 * (`run.ts`: train every model of Tables 1a and 1b, evaluate each on its fixed points), its
 * tables and figures, the seeds table, the explosion profiles, the run-length trend, and the
 * results page.
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_TABLE1A, IDAE_PRESETS, idaeModelSpecs, idaeSpecKey } from "./mod.ts";
 * const specs = idaeModelSpecs(IDAE_PRESETS.paper, 1);
 * console.log(specs.length, idaeSpecKey(specs[0]), IDAE_PAPER_TABLE1A[0].accTest);
 * // 85 k1-sigma0.3-N250-a0.999-seed1 0.823
 * ```
 *
 * @module
 */
export {
  IDAE_PAPER_PIXELS,
  IDAE_PAPER_RAW_PIXELS,
  IDAE_PAPER_SETTINGS,
  IDAE_PAPER_TABLE1A,
  IDAE_PAPER_TABLE1B,
  idaePaperNumbers,
  type IdaePaperTable1aRow,
  type IdaePaperTable1bRow,
} from "./paper.ts";
export {
  CHAIN_NOISE_FLAG,
  IDAE_PRESETS,
  type IdaeConfig,
  idaeConfig,
  type IdaeFigureSettings,
  type IdaeGrid,
  type IdaeIteration,
  type IdaeModelSpec,
  idaeModelSpecs,
  type IdaeRun,
  idaeSpecKey,
  idaeSplits,
  validateIdaeConfig,
} from "./config.ts";
export { idaeCheckpointPath, idaeEpochsDone, idaeEvaluationPath } from "./checkpoints.ts";
export { type TrainedIdae, trainIdae, type TrainIdaeOptions } from "./train.ts";
export {
  evaluateIdae,
  type EvaluateIdaeOptions,
  type IdaeEvaluated,
  type IdaeEvaluation,
  type IdaeEvaluationSets,
  idaeEvaluationSets,
  type WalkbackErrors,
  walkbackErrors,
} from "./evaluate.ts";
export { type IdaeReproduction, idaeReproduction, type IdaeRunOptions } from "./run.ts";
export type { IdaeFigure } from "./run_figures.ts";
export { type IdaeModelResult, type IdaeRow } from "./tables.ts";
export { type IdaeTableInfo, idaeTables, type IdaeTableSpec } from "./table_specs.ts";
export type { IdaeRates, IdaeTiming } from "./timing.ts";
export { IDAE_GRID_FLAGS, idaeGridConfig, idaePresetConfig } from "./grid.ts";
export {
  IDAE_SEED_DIGITS,
  idaeSeedNotes,
  type IdaeSeedRecord,
  type IdaeSeedRecords,
  type IdaeSeedSources,
  idaeSeedTable,
  readIdaeSeedRecords,
} from "./seeds.ts";
export { type IdaeExplosionOptions, type IdaeExplosions, idaeExplosions } from "./explosions.ts";
export {
  IDAE_TREND_FLAGS,
  idaeTrendChart,
  type IdaeTrendFiles,
  idaeTrendFiles,
  type IdaeTrendRunOptions,
  type IdaeTrendSettings,
  idaeTrendSettings,
  idaeTrendTable,
  runIdaeTrend,
} from "./trend.ts";
export { IDAE_PAGE } from "./page.ts";
