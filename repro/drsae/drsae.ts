/**
 * The experiments of Rolfe & LeCun (2013), discriminative recurrent sparse autoencoders, as
 * functions shared by `scripts/drsae.ts` and `notebooks/drsae.ipynb`: the settings and
 * presets, the two-phase training of Sec. 2 through the one trainer (unsupervised pretraining
 * on L^U, then discriminative fine-tuning on L^U + L^S with early stopping on the validation
 * digits), and the assembly of Table 1 and of the unit counts behind Figure 3.
 *
 * @module
 */
import type { Tensor2D } from "../../lib/tf.ts";
import type { PresetName } from "../cli.ts";
import type { DatasetName } from "../../lib/data/mnist.ts";
import { type DatasetSplits, loadSplits, type SplitSizes } from "../../lib/data/splits.ts";
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
import { hashHex } from "../../lib/hash.ts";

/** One DrSAE of Table 1: its hidden units n and recurrent iterations T (Eq. 1). */
export interface DrsaeArchitecture {
  /** Hidden units n (Table 1: 400 or 200). */
  hidden: number;
  /** Iterations T (Table 1 and Sec. 4: 11 or 2). */
  steps: number;
}

/** Settings of one training phase. */
export interface DrsaePhaseSettings {
  /** Epochs (the most epochs, in the fine-tuning phase, which may stop early). */
  epochs: number;
  /** Base learning rate; each matrix's is scaled by the model's `learningRateScale` (Sec. 2). */
  learningRate: number;
  /**
   * When set, the base learning rate falls linearly from `learningRate` at the first epoch to
   * this at the last planned one (not in the paper; see `DRSAE_PAPER`). Default: constant.
   */
  finalLearningRate?: number;
}

/** Settings of the discriminative phase. */
export interface DrsaeFineTuneSettings extends DrsaePhaseSettings {
  /**
   * Stop after this many epochs without a lower validation error, keeping the best epoch's
   * parameters (Sec. 2: "a validation set of 10,000 elements to perform early-stopping").
   */
  patience: number;
  /**
   * The optimizer of this phase, where it differs from the pretraining's (`optimizer` of the
   * run); its momentum or epsilon are the run's. Default: the run's optimizer.
   */
  optimizer?: "adam" | "sgd";
  /**
   * The first rate of networks with these T (key: steps), where it differs from
   * `learningRate`; their last rate scales with it (see {@link fineTuneSettingsFor}).
   */
  learningRateForSteps?: Record<number, number>;
}

/** Settings of a DrSAE reproduction run. */
export interface DrsaeReproConfig {
  /** The DrSAEs of Table 1, each trained in both phases. */
  architectures: DrsaeArchitecture[];
  /** The model whose units Figures 2 and 4-8 analyse (the paper's 784-400^11-10). */
  figureArchitecture: DrsaeArchitecture;
  /** The L1 weight lambda of Eq. 2 (not given in the paper; see `DRSAE_PAPER`). */
  lambda: number;
  /** Minibatch size (not given in the paper; see `DRSAE_PAPER`). */
  batchSize: number;
  /** The optimizer (the paper: "stochastic gradient descent"; see `DRSAE_PAPER`). */
  optimizer: "adam" | "sgd";
  /** Momentum, for `optimizer: "sgd"` only. */
  momentum: number;
  /** Adam's epsilon, for `optimizer: "adam"` only (see `DRSAE_PAPER`). */
  epsilon: number;
  /** Unsupervised pretraining on L^U (Eq. 2). */
  pretrain: DrsaePhaseSettings;
  /** Discriminative fine-tuning on L^U + L^S (Eq. 2 + Eq. 3). */
  fineTune: DrsaeFineTuneSettings;
  /** Caps on the split sizes (smoke runs); absent means 50,000 / 10,000 / 10,000 (Sec. 2). */
  sizes?: SplitSizes;
  /** Validation digits used by the data-driven analyses (Figures 7(b, d) and 8). */
  analysisExamples: number;
}

