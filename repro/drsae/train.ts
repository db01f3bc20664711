/**
 * One DrSAE trained as in Sec. 2 of Rolfe & LeCun (2013), through the one trainer: unsupervised
 * pretraining on L^U (Eq. 2), then discriminative fine-tuning on L^U + L^S (Eq. 2 + Eq. 3) with
 * early stopping on the validation digits; the per-unit measures of Figure 3 after each phase,
 * and the record Table 1 needs of the network.
 *
 * @module
 */
import type { Tensor2D } from "../../lib/tf.ts";
import { classificationError } from "../../lib/eval/metrics.ts";
import {
  activityStatistics,
  classifierNorms,
  classifyUnits,
  type DrsaeSplitFit,
  encoderDecoderAngles,
  explainingAwayNorms,
  splitFit,
  type UnitClasses,
} from "../../lib/eval/drsae_analysis.ts";
import { type Drsae, drsae } from "../../lib/models/drsae.ts";
import { adam, type Optimizer, sgd } from "../../lib/train/optimizers.ts";
import { linearSchedule, type ScheduleLike } from "../../lib/train/schedules.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import { architectureName, type DrsaeArchitecture } from "./paper.ts";
import {
  checkDrsaeConfig,
  type DrsaeFineTuneSettings,
  type DrsaePhaseSettings,
  type DrsaeReproConfig,
  fineTuneSettingsFor,
} from "./config.ts";

/** Per-unit measures of a trained DrSAE at the end of a phase (Figure 3). */
export interface DrsaeUnitSummary {
  /** Encoder-decoder angle of each unit, radians. */
  angles: Float32Array;
  /** |(S - I)_i| of each unit. */
  explainingAway: Float32Array;
  /** |C_i| of each unit (zero after pretraining: C learns only in fine-tuning). */
  classifier: Float32Array;
  /** Part / categorical counts at 0.5 / 0.7 rad (footnote 7). */
  units: UnitClasses;
  /**
   * Units never on (z_i^T = 0) over the analysed digits, or null when no data was given. Such a
   * unit keeps its initial encoder and decoder, whose angle is 0, so the angle rule counts it
   * as a part-unit; this says how many of the part-units are really unused.
   */
  dead: number | null;
}

/** A DrSAE trained in both phases, with what the table and Figure 3 need. */
export interface TrainedDrsae {
  /** The architecture. */
  architecture: DrsaeArchitecture;
  /** The model at its best validation epoch (dispose it when done). */
  model: Drsae;
  /** The pretraining run (validation L^U, best epoch kept). */
  pretrain: TrainResult;
  /** The fine-tuning run (validation error, early stopping, best epoch kept). */
  fineTune: TrainResult;
  /** The units after pretraining (Figure 3(a, b)). */
  before: DrsaeUnitSummary;
  /** The units after fine-tuning (Figure 3(c-f)). */
  after: DrsaeUnitSummary;
  /** Test error (fraction) at the best validation epoch. */
  testError: number;
  /** Validation error (fraction) at the best validation epoch. */
  validationError: number;
  /** Error, L^U, L^S and never-active units of the final network on each split. */
  fit: DrsaeFit;
}

/** A trained network's {@link splitFit} on the training, validation and test splits. */
export interface DrsaeFit {
  /** On the training split. */
  train: DrsaeSplitFit;
  /** On the validation split (the one early stopping watched). */
  validation: DrsaeSplitFit;
  /** On the test split. */
  test: DrsaeSplitFit;
}

/** Options for {@link trainDrsae}. */
export interface TrainDrsaeOptions {
  /** Seed of the initialisation and of the shuffling. Default 1. */
  seed?: number;
  /** Checkpoint files of the two phases, for resume. */
  checkpoints?: { pretrain?: string; fineTune?: string };
  /** Progress reporter. */
  progress?: ProgressReporter;
  /** Stops training cleanly (Ctrl-C). */
  signal?: AbortSignal;
}

function makeOptimizer(
  config: DrsaeReproConfig,
  kind: "adam" | "sgd" = config.optimizer,
): Optimizer {
  return kind === "adam" ? adam({ epsilon: config.epsilon }) : sgd({ momentum: config.momentum });
}

