/**
 * The whole Rolfe & LeCun (2013) reproduction as one function returning plain results: every
 * Table 1 DrSAE trained in both phases (Sec. 2), the unit counts of Figure 3, and the analyses of
 * Sec. 3 behind Figures 2-8 for the 784-400^11-10 network.
 *
 * Each phase of each network trains through the one trainer with its own checkpoint, named
 * after a hash of the settings that shape it, so an interrupted reproduction resumes where it
 * stopped and a changed setting starts afresh.
 *
 * @module
 */
import type { ReproRunOptions } from "../run_options.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import {
  type ActivityStatistics,
  activityStatistics,
  afferentAngles,
  type AlignmentBins,
  connectionsByAlignment,
  decoderMeans,
  type DrsaeWeights,
  istaComparison,
  istaConnectionAngles,
  type IstaPairs,
  lateActivation,
  optimalDecoders,
  readDrsaeWeights,
  unitClasses,
} from "../../lib/eval/drsae_analysis.ts";
import type { Drsae } from "../../lib/models/drsae.ts";
import { DivergenceError } from "../../lib/train/train.ts";
import { hashHex } from "../../lib/hash.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { DrsaeArchitecture } from "./paper.ts";
import { type DrsaeReproConfig, fineTuneSettingsFor } from "./config.ts";
import {
  type DrsaeRowOutcome,
  type DrsaeUnitSummary,
  emptyOutcome,
  rowOutcome,
  trainDrsae,
  type TrainedDrsae,
} from "./train.ts";
import { drsaeFitTable, drsaeTable1, type DrsaeTableRow, drsaeUnitTable } from "./tables.ts";

/** Options for {@link drsaeReproduction}. */
export interface DrsaeRunOptions extends ReproRunOptions {
  /** Called when a network has finished both phases, e.g. to print its line. */
  onRowDone?: (outcome: DrsaeRowOutcome) => void | Promise<void>;
}

/** The analyses of Sec. 3 for one trained network (Figures 2 and 4-8). */
export interface DrsaeAnalysis {
  /** The architecture analysed. */
  architecture: DrsaeArchitecture;
  /** Its parameters, read back (tfjs orientation, see `DrsaeWeights`). */
  weights: DrsaeWeights;
  /** The units after fine-tuning: angles, norms, kinds (Figure 3). */
  units: DrsaeUnitSummary;
  /** Each unit's class, the arg-max of its classifier column (footnote 8). */
  classes: Int32Array;
  /** Angle between each row of S - I and -D^T D (Figure 4(c)). */
  istaAngles: Float32Array;
  /** S - I against D^T D: part to part, i != j (Figure 4(a)). */
  partToPart: IstaPairs;
  /** S - I against D^T D: categorical to part (Figure 4(b)). */
  categoricalToPart: IstaPairs;
  /** Mean S_ij from part to categorical units by decoder alignment (Figure 7(a)). */
  alignment: AlignmentBins;
  /** Final activities on validation digits (Figure 7(b)). */
  activity: ActivityStatistics;
  /** Strength-weighted mean angle of each unit's afferents (Figure 7(c)). */
  afferent: Float32Array;
  /** P(z^1 = 0 and z^2 > 0) per unit on validation digits (Figure 7(d)). */
  late: Float32Array;
  /** Mean of each decoder column (Figure 7(e)). */
  decoderMean: Float32Array;
  /**
   * The representative units of Figures 5, 6 and 8: the most often active part-units and the
   * categorical-units with the strongest classifier columns (the most categorical units when
   * the network has fewer of a kind).
   */
  representatives: { part: number[]; categorical: number[] };
  /**
   * Optimal decoders D^t of the representative units (Figure 8): `optimal[t - 1]` is
   * [part..., categorical...] x inputs, row-major.
   */
  optimal: Float32Array[];
}

/** Everything {@link drsaeReproduction} produced. */
export interface DrsaeReproduction {
  /** Table 1 rows (test error %). */
  table1: DrsaeTableRow[];
  /** Unit counts per architecture, after each phase. */
  units: DrsaeTableRow[];
  /** Error, L^U, L^S and never-active units of each network on each split (`drsaeFitTable`). */
  fit: DrsaeTableRow[];
  /** Each network's Table 1 record, in training order. */
  outcomes: DrsaeRowOutcome[];
  /** Per-unit measures of each trained network after each phase (Figure 3). */
  summaries: {
    architecture: DrsaeArchitecture;
    before: DrsaeUnitSummary;
    after: DrsaeUnitSummary;
  }[];
  /** Validation error per fine-tuning epoch and L^U per pretraining epoch, per network. */
  curves: {
    architecture: DrsaeArchitecture;
    pretrainLoss: number[];
    pretrainValidation: number[];
    fineTuneLoss: number[];
    fineTuneValidation: number[];
  }[];
  /** The analyses of the figure network, or null when it did not train. */
  analysis: DrsaeAnalysis | null;
}

/** How many representative units Figures 5, 6 and 8 show of each kind ("three typical"). */
const REPRESENTATIVES = 3;