/**
 * The paper's settings (Sec. 2), with our choices where it is silent. The paper preset trains with
 * the paper's SGD; the short presets with Adam (see `DRSAE_PRESETS`).
 *
 * Our choices, each measured on the validation digits with 784-400^11-10 and batch 100 (the
 * short runs: 10,000 training / 3,000 validation digits, 4 + 4 epochs; the longer ones: 50,000 /
 * 5,000, 5 pretraining + 10 fine-tuning epochs):
 * - optimizer of the short runs (quick, smoke): Adam with epsilon 1e-3, the paper's per-matrix
 *   learning-rate scaling kept. With that epsilon Adam is SGD at rate lr / epsilon where
 *   gradients are small, and caps each coordinate's step near lr where they are large. Each
 *   extreme failed one way:
 *   - SGD, as in the paper (here with momentum 0.9), kept the paper's structure (after
 *     pretraining at 0.2: 399 part-units, 0 categorical, median encoder-decoder angle
 *     0.05 rad) but fine-tuned far too slowly for a CPU run: 18-38% validation error after
 *     4 epochs at 0.05, and at 0.2 units died (194 of 400 never on) and the error rose
 *     again; the gradient of L^S through z / ||z|| grows as 1 / ||z||, and a unit whose bias
 *     passes the largest drive the bounded encoder can give (1.25 / T on unit-norm inputs)
 *     never returns;
 *   - Adam with its usual epsilon 1e-8 fine-tuned fast (5.5% after 4 epochs) but moved every
 *     encoder coordinate by about lr per step whatever its gradient, turning encoders away from
 *     decoders already in pretraining: 338 of 400 units past 0.7 rad before fine-tuning, where
 *     the paper has none (Sec. 3);
 *   - epsilon 1e-3 keeps both: 396 part-units and 0 categorical after pretraining, 298 part and
 *     93 categorical after fine-tuning (median angle 0.09, then 0.11 rad), 3.8% validation
 *     error after 10 fine-tuning epochs on 50,000 digits. Epsilon 3e-4 learned faster (2.7%)
 *     but left 125 units dead after pretraining (48 at 1e-3) and 182 after fine-tuning (165).
 * - learning rates of the short runs: 0.003 in pretraining (epsilon 1e-8: validation L^U 0.150
 *   after 3 epochs, against 0.159 at 0.001; epsilon 1e-3, 6 epochs: L^U 0.186 with 12 units never
 *   on, against 0.166 with 69 at 0.01 and 340 at 0.03); 0.001 in fine-tuning, falling linearly to
 *   0.0001 over the planned epochs: at a constant 0.001 the validation error wandered between 2.1%
 *   and 3.2% over epochs 5-15 (50,000 digits), with the decay it settled at 1.9-2.1% (epsilon 1e-8
 *   in both); 0.003 and 0.0003 were worse after 4 epochs (7.0%, 7.8% against 5.3%).
 * - lambda 0.05 in the short runs (the model's default): 5.6-5.7% validation error at 0.05 and 0.02
 *   after 3-4 fine-tuning epochs, 6.7% at 0.1; 0.05 gives the sparser code (about 20 of 400 units
 *   on after pretraining, against 110 at 0.02) and keeps the paper's picture before fine-tuning (6
 *   pretraining epochs, epsilon 1e-3, rate 0.01: 383 part-units, 0 categorical), where 0.02 has 195
 *   part-units, 197 between and 8 categorical. The price: at 0.05 a short pretraining teaches only
 *   the units that win often (whole-digit decoders), and most decoders stay near their random
 *   start; at 0.02 many more learn digit parts. Measured on the whole splits (784-400^11-10, test /
 *   validation error %, part / categorical / never-on units after fine-tuning): 10 + 30 epochs:
 *   0.05 2.18 / 2.13, 258 / 128 / 128; 0.03 1.67 / 1.65, 67 / 291 / 1; 0.02 1.54 / 1.64, 3 / 382 /
 *   0. 30 + up to 120 epochs: 0.05 1.65 / 1.75, 190 / 195 / 114; 0.04 1.59 / 1.54, 102 / 276 / 18;
 *   0.03 1.48 / 1.45, 14 / 361 / 1; 0.02 1.53 / 1.30, 0 / 398 / 0. So a smaller lambda classifies
 *   better and keeps every unit alive, but turns more units categorical, where the paper's Figure 3
 *   has a dense cloud of part-units and a smaller tail; 0.05 keeps that picture best. The trade is
 *   monotone over the four values: under Adam no lambda gives both the paper's error and its
 *   picture. The
 *   other rows at the same length (test %): 0.05: 200^11 1.84, 400^2 1.93, 200^2 2.10; 0.03: 200^11
 *   1.65, 400^2 1.60, 200^2 1.69. At both, T = 2 is worse than T = 11 at each width; at 0.03 the
 *   400^2 network edges out 200^11 (the paper: 1.32 against 1.21), by less than one standard error
 *   of a 10,000-digit test error (about 0.13 points). The long 0.05 network overfits rather than
 *   underfits: 0.02% training error, and about 70 units fire on some training digit but on no
 *   validation digit.
 * - the paper's SGD at the long length overturns the choice of Adam for 784-400^11-10 (lambda 0.03,
 *   30 + up to 120 epochs, momentum 0.9, fine-tuning rate falling linearly to a tenth; test /
 *   validation error %, part / categorical units after fine-tuning): Adam in both phases 1.48 /
 *   1.45, 14 / 361; Adam pretraining, SGD fine-tuning at 0.01: 1.36 / 1.31, 85 / 159; SGD in both
 *   (pretraining rate 0.2): 1.30 / 1.48, 103 / 146 (seed 2: 1.25 / 1.29, 106 / 141). With SGD,
 *   Figure 3 shows the paper's dense cloud of part-units with |C_i| and |(S - I)_i| near zero and a
 *   tail of categorical-units with both large (44 units with |C_i| > 1, against 105 under Adam,
 *   which spreads the classifier over 273 units with |C_i| > 0.5). Adam at epsilon 1e-3 moves each
 *   coordinate by up to lr / epsilon times its gradient, so units the classifier barely uses turn
 *   too; SGD moves them in proportion to their gradient. SGD also keeps L^U lower (0.150 on the
 *   test digits against 0.180). But one SGD rate does not suit every row: fine-tuned by SGD at 0.01
 *   after Adam pretraining, 200^11 gives 1.76, 400^2 1.80, 200^2 1.89, worse than Adam's 1.65,
 *   1.60, 1.69, and 0.003 is slower still (1.68, 3.02, 3.11). SGD in both phases at 0.01 gives
 *   200^11 1.48 (Adam 1.65) but 400^2 1.84 and 200^2 1.92; the T = 2 rows want a higher rate: at
 *   0.03 they give 1.56 and 1.62, below Adam's. So SGD in both phases, pretraining at 0.2,
 *   fine-tuning at 0.01 for T = 11 and 0.03 for T = 2, beats Adam on every row (1.30, 1.48, 1.56,
 *   1.62 against the paper's 1.08, 1.21, 1.32, 1.49, in the paper's order). The paper preset is
 *   these settings; quick and smoke keep the Adam ones. What the part-units of these networks are,
 *   measured on 784-400^11-10 (10,000 validation digits; decoder change as ||D_i - D_i at
 *   initialisation|| / ||D_i at initialisation||): under SGD the 103 units below 0.5 rad all but
 *   one fire, on a median 4.7% of digits, but their decoders moved a median 0.30 from their random
 *   start, against 1.30 and 1.32 for the units between and past 0.7 rad; under Adam at lambda 0.04
 *   the 102 below 0.5 rad moved 0.17 and 42 of them fire on under 0.1% of digits. Since the encoder
 *   starts at alpha D^T (Eq. 4), an untrained unit sits at angle 0: our cloud of part-units is in
 *   good part units that pretraining left near their start (the bottom rows of Figure 2(b) are
 *   noise, where the paper's part-units have pen-stroke decoders). The paper pretrains until
 *   convergence; 30 epochs end with the validation L^U still falling (0.1016 at epoch 30).
 * - pretraining for 100 epochs instead of 30 (validation L^U 0.0930 at epoch 99, still falling
 *   about 0.0001 an epoch), the rest of the paper preset unchanged; test / validation error %:
 *   400^11 1.34 / 1.34 (30 epochs: 1.30 / 1.48), 200^11 1.74 / 1.74 (1.48 / 1.48), 400^2 1.41 /
 *   1.45 (1.56 / 1.57), 200^2 1.60 / 1.52 (1.62 / 1.62). Three rows of four validate better,
 *   200^11 much worse; the mean validation error is 1.51 against 1.54, within the noise of a
 *   10,000-digit split, so the preset keeps the cheaper 30. What longer pretraining does to the
 *   untrained units of 784-400^11-10: those whose decoder is within half its norm of its random
 *   start number 131 after 30 epochs, 52 after 100 and 43 after fine-tuning from there. They
 *   are near-silent, not merely slow: after 30 epochs they fire on a median 1.2% of validation
 *   digits with a median z of 0.006 when on, against 13% and 0.050 for the others, about 100
 *   times less code and so 100 times smaller decoder gradients (an unused unit of sparse
 *   coding). After 100 epochs the units below 0.5 rad are 55, with a median decoder change of
 *   0.38, and Figure 2(b)'s bottom rows are still noise: longer pretraining revives them too
 *   slowly to give the paper's pen strokes. A different start (D from data) or a schedule that
 *   revives silent units may; neither is in the paper, and neither is tried here.
 * - batch size 100: a step of 784-400^11-10 takes about 20 ms on wasm either way, so larger
 *   batches only mean fewer updates, and smaller ones run slower per digit.
 */
