/**
 * The settings of the DrSAE reproduction (Rolfe & LeCun 2013): the presets smoke, quick and
 * paper, their checks, the splits, the `--architectures` list and the script's own flags. Where
 * the paper is silent (lambda, batch size, optimizer settings, epochs, rates) the presets hold
 * our choices; the measurements behind them are on `results/drsae/README.md`.
 *
 * @module
 */
import { choiceFlag, integerFlag, type PresetName, type ScriptArgs, UsageError } from "../cli.ts";
import type { DatasetName } from "../../lib/data/mnist.ts";
import { type DatasetSplits, loadSplits, type SplitSizes } from "../../lib/data/splits.ts";
import { architectureName, DRSAE_PAPER, type DrsaeArchitecture } from "./paper.ts";

/** Settings of one training phase. */
export interface DrsaePhaseSettings {
  /** Epochs (the most epochs, in the fine-tuning phase, which may stop early). */
  epochs: number;
  /** Base learning rate; each matrix's is scaled by the model's `learningRateScale` (Sec. 2). */
  learningRate: number;
  /**
   * When set, the base learning rate falls linearly from `learningRate` at the first epoch to
   * this at the last planned one (not in the paper). Default: constant.
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
  /** The L1 weight lambda of Eq. 2 (not given in the paper). */
  lambda: number;
  /** Minibatch size (not given in the paper). */
  batchSize: number;
  /** The optimizer (the paper: "stochastic gradient descent", Sec. 2). */
  optimizer: "adam" | "sgd";
  /** Momentum, for `optimizer: "sgd"` only. */
  momentum: number;
  /** Adam's epsilon, for `optimizer: "adam"` only. */
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
 * The paper preset: the paper's networks and SGD (Sec. 2), with our choices where it is silent
 * (lambda, batch size, momentum, epochs, rates; chosen on validation digits, see the results
 * page). Fine-tuning is stopped by the validation error (Sec. 2).
 */
const PAPER: DrsaeReproConfig = {
  architectures: DRSAE_PAPER.architectures.map((a) => ({ ...a })),
  figureArchitecture: { ...DRSAE_PAPER.figureArchitecture },
  lambda: 0.03, // not in the paper
  batchSize: 100, // not in the paper
  optimizer: DRSAE_PAPER.optimizer,
  momentum: 0.9, // not in the paper
  epsilon: 1e-3, // used by "adam" only (the quick and smoke presets)
  pretrain: { epochs: 30, learningRate: 0.2 },
  fineTune: {
    epochs: 120,
    learningRate: 0.01,
    finalLearningRate: 0.001,
    patience: 50,
    learningRateForSteps: { 2: 0.03 }, // the T = 2 rows want a higher rate
  },
  analysisExamples: 10000, // the whole validation split
};

/**
 * The settings of the short presets: Adam with epsilon 1e-3 (the paper's per-matrix rate
 * scaling kept) and lambda 0.05; in runs this short the paper's SGD fine-tunes too slowly.
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
 * all four Table 1 rows, Adam), paper for the paper's optimizer (about two hours on one CPU
 * core for all four rows).
 *
 * @example
 * ```ts
 * import { DRSAE_PRESETS } from "./config.ts";
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
 * import { drsaeConfig } from "./config.ts";
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
 * import { checkDrsaeConfig, DRSAE_PRESETS } from "./config.ts";
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
 * Architectures from the command line: a comma-separated list of `HIDDENxSTEPS` ("400x11,200x2").
 * Throws an error naming the bad entry and the expected form.
 *
 * @example
 * ```ts
 * import { parseArchitectures } from "./config.ts";
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
 * import { DRSAE_PRESETS, drsaeSplits } from "./config.ts";
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
 * import { fineTuneSettingsFor } from "./config.ts";
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
 * import { withFirstRate } from "./config.ts";
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

/**
 * The script's own flags and their help (`startScript`'s `ScriptFlags`); `--epochs` of the
 * common flags sets both phases' epochs.
 */
export const DRSAE_FLAGS: Readonly<Record<string, string>> = {
  architectures: "400x11,200x2  networks to train, HIDDENxSTEPS (default Table 1's four); " +
    "the figures' network is 400x11 when trained, else the first",
  "pretrain-epochs": "N  pretraining epochs (default the preset's, or --epochs)",
  lambda: "L  the L1 weight of Eq. 2 (default 0.03 in paper, 0.05 in quick; not in the paper)",
  optimizer: "adam|sgd  both phases' optimizer (default SGD in paper, Adam in quick)",
  "fine-tune-optimizer": "adam|sgd  fine-tuning's optimizer (default --optimizer)",
  "pretrain-rate": "LR  pretraining's learning rate (needed with an optimizer not the preset's)",
  "fine-tune-rate": "LR  fine-tuning's first learning rate; its last scales with it",
};

/** A number flag that must be >= 0 (or > 0 with `strict`), or undefined when absent. */
function numberFlag(name: string, value: string | undefined, strict: boolean): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  const ok = value.trim() !== "" && Number.isFinite(v) && (strict ? v > 0 : v >= 0);
  if (!ok) {
    throw new UsageError(`--${name} must be a number ${strict ? ">" : ">="} 0, got "${value}"`);
  }
  return v;
}