/**
 * Analyse a fine-tuned DrSAE as in Sec. 3 (Figures 2 and 4-8), using the first
 * `examples` rows of `data` for the data-driven measures.
 *
 * @param model the fine-tuned DrSAE
 * @param units its unit summary after fine-tuning
 * @param data validation rows
 * @param examples rows to use
 * @returns the analyses
 *
 * @example
 * ```ts
 * import { useBackend } from "../../lib/backend.ts";
 * import { drsae } from "../../lib/models/drsae.ts";
 * import { summarizeUnits } from "./train.ts";
 * import { analyzeDrsae } from "./run.ts";
 * await useBackend("cpu");
 * const model = drsae({ inputs: 784, hidden: 12, steps: 3 });
 * const data = { x: new Float32Array(784 * 5).fill(0.03), n: 5, features: 784 };
 * const a = await analyzeDrsae(model, await summarizeUnits(model), data, 5);
 * console.log(a.representatives.part.length, a.optimal.length); // 3 3
 * model.dispose();
 * ```
 */
export async function analyzeDrsae(
  model: Drsae,
  units: DrsaeUnitSummary,
  data: ArrayData,
  examples: number,
): Promise<DrsaeAnalysis> {
  const weights = await readDrsaeWeights(model);
  const kinds = units.units.kinds;
  const activity = await activityStatistics(model, data, { examples });
  const pick = (kind: string, score: (i: number) => number, fallback: (i: number) => number) => {
    const all = Array.from({ length: weights.hidden }, (_, i) => i);
    const ofKind = all.filter((i) => kinds[i] === kind).sort((a, b) =>
      score(b) - score(a) || a - b
    );
    const rest = all.filter((i) => kinds[i] !== kind).sort((a, b) =>
      fallback(b) - fallback(a) || a - b
    );
    return [...ofKind, ...rest].slice(0, REPRESENTATIVES);
  };
  const angle = (i: number) => Number.isFinite(units.angles[i]) ? units.angles[i] : 0;
  const representatives = {
    part: pick("part", (i) => activity.fractionActive[i], (i) => -angle(i)),
    categorical: pick("categorical", (i) => units.classifier[i], angle),
  };
  const optimal = await optimalDecoders(model, data, {
    examples,
    units: [...representatives.part, ...representatives.categorical],
  });
  return {
    architecture: { hidden: model.config.hidden, steps: model.config.steps },
    weights,
    units,
    classes: unitClasses(weights),
    istaAngles: await istaConnectionAngles(model),
    // the self-connections (D_i . D_i = 1, S_ii - 1 = -alpha for ISTA) would sit far off to the
    // right of the cloud of pairs and squeeze it; Figure 4 shows the pairs i != j
    partToPart: istaComparison(weights, kinds, { from: "part", to: "part", excludeSelf: true }),
    categoricalToPart: istaComparison(weights, kinds, { from: "categorical", to: "part" }),
    alignment: connectionsByAlignment(weights, kinds, { from: "part", to: "categorical" }),
    activity,
    afferent: afferentAngles(weights, units.angles),
    late: await lateActivation(model, data, { examples }),
    decoderMean: decoderMeans(weights),
    representatives,
    optimal,
  };
}

/**
 * The settings that shape each phase of one network, hashed into its checkpoint names: the
 * pretraining checkpoint does not depend on the fine-tuning settings, so changing those reuses
 * the pretrained network.
 */
function phaseHashes(config: DrsaeReproConfig, a: DrsaeArchitecture): [string, string] {
  const shared = {
    architecture: a,
    lambda: config.lambda,
    batchSize: config.batchSize,
    optimizer: config.optimizer,
    momentum: config.optimizer === "sgd" ? config.momentum : null,
    epsilon: config.optimizer === "adam" ? config.epsilon : null,
    sizes: config.sizes ?? null,
  };
  // a fine-tuning optimizer of its own adds its momentum or epsilon; without one the names
  // stay those of runs made before the option existed
  const ftOpt = config.fineTune.optimizer;
  const own = ftOpt === undefined
    ? {}
    : ftOpt === "sgd"
    ? { fineTuneMomentum: config.momentum }
    : { fineTuneEpsilon: config.epsilon };
  return [
    drsaeSettingsHash({ ...shared, pretrain: config.pretrain }),
    drsaeSettingsHash({
      ...shared,
      pretrain: config.pretrain,
      fineTune: fineTuneSettingsFor(config.fineTune, a),
      ...own,
    }),
  ];
}

/**
 * A short hash of any JSON-serialisable settings (FNV-1a of the JSON), for checkpoint names: a
 * checkpoint then resumes only the run whose settings made it.
 *
 * @example
 * ```ts
 * import { drsaeSettingsHash } from "./run.ts";
 * console.log(drsaeSettingsHash({ a: 1 }) === drsaeSettingsHash({ a: 1 }), drsaeSettingsHash({ a: 2 }).length); // true 8
 * ```
 */
export function drsaeSettingsHash(value: unknown): string {
  return hashHex(value);
}