const PAPER: DrsaeReproConfig = {
  // Table 1 and Sec. 4: 784-400^11-10 (1.08%), 200 hidden (1.21%), T = 2 (1.32%, 1.49%)
  architectures: [
    { hidden: 400, steps: 11 },
    { hidden: 200, steps: 11 },
    { hidden: 400, steps: 2 },
    { hidden: 200, steps: 2 },
  ],
  figureArchitecture: { hidden: 400, steps: 11 }, // Sec. 2: "T = 11 ... and 400 hidden units"
  lambda: 0.03, // not in the paper: see above
  batchSize: 100, // not in the paper: see above
  optimizer: "sgd", // Sec. 2: "stochastic gradient descent" in both phases
  momentum: 0.9, // not in the paper
  epsilon: 1e-3, // used by "adam" only (the quick and smoke presets): see above
  // Epochs and rates are not in the paper: measured above; fine-tuning is stopped by the
  // validation error (Sec. 2), and every row's best epoch came after its 60th
  pretrain: { epochs: 30, learningRate: 0.2 },
  fineTune: {
    epochs: 120,
    learningRate: 0.01,
    finalLearningRate: 0.001,
    patience: 50,
    learningRateForSteps: { 2: 0.03 }, // the T = 2 rows: see above
  },
  analysisExamples: 10000, // the whole validation split
};

/**
 * The settings of the short presets: Adam with epsilon 1e-3 and lambda 0.05, chosen on the short
 * runs above, where SGD fine-tuned too slowly.
 */
const SHORT: Pick<
  DrsaeReproConfig,
  "lambda" | "optimizer" | "epsilon" | "pretrain" | "fineTune"