/**
 * A phase's rate from its flag; a phase whose optimizer is not the preset's must be given one,
 * since the preset's rate is tuned for the preset's optimizer.
 */
function rateFlag(
  args: ScriptArgs,
  flag: string,
  phase: DrsaePhaseSettings,
  optimizer: string,
  presetOptimizer: string,
): number | undefined {
  const rate = numberFlag(flag, args.extra[flag], true);
  if (rate === undefined && optimizer !== presetOptimizer) {
    throw new UsageError(
      `${optimizer} in this phase needs --${flag}: the preset's rate ` +
        `${phase.learningRate} is tuned for ${presetOptimizer}`,
    );
  }
  return rate;
}

/** Set the networks from `--architectures`, keeping the figures' network among them. */
function applyArchitectures(config: DrsaeReproConfig, text: string | undefined): void {
  if (text === undefined) return;
  try {
    config.architectures = parseArchitectures(text);
  } catch (e) {
    throw new UsageError(`--architectures: ${(e as Error).message}`);
  }
  const fig = config.figureArchitecture;
  if (!config.architectures.some((a) => a.hidden === fig.hidden && a.steps === fig.steps)) {
    config.figureArchitecture = config.architectures[0];
  }
}

/**
 * The preset's settings with the script's flags applied (see {@link DRSAE_FLAGS}): epochs,
 * lambda, each phase's optimizer and rate, the networks. Throws a `UsageError` naming a bad flag.
 *
 * @example
 * ```ts
 * import { drsaeConfigFromFlags } from "./config.ts";
 * const args = { preset: "quick", dataset: "mnist", extra: { lambda: "0.02", architectures: "200x2" } };
 * const c = drsaeConfigFromFlags(args as never);
 * console.log(c.lambda, c.figureArchitecture); // 0.02 { hidden: 200, steps: 2 }
 * ```
 */
export function drsaeConfigFromFlags(args: ScriptArgs): DrsaeReproConfig {
  const config = drsaeConfig(args.preset, args.dataset);
  if (args.epochs) {
    config.pretrain.epochs = args.epochs;
    config.fineTune.epochs = args.epochs;
  }
  const pretrainEpochs = integerFlag("pretrain-epochs", args.extra["pretrain-epochs"], 1);
  if (pretrainEpochs !== undefined) config.pretrain.epochs = pretrainEpochs;
  config.lambda = numberFlag("lambda", args.extra.lambda, false) ?? config.lambda;
  const presetOptimizer = config.optimizer;
  const optimizerFlag = (flag: string) =>
    choiceFlag(flag, args.extra[flag], ["adam", "sgd"] as const);
  config.optimizer = optimizerFlag("optimizer") ?? config.optimizer;
  const ftOpt = optimizerFlag("fine-tune-optimizer");
  if (ftOpt !== undefined && ftOpt !== config.optimizer) config.fineTune.optimizer = ftOpt;
  const preRate = rateFlag(
    args,
    "pretrain-rate",
    config.pretrain,
    config.optimizer,
    presetOptimizer,
  );
  if (preRate !== undefined) config.pretrain = withFirstRate(config.pretrain, preRate);
  const ftOptimizer = config.fineTune.optimizer ?? config.optimizer;
  const ftRate = rateFlag(args, "fine-tune-rate", config.fineTune, ftOptimizer, presetOptimizer);
  if (ftRate !== undefined) {
    // one rate for every network: the preset's rates per T give way
    const { learningRateForSteps: _, ...ft } = config.fineTune;
    config.fineTune = withFirstRate(ft, ftRate);
  }
  applyArchitectures(config, args.extra.architectures);
  return config;
}