/**
 * Run the reproduction of Rolfe & LeCun (2013) on `splits` with `config`: train every
 * architecture in both phases, assemble Table 1 and the unit counts, and analyse the figure
 * network. A network whose training diverges gets a row that says so instead of ending the run.
 *
 * @param splits unit-norm training, validation and test rows (see `drsaeSplits`)
 * @param config the settings (see `DRSAE_PRESETS`)
 * @param options dataset, preset and backend names, seed, checkpoints, progress
 * @returns tables, per-unit summaries, curves and the figure analyses
 *
 * @example
 * ```ts
 * import { useBackend } from "../../lib/backend.ts";
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { DRSAE_PRESETS } from "./config.ts";
 * import { drsaeReproduction } from "./run.ts";
 * await useBackend("cpu");
 * const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), { trainSize: 200, validationSize: 100, testSize: 100 });
 * const arch = { hidden: 30, steps: 2 };
 * const r = await drsaeReproduction(splits, {
 *   ...DRSAE_PRESETS.smoke, architectures: [arch], figureArchitecture: arch, analysisExamples: 50,
 *   pretrain: { epochs: 1, learningRate: 0.003 }, fineTune: { epochs: 1, learningRate: 0.001, patience: 1 },
 * }, { dataset: "mnist", preset: "smoke", backend: "cpu" });
 * console.log(r.table1.length, r.units.length, r.analysis?.optimal.length); // 11 2 2
 * ```
 */
export async function drsaeReproduction(
  splits: DatasetSplits,
  config: DrsaeReproConfig,
  options: DrsaeRunOptions,
): Promise<DrsaeReproduction> {
  const seed = options.seed ?? 1;
  const settings = { preset: options.preset, seed, backend: options.backend };
  const outcomes: DrsaeRowOutcome[] = [];
  const summaries: DrsaeReproduction["summaries"] = [];
  const curves: DrsaeReproduction["curves"] = [];
  let analysis: DrsaeAnalysis | null = null;
  for (const a of config.architectures) {
    const trained = await trainRow(splits, a, config, { ...options, seed });
    if (!("model" in trained)) {
      outcomes.push(trained);
      await options.onRowDone?.(trained);
      continue;
    }
    const outcome = rowOutcome(trained);
    outcomes.push(outcome);
    summaries.push({ architecture: a, before: trained.before, after: trained.after });
    curves.push(trainingCurve(trained));
    await options.onRowDone?.(outcome);
    const fig = config.figureArchitecture;
    if (a.hidden === fig.hidden && a.steps === fig.steps) {
      analysis = await analyzeDrsae(
        trained.model,
        trained.after,
        splits.validation,
        config.analysisExamples,
      );
    }
    trained.model.dispose();
  }
  const tableOptions = { dataset: options.dataset, settings };
  return {
    table1: drsaeTable1(outcomes, tableOptions),
    units: drsaeUnitTable(summaries, tableOptions),
    fit: drsaeFitTable(outcomes, tableOptions),
    outcomes,
    summaries,
    curves,
    analysis,
  };
}

/** The checkpoint file of one phase of one network, or undefined without a checkpoint folder. */
async function checkpointPath(
  options: DrsaeRunOptions & { seed: number },
  a: DrsaeArchitecture,
  phase: string,
  hash: string,
): Promise<string | undefined> {
  if (!options.checkpointDir) return undefined;
  const path = `${options.checkpointDir}/drsae-${options.dataset}-${options.preset}-${hash}` +
    `-s${options.seed}-h${a.hidden}-t${a.steps}-${phase}.ckpt`;
  if (options.fresh) await Deno.remove(path).catch(() => {});
  return path;
}

/** Train one network in both phases, or the row of a network whose training diverged. */
async function trainRow(
  splits: DatasetSplits,
  a: DrsaeArchitecture,
  config: DrsaeReproConfig,
  options: DrsaeRunOptions & { seed: number },
): Promise<TrainedDrsae | DrsaeRowOutcome> {
  const [preHash, ftHash] = phaseHashes(config, a);
  try {
    return await trainDrsae(splits, a, config, {
      seed: options.seed,
      checkpoints: {
        pretrain: await checkpointPath(options, a, "pretrain", preHash),
        fineTune: await checkpointPath(options, a, "finetune", ftHash),
      },
      progress: options.progress,
      signal: options.signal,
    });
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    return emptyOutcome(a, `diverged: ${e.message.split(". ")[0]}`);
  }
}

/** A network's per-epoch validation L^U and validation error % (the training figure). */
function trainingCurve(t: TrainedDrsae): DrsaeReproduction["curves"][0] {
  return {
    architecture: t.architecture,
    pretrainLoss: t.pretrain.history.map((h) => h.loss),
    pretrainValidation: t.pretrain.history.map((h) => h.validation ?? NaN),
    fineTuneLoss: t.fineTune.history.map((h) => h.loss),
    fineTuneValidation: t.fineTune.history.map((h) => 100 * (h.validation ?? NaN)),
  };
}