> = {
  lambda: 0.05,
  optimizer: "adam",
  epsilon: 1e-3,
  pretrain: { epochs: 10, learningRate: 0.003 },
  fineTune: { epochs: 30, learningRate: 0.001, finalLearningRate: 0.0001, patience: 8 },
};

/**
 * The presets: smoke for tests (seconds), quick for about 20-35 minutes on one CPU core (MNIST,
 * all four Table 1 rows), paper for the paper's optimizer at the length measured above (about
 * two hours on one CPU core for all four rows).
 *
 * quick and smoke train with Adam (`SHORT`): in runs this short the paper's SGD fine-tunes too
 * slowly (see above). The quick preset's length comes from measured epoch times on wasm with one
 * BLAS thread, on a
 * machine shared with other work (load about 3 on 2 cores; 5,000 training digits scaled to
 * 50,000, 1,000 validation digits to 10,000; pretraining / fine-tuning epoch): 784-400^11-10
 * 11.3 / 11.7 s, 784-200^11-10 4.4 / 4.8 s, 784-400^2-10 5.6 / 5.9 s, 784-200^2-10 2.8 / 3.2 s,
 * about 25 s per epoch of all four. 10 pretraining + at most 30 fine-tuning epochs is then at
 * most 17 minutes of training, plus about a minute of evaluation and analysis (about twice
 * that on the shared machine, where the committed run measured 2,400 samples/s for
 * 784-400^11-10 against the 4,400 of the estimate).
 *
 * @example
 * ```ts
 * import { DRSAE_PRESETS } from "./drsae.ts";
 * console.log(DRSAE_PRESETS.paper.optimizer, DRSAE_PRESETS.quick.optimizer, DRSAE_PRESETS.quick.fineTune.epochs); // sgd adam 30
 * ```
 */
export const DRSAE_PRESETS: Readonly<Record<PresetName, DrsaeReproConfig>> = {
  smoke: {
    ...PAPER,
    ...SHORT,
    pretrain: { ...SHORT.pretrain, epochs: 2 },
    fineTune: { ...SHORT.fineTune, epochs: 3, patience: 2 },
    sizes: { train: 600, validation: 300, test: 300 },
    analysisExamples: 200,
  },
  quick: { ...PAPER, ...SHORT, analysisExamples: 5000 },
  paper: PAPER,
};

/**
 * The preset's settings for a dataset, checked. The same settings serve Fashion-MNIST (the
 * paper reports MNIST only).
 *
 * @param preset smoke, quick or paper
 * @param _dataset the dataset (the settings do not depend on it yet)
 * @returns a fresh copy of the settings
 *
 * @example
 * ```ts
 * import { drsaeConfig } from "./drsae.ts";
 * const c = drsaeConfig("quick", "mnist");
 * console.log(c.pretrain.epochs, c.fineTune.patience); // 10 8
 * ```
 */
export function drsaeConfig(preset: PresetName, _dataset: DatasetName): DrsaeReproConfig {
  const base = DRSAE_PRESETS[preset];
  if (!base) {
    throw new Error(`Unknown preset "${preset}": use one of ${Object.keys(DRSAE_PRESETS)}`);
  }
  return checkDrsaeConfig(structuredClone(base));
}

/**
 * Check a reproduction config, throwing an error that names the bad setting and the fix.
 *
 * @param config the settings
 * @returns the same settings
 *
 * @example
 * ```ts
 * import { checkDrsaeConfig, DRSAE_PRESETS } from "./drsae.ts";
 * try {
 *   checkDrsaeConfig({ ...DRSAE_PRESETS.smoke, architectures: [] });
 * } catch (e) {
 *   console.log((e as Error).message); // No architectures to train: list at least one { hidden, steps }
 * }
 * ```
 */
