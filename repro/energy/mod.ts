/**
 * The reproduction of Kamyshanska & Memisevic (2015), "The Potential Energy of an Autoencoder",
 * Table 2: the paper's numbers and settings (`paper.ts`), presets (`config.ts`), the building
 * blocks (`train.ts`), one validated setting (`candidates.ts`), the experiment (`run.ts`), and
 * the tables, figures and results page drawn from its results.
 *
 * @example
 * ```ts
 * import { ENERGY_PAPER_TABLE2, energyConfig } from "./mod.ts";
 * console.log(ENERGY_PAPER_TABLE2.length, energyConfig("paper", "mnist").fineTune.epochs); // 10 100
 * ```
 *
 * @module
 */
export {
  ENERGY_PAPER_SETTINGS,
  ENERGY_PAPER_SOURCES,
  ENERGY_PAPER_TABLE2,
  ENERGY_PAPER_TABLE4_MNIST_SMALL,
  type EnergyModelKind,
  type EnergyPaperRow,
  energyPaperValue,
  type RbmRowObjective,
} from "./paper.ts";
export {
  ENERGY_PRESETS,
  type EnergyConfig,
  energyConfig,
  energySplits,
  validateEnergyConfig,
} from "./config.ts";
export {
  classFilters,
  classRows,
  concatRows,
  type EnergyTrainContext,
  type FactoredSettings,
  fineTune,
  fineTuneCsae,
  type FineTuned,
  fineTuneFactored,
  type FineTuneSettings,
  pretrainClasses,
  type PretrainedClasses,
  pretrainFactored,
  type PretrainSettings,
  type RbmSettings,
  type Regularizer,
  testError,
  trainClassRbm,
} from "./train.ts";
export {
  type Candidate,
  candidates,
  type EnergyData,
  pretrainRate,
  trainCandidate,
  type Trained,
} from "./candidates.ts";
export {
  divergenceAsNull,
  type EnergyFilters,
  energyReproduction,
  type EnergyResults,
  type EnergyRowResult,
  energyTrainContext,
} from "./run.ts";
export {
  type EnergySplitCounts,
  type EnergyTable,
  energyTableMarkdown,
  energyTables,
  factoredRows,
  settingsSentence,
  settingText,
  table2Rows,
  writeEnergyTables,
} from "./tables.ts";
export {
  curvesFigure,
  energyFigures,
  type EnergyResultFigure,
  figure5,
  figure7,
  figure8,
  valueRange,
  writeEnergyFigures,
} from "./figures.ts";
export { energyFigures123, type Figures123, type Figures123Options } from "./figures123.ts";
export { ENERGY_FIGURES, ENERGY_FIGURES_1_3, ENERGY_PAGE } from "./page.ts";
export {
  type AddClassResult,
  energyVariants,
  VARIANT_NAMES,
  type VariantPretraining,
  type VariantResult,
  type VariantsResults,
  type VariantsSettings,
  variantsSettings,
  variantsTables,
} from "./variants.ts";
export {
  BENCHMARK_PAPER_NAMES,
  BENCHMARK_PAPER_SOURCES,
  BENCHMARK_PAPER_TABLE1,
  BENCHMARK_PAPER_TABLE3,
  BENCHMARK_PAPER_TABLE4,
  BENCHMARK_PAPER_TABLE5,
  BENCHMARK_SVM_RBF,
  svmRbfOrder,
  type Table1Row,
  TABLE3_COLUMNS,
  type Table3Column,
  type Table4Column,
  type Table5Row,
} from "./benchmarks_paper.ts";
export {
  BENCHMARK_PRESETS,
  type BenchmarkConfig,
  benchmarkEnergyConfig,
  benchmarkSizes,
  type Dbn1Settings,
  updatesFactor,
} from "./benchmarks_config.ts";
export { type BaselineResult, benchmarkBaselines } from "./baselines.ts";
export {
  checkSvmAvailable,
  SVM_PYTHON,
  type SvmGridPoint,
  svmRbf,
  type SvmRbfOptions,
  type SvmRbfResult,
} from "./svm.ts";
export {
  BENCHMARK_MODELS,
  BENCHMARK_TABLES,
  benchmarkDataTag,
  type BenchmarkFilters,
  type BenchmarkModelResult,
  type BenchmarkResults,
  type BenchmarkRunOptions,
  type BenchmarkSetResult,
  energyBenchmarks,
  FIGURE9_SETS,
  modelsNeeded,
  scaleRates,
  TABLE1_SETS,
  TABLE4_SETS,
  withLowerRates,
} from "./benchmarks.ts";
export {
  baselinesTable,
  benchmarkFigures,
  benchmarkTables,
  difficultyOrder,
  figure6,
  figure9,
  generatorCaveat,
  table1,
  table3,
  table4,
  table5,
} from "./benchmarks_tables.ts";
export { kendallTau, ranks } from "./rank_order.ts";
