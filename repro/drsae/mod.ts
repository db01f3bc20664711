/**
 * The reproduction of Rolfe & LeCun (2013), "Discriminative Recurrent Sparse Auto-Encoders": the
 * paper's numbers and settings (`paper.ts`), presets and flags (`config.ts`), one network's two
 * training phases (`train.ts`), the experiment returning plain results (`run.ts`), and the
 * tables, figures and results page drawn from them (`tables.ts`, `figures.ts`, `page.ts`).
 *
 * @example
 * ```ts
 * import { DRSAE_PAPER_TABLE1, drsaeConfig } from "./mod.ts";
 * console.log(DRSAE_PAPER_TABLE1.length, drsaeConfig("paper", "mnist").fineTune.epochs); // 10 120
 * ```
 *
 * @module
 */
export {
  architectureName,
  DRSAE_PAPER,
  DRSAE_PAPER_TABLE1,
  type DrsaeArchitecture,
  type DrsaePaperRow,
} from "./paper.ts";
export {
  checkDrsaeConfig,
  DRSAE_FLAGS,
  DRSAE_PRESETS,
  drsaeConfig,
  drsaeConfigFromFlags,
  type DrsaeFineTuneSettings,
  type DrsaePhaseSettings,
  type DrsaeReproConfig,
  drsaeSplits,
  fineTuneSettingsFor,
  parseArchitectures,
  withFirstRate,
} from "./config.ts";
export {
  describeOutcome,
  type DrsaeFit,
  type DrsaeRowOutcome,
  type DrsaeTrainSplits,
  type DrsaeUnitSummary,
  emptyOutcome,
  rowOutcome,
  summarizeUnits,
  trainDrsae,
  type TrainDrsaeOptions,
  type TrainedDrsae,
} from "./train.ts";
export {
  analyzeDrsae,
  type DrsaeAnalysis,
  type DrsaeReproduction,
  drsaeReproduction,
  type DrsaeRunOptions,
  drsaeSettingsHash,
} from "./run.ts";
export {
  drsaeFitTable,
  type DrsaeRunFacts,
  drsaeSettingsText,
  drsaeTable1,
  type DrsaeTableOptions,
  type DrsaeTableRow,
  type DrsaeTables,
  drsaeUnitTable,
  writeDrsaeTables,
} from "./tables.ts";
export { drsaeFigures, writeDrsaeFigures } from "./figures.ts";
export {
  type BarTile,
  barTileImage,
  type BarTileOptions,
  type DrsaeFigure,
  panelGrid,
} from "./figure_panels.ts";
export { DRSAE_PAGE } from "./page.ts";

// library types the reproduction's results carry
export type {
  ActivityStatistics,
  AlignmentBins,
  DrsaeSplitFit,
  DrsaeWeights,
  IstaPairs,
} from "../../lib/eval/drsae_analysis.ts";