export function checkDrsaeConfig(config: DrsaeReproConfig): DrsaeReproConfig {
  const positiveInt = (v: number, name: string) => {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`${name} must be a positive integer, got ${v}`);
    }
  };
  const positive = (v: number, name: string) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${name} must be > 0, got ${v}`);
  };
  if (!config.architectures?.length) {
    throw new Error("No architectures to train: list at least one { hidden, steps }");
  }
  for (const a of config.architectures) {
    positiveInt(a.hidden, "hidden");
    positiveInt(a.steps, "steps (T)");
  }
  const fig = config.figureArchitecture;
  if (!config.architectures.some((a) => a.hidden === fig.hidden && a.steps === fig.steps)) {
    throw new Error(
      `The figure architecture ${architectureName(fig)} is not among the trained ones ` +
        `(${
          config.architectures.map((a) => architectureName(a)).join(", ")
        }): add it or pick one of them`,
    );
  }
  if (!(config.lambda >= 0)) {
    throw new Error(`lambda must be >= 0 (it weighs an L1 norm), got ${config.lambda}`);
  }
  positiveInt(config.batchSize, "batchSize");
  if (config.optimizer !== "adam" && config.optimizer !== "sgd") {
    throw new Error(`Unknown optimizer "${config.optimizer}": use "adam" or "sgd"`);
  }
  const ftOpt = config.fineTune.optimizer;
  if (ftOpt !== undefined && ftOpt !== "adam" && ftOpt !== "sgd") {
    throw new Error(`Unknown fine-tuning optimizer "${ftOpt}": use "adam" or "sgd"`);
  }
  if (!(config.momentum >= 0 && config.momentum < 1)) {
    throw new Error(`momentum must be in [0, 1), got ${config.momentum}`);
  }
  positive(config.epsilon, "epsilon");
  positiveInt(config.pretrain.epochs, "pretrain.epochs");
  positive(config.pretrain.learningRate, "pretrain.learningRate");
  if (config.pretrain.finalLearningRate !== undefined) {
    positive(config.pretrain.finalLearningRate, "pretrain.finalLearningRate");
  }
  if (config.fineTune.finalLearningRate !== undefined) {
    positive(config.fineTune.finalLearningRate, "fineTune.finalLearningRate");
  }
  positiveInt(config.fineTune.epochs, "fineTune.epochs");
  positive(config.fineTune.learningRate, "fineTune.learningRate");
  positiveInt(config.fineTune.patience, "fineTune.patience");
  for (const [t, r] of Object.entries(config.fineTune.learningRateForSteps ?? {})) {
    positive(r, `fineTune.learningRateForSteps[${t}]`);
  }
  positiveInt(config.analysisExamples, "analysisExamples");
  for (const [k, v] of Object.entries(config.sizes ?? {})) {
    if (v !== undefined) positiveInt(v, `sizes.${k}`);
  }
  return config;
}

/**
 * The name of an architecture as Table 1 writes it, e.g. "784-400^11-10".
 *
 * @example
 * ```ts
 * import { architectureName } from "./drsae.ts";
 * console.log(architectureName({ hidden: 200, steps: 2 })); // 784-200^2-10
 * ```
 */
export function architectureName(a: DrsaeArchitecture, inputs = 784, classes = 10): string {
  return `${inputs}-${a.hidden}^${a.steps}-${classes}`;
}

/**
 * Architectures from the command line: a comma-separated list of `HIDDENxSTEPS` ("400x11,200x2").
 * Throws an error naming the bad entry and the expected form.
 *
 * @example
 * ```ts
 * import { parseArchitectures } from "./drsae.ts";
 * console.log(parseArchitectures("400x11, 200x2")); // [ { hidden: 400, steps: 11 }, { hidden: 200, steps: 2 } ]
 * try {
 *   parseArchitectures("400-11");
 * } catch (e) {
 *   console.log((e as Error).message.split(":")[0]); // Bad architecture "400-11"
 * }
 * ```
 */
export function parseArchitectures(text: string): DrsaeArchitecture[] {
  const list = text.split(",").map((t) => t.trim()).filter((t) => t.length > 0);
  if (!list.length) throw new Error(`No architectures in "${text}": give e.g. 400x11,200x2`);
  return list.map((t) => {
    const m = t.match(/^(\d+)x(\d+)$/);
    const hidden = m ? Number(m[1]) : 0;
    const steps = m ? Number(m[2]) : 0;
    if (!m || hidden < 1 || steps < 1) {
      throw new Error(
        `Bad architecture "${t}": write HIDDENxSTEPS with positive integers, e.g. 400x11`,
      );
    }
    return { hidden, steps };
  });
}

/**
 * The dataset's splits for a config, inputs scaled to unit L2 norm (Sec. 2: "each input
 * normalized to have l2 magnitude equal to 1"): 50,000 training and 10,000 validation digits
 * from the official training set (split seed 0), and the 10,000 official test digits, cut to
 * the preset's sizes.
 *
 * @example
 * ```ts
 * import { DRSAE_PRESETS, drsaeSplits } from "./drsae.ts";
 * const s = await drsaeSplits("mnist", DRSAE_PRESETS.smoke);
 * let sq = 0;
 * for (let p = 0; p < 784; p++) sq += s.train.x[p] ** 2;
 * console.log(s.train.n, s.validation.n, s.test.n, sq.toFixed(4)); // 600 300 300 "1.0000"
 * ```
 */
export function drsaeSplits(
  dataset: DatasetName,
  config: DrsaeReproConfig,
): Promise<DatasetSplits> {
  return loadSplits(dataset, config.sizes, "unit-norm");
}

/** One Table 1 row as the paper gives it. */
export interface DrsaePaperRow {
  /** The row's name. */
  row: string;
  /** The paper's error %, MNIST. */
  paper: number;
  /** The DrSAE it is, or undefined for a row the paper cites from other work. */
  architecture?: DrsaeArchitecture;
  /** Who reported a cited row. */
  source?: string;
}

/**
 * The paper's Table 1 (MNIST error %), in its order, with the T = 2 results of Sec. 4 beside
 * the DrSAE row. Cited rows name their source; they are shown as cited, not re-run.
 *
 * @example
 * ```ts
 * import { DRSAE_PAPER_TABLE1 } from "./drsae.ts";
 * console.log(DRSAE_PAPER_TABLE1.filter((r) => r.architecture).map((r) => r.paper)); // [1.08, 1.21, 1.32, 1.49]
 * ```
 */
export const DRSAE_PAPER_TABLE1: readonly DrsaePaperRow[] = [
  {
    row: "LISTA autoencoder, 10 x (289-100^5)",
    paper: 3.76,
    source: "Sprechmann, Bronstein & Sapiro (2012a)",
  },
  {
    row: "Learned coordinate descent, 784-784^50-10",
    paper: 2.29,
    source: "Gregor & LeCun (2010)",
  },
  {
    row: "Differentiable sparse coding, 180-256*-10",
    paper: 1.30,
    source: "Bradley & Bagnell (2008)",
  },
  {
    row: "Deep sparse rectifier neural network, 784-1000-1000-1000-10",
    paper: 1.20,
    source: "Glorot, Bordes & Bengio (2011)",
  },
  {
    row: "Deep belief network, 784-500-500-2000-10",
    paper: 1.18,
    source: "Hinton et al. (2012)",
  },
  { row: "DrSAE 784-400^11-10", paper: 1.08, architecture: { hidden: 400, steps: 11 } },
  { row: "DrSAE 784-200^11-10", paper: 1.21, architecture: { hidden: 200, steps: 11 } },
  { row: "DrSAE 784-400^2-10", paper: 1.32, architecture: { hidden: 400, steps: 2 } },
  { row: "DrSAE 784-200^2-10", paper: 1.49, architecture: { hidden: 200, steps: 2 } },
  {
    row: "Supervised dictionary learning, 45 x (784-24*) to 45 x (784-96*)",
    paper: 1.05,
    source: "Mairal et al. (2009)",
  },
];

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

/**
 * The fine-tuning settings of one network: the run's, with the first rate its T asks for in
 * `learningRateForSteps` (the last rate scaled with it) and that table left out, so that the
 * settings of a network name its checkpoint whichever table chose its rate.
 *
 * @param fineTune the run's fine-tuning settings
 * @param architecture the network
 * @returns the network's settings
 *
 * @example
 * ```ts
 * import { fineTuneSettingsFor } from "./drsae.ts";
 * const ft = { epochs: 120, learningRate: 0.01, finalLearningRate: 0.001, patience: 50, learningRateForSteps: { 2: 0.03 } };
 * console.log(fineTuneSettingsFor(ft, { hidden: 400, steps: 2 }).finalLearningRate); // 0.003
 * ```
 */
export function fineTuneSettingsFor(
  fineTune: DrsaeFineTuneSettings,
  architecture: DrsaeArchitecture,
): DrsaeFineTuneSettings {
  const { learningRateForSteps, ...rest } = fineTune;
  const rate = learningRateForSteps?.[architecture.steps];
  return rate === undefined ? rest : withFirstRate(rest, rate);
}

/**
 * A phase's settings with another first rate, its last rate scaled with it (rounded to 12
 * digits, so that 0.0001 * 0.01 / 0.001 reads 0.001), keys in the same order.
 *
 * @param phase the settings
 * @param rate the new first rate
 * @returns a copy
 *
 * @example
 * ```ts
 * import { withFirstRate } from "./drsae.ts";
 * console.log(withFirstRate({ epochs: 3, learningRate: 0.001, finalLearningRate: 0.0001 }, 0.01)); // { epochs: 3, learningRate: 0.01, finalLearningRate: 0.001 }
 * ```
 */
export function withFirstRate<P extends DrsaePhaseSettings>(phase: P, rate: number): P {
  const { finalLearningRate: last, learningRate: first } = phase;
  return {
    ...phase,
    learningRate: rate,
    ...(last === undefined
      ? {}
      : { finalLearningRate: Number((last * rate / first).toPrecision(12)) }),
  };
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
 * import { drsae } from "../../lib/models/drsae.ts";
 * import { summarizeUnits } from "./drsae.ts";
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
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { DRSAE_PRESETS, trainDrsae } from "./drsae.ts";
 * const splits = splitDataset(await loadDataset("mnist", { scale: "unit-norm" }), { trainSize: 200, validationSize: 100, testSize: 100 });
 * const config = { ...DRSAE_PRESETS.smoke, pretrain: { epochs: 1, learningRate: 0.003 } };
 * const r = await trainDrsae(splits, { hidden: 20, steps: 2 }, config);
 * console.log(r.pretrain.epochs, r.testError < 1); // 1 true
 * r.model.dispose();
 * ```
 */