/** A phase's learning rate: constant, or falling linearly to `finalLearningRate`. */
function phaseRate(p: DrsaePhaseSettings): ScheduleLike {
  return p.finalLearningRate === undefined
    ? p.learningRate
    : linearSchedule({ from: p.learningRate, to: p.finalLearningRate });
}

/**
 * The per-unit measures of Figure 3 for a model as it stands; with `data`, also the units that
 * never turn on over its first `examples` rows.
 *
 * @param model a DrSAE
 * @param data rows on which to count the units never on
 * @param examples how many rows of `data` to use. Default 1000
 * @returns angles, norms and counts
 *
 * @example
 * ```ts
 * import { useBackend } from "../../lib/backend.ts";
 * import { drsae } from "../../lib/models/drsae.ts";
 * import { summarizeUnits } from "./train.ts";
 * await useBackend("cpu");
 * const model = drsae({ inputs: 8, hidden: 4, steps: 2 });
 * const s = await summarizeUnits(model, { x: new Float32Array(8), n: 1, features: 8 });
 * console.log(s.units.part, s.dead); // 4 4: at initialisation every unit follows ISTA, and x = 0 turns none on
 * model.dispose();
 * ```
 */
export async function summarizeUnits(
  model: Drsae,
  data?: ArrayData,
  examples = 1000,
): Promise<DrsaeUnitSummary> {
  const angles = await encoderDecoderAngles(model);
  let dead: number | null = null;
  if (data) {
    const { fractionActive } = await activityStatistics(model, data, { examples });
    dead = fractionActive.filter((f) => f === 0).length;
  }
  return {
    angles,
    explainingAway: await explainingAwayNorms(model),
    classifier: await classifierNorms(model),
    units: classifyUnits(angles),
    dead,
  };
}

/**
 * Train one DrSAE as in Sec. 2, through the one trainer: unsupervised pretraining on L^U
 * (Eq. 2) for `pretrain.epochs` epochs, keeping the epoch with the lowest validation L^U; then
 * discriminative fine-tuning on L^U + L^S (Eq. 2 + 3) from those parameters, validated by the
 * classification error on `splits.validation` after every epoch, stopped after
 * `fineTune.patience` epochs without improvement, and restored to the best epoch. Norm
 * projections follow every step and each matrix's learning rate is scaled by its repetitions
 * (both from the model). With checkpoints, an interrupted run resumes in either phase.
 *
 * @param splits training, validation and test rows (unit-norm inputs)
 * @param architecture hidden units and T
 * @param config the reproduction settings
 * @param options seed, checkpoints, progress, abort signal
 * @returns the trained model and its record
 *
 * @example
 * ```ts
 * import { useBackend } from "../../lib/backend.ts";
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { DRSAE_PRESETS } from "./config.ts";
 * import { trainDrsae } from "./train.ts";
 * await useBackend("cpu");
 * const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), { trainSize: 200, validationSize: 100, testSize: 100 });
 * const config = { ...DRSAE_PRESETS.smoke, pretrain: { epochs: 1, learningRate: 0.003 } };
 * const r = await trainDrsae(splits, { hidden: 20, steps: 2 }, config);
 * console.log(r.pretrain.epochs, r.testError < 1); // 1 true
 * r.model.dispose();
 * ```
 */
export async function trainDrsae(
  splits: DrsaeTrainSplits,
  architecture: DrsaeArchitecture,
  config: DrsaeReproConfig,
  options: TrainDrsaeOptions = {},
): Promise<TrainedDrsae> {
  checkDrsaeConfig({ ...config, architectures: [architecture], figureArchitecture: architecture });
  if (!splits.train.y || !splits.validation.y || !splits.test.y) {
    throw new Error("DrSAE fine-tuning needs labels: pass splits with y (from splitDataset)");
  }
  const seed = options.seed ?? 1;
  const model = drsae({
    inputs: splits.train.features,
    hidden: architecture.hidden,
    steps: architecture.steps,
    lambda: config.lambda,
    seed,
  });
  try {
    const name = architectureName(architecture, splits.train.features);
    const pretrain = await pretrainPhase(model, splits, config, { ...options, seed }, name);
    const before = await summarizeUnits(model, splits.validation, config.analysisExamples);
    const ft = fineTuneSettingsFor(config.fineTune, architecture);
    const fineTune = await fineTunePhase(model, splits, config, ft, { ...options, seed }, name);
    const after = await summarizeUnits(model, splits.validation, config.analysisExamples);
    const scores = (x: Tensor2D) => model.classify(x);
    return {
      architecture,
      model,
      pretrain,
      fineTune,
      before,
      after,
      testError: await classificationError(splits.test, scores),
      validationError: await classificationError(splits.validation, scores),
      // the same network on all three splits: a training error far below the validation
      // error, with units that fire on training digits only, is overfitting, not a short run
      fit: {
        train: await splitFit(model, splits.train),
        validation: await splitFit(model, splits.validation),
        test: await splitFit(model, splits.test),
      },
    };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** The training, validation and test rows of {@link trainDrsae}, labelled. */
export interface DrsaeTrainSplits {
  /** Training rows. */
  train: ArrayData;
  /** Validation rows: the best epoch of each phase, early stopping. */
  validation: ArrayData;
  /** Test rows. */
  test: ArrayData;
}

/** Phase 1 (Sec. 2): L^U alone, the epoch with the lowest validation L^U kept; C stays at zero. */
async function pretrainPhase(
  model: Drsae,
  splits: DrsaeTrainSplits,
  config: DrsaeReproConfig,
  options: TrainDrsaeOptions & { seed: number },
  name: string,
): Promise<TrainResult> {
  model.setPhase("unsupervised");
  const optimizer = makeOptimizer(config);
  const result = await train(model, splits.train, {
    epochs: config.pretrain.epochs,
    batchSize: config.batchSize,
    optimizer,
    learningRate: phaseRate(config.pretrain),
    validation: splits.validation, // mean L^U; the best epoch is restored
    seed: options.seed,
    checkpoint: options.checkpoints?.pretrain,
    progress: options.progress,
    signal: options.signal,
    label: `${name} pretraining (L^U)`,
  });
  optimizer.dispose();
  return result;
}

/**
 * Phase 2 (Sec. 2): L^U + L^S from the pretrained parameters, early stopping on the validation
 * error, the best epoch restored.
 */
async function fineTunePhase(
  model: Drsae,
  splits: DrsaeTrainSplits,
  config: DrsaeReproConfig,
  ft: DrsaeFineTuneSettings,
  options: TrainDrsaeOptions & { seed: number },
  name: string,
): Promise<TrainResult> {
  model.setPhase("discriminative");
  const scores = (x: Tensor2D) => model.classify(x);
  const optimizer = makeOptimizer(config, ft.optimizer);
  const result = await train(model, splits.train, {
    epochs: ft.epochs,
    batchSize: config.batchSize,
    optimizer,
    learningRate: phaseRate(ft),
    validate: () => classificationError(splits.validation, scores),
    patience: ft.patience,
    restoreBest: true,
    seed: options.seed + 1, // a different shuffle from pretraining
    checkpoint: options.checkpoints?.fineTune,
    progress: options.progress,
    signal: options.signal,
    label: `${name} fine-tuning (L^U + L^S)`,
  });
  optimizer.dispose();
  return result;
}

/** What Table 1 needs of one trained row, from {@link TrainedDrsae} or a diverged run. */
export interface DrsaeRowOutcome {
  /** The architecture. */
  architecture: DrsaeArchitecture;
  /** Test error (fraction), or null when the run did not finish. */
  testError: number | null;
  /** Validation error (fraction) at the best epoch, or null. */
  validationError: number | null;
  /** Pretraining epochs run. */
  pretrainEpochs: number | null;
  /** Fine-tuning epochs run. */
  fineTuneEpochs: number | null;
  /** The best fine-tuning epoch, 1-based. */
  bestEpoch: number | null;
  /** Whether fine-tuning stopped early. */
  stoppedEarly: boolean | null;
  /** Mean seconds per pretraining epoch. */
  pretrainEpochSeconds: number | null;
  /** Mean seconds per fine-tuning epoch (with its validation). */
  fineTuneEpochSeconds: number | null;
  /** Training seconds, both phases. */
  seconds: number | null;
  /** Part / categorical counts after fine-tuning. */
  units?: UnitClasses;
  /** Error, L^U, L^S and never-active units on each split. */
  fit?: DrsaeFit;
  /** Why the row has no numbers, when it has none. */
  note?: string;
}

/**
 * The Table 1 record of a trained DrSAE.
 *
 * @example
 * ```ts
 * import { useBackend } from "../../lib/backend.ts";
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { DRSAE_PRESETS } from "./config.ts";
 * import { rowOutcome, trainDrsae } from "./train.ts";
 * await useBackend("cpu");
 * const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), { trainSize: 100, validationSize: 50, testSize: 50 });
 * const r = await trainDrsae(splits, { hidden: 10, steps: 2 }, { ...DRSAE_PRESETS.smoke, fineTune: { epochs: 1, learningRate: 0.001, patience: 1 } });
 * console.log(rowOutcome(r).fineTuneEpochs); // 1
 * r.model.dispose();
 * ```
 */
export function rowOutcome(t: TrainedDrsae): DrsaeRowOutcome {
  const mean = (r: TrainResult) =>
    r.history.length ? r.history.reduce((s, h) => s + h.seconds, 0) / r.history.length : null;
  return {
    architecture: t.architecture,
    testError: t.testError,
    validationError: t.validationError,
    pretrainEpochs: t.pretrain.epochs,
    fineTuneEpochs: t.fineTune.epochs,
    bestEpoch: t.fineTune.bestEpoch + 1,
    stoppedEarly: t.fineTune.stoppedEarly,
    pretrainEpochSeconds: mean(t.pretrain),
    fineTuneEpochSeconds: mean(t.fineTune),
    seconds: t.pretrain.seconds + t.fineTune.seconds,
    units: t.after.units,
    fit: t.fit,
  };
}

/**
 * The Table 1 record of a network that has no numbers (not run, or diverged): every field
 * empty but the architecture and the note.
 *
 * @example
 * ```ts
 * import { emptyOutcome } from "./train.ts";
 * console.log(emptyOutcome({ hidden: 400, steps: 11 }, "not run").testError); // null
 * ```
 */
export function emptyOutcome(architecture: DrsaeArchitecture, note: string): DrsaeRowOutcome {
  return {
    architecture,
    testError: null,
    validationError: null,
    pretrainEpochs: null,
    fineTuneEpochs: null,
    bestEpoch: null,
    stoppedEarly: null,
    pretrainEpochSeconds: null,
    fineTuneEpochSeconds: null,
    seconds: null,
    note,
  };
}

/**
 * One line per trained network for a terminal: error, epochs and the measured epoch times.
 *
 * @example
 * ```ts
 * import { describeOutcome } from "./train.ts";
 * console.log(describeOutcome({
 *   architecture: { hidden: 400, steps: 11 }, testError: 0.0123, validationError: 0.011,
 *   pretrainEpochs: 20, fineTuneEpochs: 60, bestEpoch: 45, stoppedEarly: true,
 *   pretrainEpochSeconds: 10, fineTuneEpochSeconds: 11, seconds: 860,
 * }));
 * ```
 */
export function describeOutcome(o: DrsaeRowOutcome): string {
  const name = architectureName(o.architecture);
  if (o.testError === null) return `${name}: ${o.note ?? "no result"}`;
  const f = (v: number | null, d = 1) => v === null ? "-" : v.toFixed(d);
  return `${name}: test error ${f(100 * o.testError, 2)}%, validation ${
    f(100 * (o.validationError ?? NaN), 2)
  }% at fine-tuning epoch ${o.bestEpoch}/${o.fineTuneEpochs}` +
    `${o.stoppedEarly ? " (stopped early)" : ""}; ${o.pretrainEpochs} pretraining epochs at ` +
    `${f(o.pretrainEpochSeconds)} s, fine-tuning at ${f(o.fineTuneEpochSeconds)} s per epoch; ` +
    `${o.units?.categorical ?? "-"} categorical / ${o.units?.part ?? "-"} part units`;
}