export async function trainDrsae(
  splits: { train: ArrayData; validation: ArrayData; test: ArrayData },
  architecture: DrsaeArchitecture,
  config: DrsaeReproConfig,
  options: TrainDrsaeOptions = {},
): Promise<TrainedDrsae> {
  checkDrsaeConfig({ ...config, architectures: [architecture], figureArchitecture: architecture });
  if (!splits.train.y || !splits.validation.y || !splits.test.y) {
    throw new Error("DrSAE fine-tuning needs labels: pass splits with y (from splitDataset)");
  }
  const seed = options.seed ?? 1;
  const name = architectureName(architecture, splits.train.features);
  const model = drsae({
    inputs: splits.train.features,
    hidden: architecture.hidden,
    steps: architecture.steps,
    lambda: config.lambda,
    seed,
  });
  try {
    // Phase 1 (Sec. 2): L^U alone; C stays at zero.
    model.setPhase("unsupervised");
    const opt1 = makeOptimizer(config);
    const pretrain = await train(model, splits.train, {
      epochs: config.pretrain.epochs,
      batchSize: config.batchSize,
      optimizer: opt1,
      learningRate: phaseRate(config.pretrain),
      validation: splits.validation, // mean L^U; the best epoch is restored
      seed,
      checkpoint: options.checkpoints?.pretrain,
      progress: options.progress,
      signal: options.signal,
      label: `${name} pretraining (L^U)`,
    });
    opt1.dispose();
    const before = await summarizeUnits(model, splits.validation, config.analysisExamples);

    // Phase 2 (Sec. 2): L^U + L^S from the pretrained parameters, early stopping on the
    // validation error.
    model.setPhase("discriminative");
    const scores = (x: Tensor2D) => model.classify(x);
    const ft = fineTuneSettingsFor(config.fineTune, architecture);
    const opt2 = makeOptimizer(config, ft.optimizer);
    const fineTune = await train(model, splits.train, {
      epochs: ft.epochs,
      batchSize: config.batchSize,
      optimizer: opt2,
      learningRate: phaseRate(ft),
      validate: () => classificationError(splits.validation, scores),
      patience: ft.patience,
      restoreBest: true,
      seed: seed + 1, // a different shuffle from pretraining
      checkpoint: options.checkpoints?.fineTune,
      progress: options.progress,
      signal: options.signal,
      label: `${name} fine-tuning (L^U + L^S)`,
    });
    opt2.dispose();
    const after = await summarizeUnits(model, splits.validation, config.analysisExamples);
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
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { DRSAE_PRESETS, rowOutcome, trainDrsae } from "./drsae.ts";
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
 * import { emptyOutcome } from "./drsae.ts";
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

/** A results row: `row`, `paper`, `ours` and the run's settings. */
export type DrsaeTableRow = Record<string, unknown>;

/** Options for {@link drsaeTable1}. */
export interface DrsaeTableOptions {
  /** The dataset; the paper's numbers are shown for MNIST only. */
  dataset: string;
  /** Columns added to every trained row (preset, seed, backend). */
  settings?: Record<string, unknown>;
}

const sameArchitecture = (a: DrsaeArchitecture, b: DrsaeArchitecture) =>
  a.hidden === b.hidden && a.steps === b.steps;

/**
 * Assemble Table 1: the paper's rows in its order, each DrSAE row with our test error (%)
 * beside the paper's, cited rows as cited (no "ours"), and any trained architecture the paper
 * does not list appended. On datasets other than MNIST the paper column is empty.
 *
 * @param outcomes the trained rows
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeTable1 } from "./drsae.ts";
 * const rows = drsaeTable1([{
 *   architecture: { hidden: 400, steps: 11 }, testError: 0.0123, validationError: 0.011,
 *   pretrainEpochs: 20, fineTuneEpochs: 60, bestEpoch: 45, stoppedEarly: true,
 *   pretrainEpochSeconds: 10, fineTuneEpochSeconds: 11, seconds: 860,
 * }], { dataset: "mnist" });
 * const r = rows.find((r) => r.row === "DrSAE 784-400^11-10")!;
 * console.log(rows.length, r.paper, r.ours); // 10 1.08 1.23
 * ```
 */
export function drsaeTable1(
  outcomes: readonly DrsaeRowOutcome[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const settings = options.settings ?? {};
  const pct = (v: number | null) => v === null ? null : 100 * v;
  const trainedRow = (row: string, paper: number | null, o: DrsaeRowOutcome): DrsaeTableRow => ({
    row,
    paper,
    ours: pct(o.testError),
    validation: pct(o.validationError),
    pretrainEpochs: o.pretrainEpochs,
    fineTuneEpochs: o.fineTuneEpochs,
    bestEpoch: o.bestEpoch,
    stoppedEarly: o.stoppedEarly,
    part: o.units?.part ?? null,
    categorical: o.units?.categorical ?? null,
    ...settings,
    pretrainEpochSeconds: o.pretrainEpochSeconds,
    fineTuneEpochSeconds: o.fineTuneEpochSeconds,
    seconds: o.seconds,
    note: o.note ?? null,
  });
  // rows without a run keep the columns of a trained row, empty, so every row has them in order
  const empty = (row: string, paper: number | null, note: string): DrsaeTableRow => {
    const r = trainedRow(row, paper, emptyOutcome({ hidden: 0, steps: 0 }, note));
    for (const k of Object.keys(settings)) r[k] = null;
    return r;
  };
  const rows: DrsaeTableRow[] = [];
  for (const p of DRSAE_PAPER_TABLE1) {
    const paper = mnist ? p.paper : null;
    if (!p.architecture) {
      rows.push(empty(
        p.row,
        paper,
        mnist
          ? `cited from ${p.source}, not re-run`
          : `MNIST result of ${p.source} (${p.paper}%), cited in the paper; not re-run`,
      ));
      continue;
    }
    const o = outcomes.find((o) => sameArchitecture(o.architecture, p.architecture!));
    rows.push(o ? trainedRow(p.row, paper, o) : empty(p.row, paper, "not in this preset"));
  }
  for (const o of outcomes) {
    if (
      DRSAE_PAPER_TABLE1.some((p) =>
        p.architecture && sameArchitecture(p.architecture, o.architecture)
      )
    ) {
      continue;
    }
    rows.push(trainedRow(`DrSAE ${architectureName(o.architecture)}`, null, o));
  }
  return rows;
}

/**
 * How each trained network fits each split, one row per network and split: "ours" is the
 * classification error (%), beside L^U (Eq. 2), L^S (Eq. 3) and the units never active on
 * any row of the split. The paper gives only the test error (Table 1), shown on the test rows
 * for MNIST. A training error far below the validation and test errors, with more units
 * silent on the held-out digits than on the training digits, means the network fits its
 * training digits and does not generalise; a high training error means the run was short.
 *
 * @param outcomes the trained rows (those without `fit` are skipped)
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeFitTable } from "./drsae.ts";
 * const f = { error: 0.01, lossU: 0.2, lossS: 0.05, neverOn: 3, rows: 100 };
 * const rows = drsaeFitTable([{ architecture: { hidden: 400, steps: 11 }, fit: { train: { ...f, error: 0 }, validation: f, test: f } }], { dataset: "mnist" });
 * console.log(rows.map((r) => [r.row, r.paper, r.ours])); // [["784-400^11-10, training", null, 0], ["784-400^11-10, validation", null, 1], ["784-400^11-10, test", 1.08, 1]]
 * ```
 */
export function drsaeFitTable(
  outcomes: readonly Pick<DrsaeRowOutcome, "architecture" | "fit">[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const rows: DrsaeTableRow[] = [];
  for (const o of outcomes) {
    if (!o.fit) continue;
    const name = architectureName(o.architecture);
    const cited = DRSAE_PAPER_TABLE1.find((p) =>
      p.architecture && sameArchitecture(p.architecture, o.architecture)
    );
    for (
      const [split, f] of [["training", o.fit.train], ["validation", o.fit.validation], [
        "test",
        o.fit.test,
      ]] as const
    ) {
      rows.push({
        row: `${name}, ${split}`,
        paper: mnist && split === "test" && cited ? cited.paper : null,
        ours: Number((100 * f.error).toFixed(2)),
        lossU: Number(f.lossU.toFixed(4)),
        lossS: Number(f.lossS.toFixed(4)),
        neverOn: f.neverOn,
        units: o.architecture.hidden,
        digits: f.rows,
        ...options.settings,
      });
    }
  }
  return rows;
}

/**
 * The unit counts behind Figure 3, one row per architecture and phase: "ours" is the number of
 * categorical-units (encoder-decoder angle > 0.7 rad), beside the part-units (< 0.5 rad) and
 * those between. The paper's only count is qualitative: "Before discriminative fine-tuning,
 * there are no categorical-units" (Sec. 3), shown as 0 on the pretraining rows.
 *
 * @param trained the trained rows
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeUnitTable } from "./drsae.ts";
 * const units = { kinds: [], part: 390, categorical: 0, intermediate: 10 };
 * const s = { angles: new Float32Array(400), explainingAway: new Float32Array(400), classifier: new Float32Array(400), units, dead: 3 };
 * const rows = drsaeUnitTable([{ architecture: { hidden: 400, steps: 11 }, before: s, after: { ...s, units: { ...units, part: 350, categorical: 30, intermediate: 20 } } }], { dataset: "mnist" });
 * console.log(rows.map((r) => [r.paper, r.ours])); // [[0, 0], [null, 30]]
 * ```
 */
export function drsaeUnitTable(
  trained: readonly Pick<TrainedDrsae, "architecture" | "before" | "after">[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const rows: DrsaeTableRow[] = [];
  for (const t of trained) {
    for (
      const [phase, s] of [["after pretraining", t.before], ["after fine-tuning", t.after]] as const
    ) {
      const finite = [...s.angles].filter(Number.isFinite).sort((a, b) => a - b);
      rows.push({
        row: `${architectureName(t.architecture)}, ${phase}`,
        paper: mnist && phase === "after pretraining" ? 0 : null,
        ours: s.units.categorical,
        part: s.units.part,
        intermediate: s.units.intermediate,
        dead: s.dead,
        units: t.architecture.hidden,
        medianAngle: finite.length ? finite[Math.floor(finite.length / 2)] : null,
        maxAngle: finite.length ? finite[finite.length - 1] : null,
        ...options.settings,
      });
    }
  }
  return rows;
}

/**
 * A short hash of any JSON-serialisable settings (FNV-1a of the JSON), for checkpoint names: a
 * checkpoint then resumes only the run whose settings made it.
 *
 * @example
 * ```ts
 * import { drsaeSettingsHash } from "./drsae.ts";
 * console.log(drsaeSettingsHash({ a: 1 }) === drsaeSettingsHash({ a: 1 }), drsaeSettingsHash({ a: 2 }).length); // true 8
 * ```
 */
export function drsaeSettingsHash(value: unknown): string {
  return hashHex(value);
}
