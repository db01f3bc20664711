/**
 * The building blocks of the Table 2 reproduction: per-class pretraining of tied autoencoders
 * (Sec. 4.3), the class-specific model built from them and fine-tuned discriminatively
 * (Eq. 45, Sec. 4.4), the factored model pretrained on reconstruction and fine-tuned the same
 * way (Eq. 46-50), and the classification RBMs of the comparison rows. Every training run goes
 * through the one trainer with its own checkpoint, so an interrupted run resumes.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { type ArrayData, firstRows, pickRows } from "../../lib/data/rows.ts";
import type { EnergyActivationName } from "../../lib/energy/energy.ts";
import { classificationError } from "../../lib/eval/metrics.ts";
import {
  type ContractiveAutoencoder,
  contractiveAutoencoder,
} from "../../lib/models/contractive.ts";
import {
  centreConstants,
  type Csae,
  csaeFromAutoencoders,
  type CsaeModel,
} from "../../lib/models/csae.ts";
import { type FactoredCsae, factoredCsae } from "../../lib/models/csae_factored.ts";
import { type ClassRbm, classRbm } from "../../lib/models/class_rbm.ts";
import { type Optimizer, sgd } from "../../lib/train/optimizers.ts";
import { inverseTimeSchedule, type ScheduleLike } from "../../lib/train/schedules.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { ProgressReporter, Trainable } from "../../lib/types.ts";
import type { RbmRowObjective } from "./paper.ts";

/** What every training run of the reproduction shares. */
export interface EnergyTrainContext {
  /** Minibatch size (Sec. 4.4: 100). */
  batchSize: number;
  /** Momentum (Sec. 4.4: 0.9). */
  momentum: number;
  /** Seed of initialisation and shuffling. */
  seed: number;
  /** The checkpoint file of a named run (a settings hash in the name), or undefined. */
  checkpoint: (name: string, settings: unknown) => Promise<string | undefined>;
  /** Progress of each run. */
  progress?: ProgressReporter;
  /** Stops training cleanly. */
  signal?: AbortSignal;
}

/** The regulariser of a pretrained autoencoder: contraction (Eq. 40) or masking noise. */
export interface Regularizer {
  /** Weight of the contraction penalty (0 for a denoising autoencoder). */
  contraction: number;
  /** Fraction of inputs zeroed (0 for a contractive autoencoder). */
  corruption: number;
}

/** Settings of pretraining (Sec. 4.3); the paper gives neither learning rate nor init. */
export interface PretrainSettings {
  /** Epochs of pretraining. */
  epochs: number;
  /** SGD learning rate. */
  learningRate: number;
  /** Standard deviation of the initial weights. */
  initStd: number;
  /** Rescale filters to equal norm after each step (Sec. 4.3: "can help"). */
  normalizeFilters: boolean;
  /**
   * Sigmoid outputs with the cross-entropy (Eq. 4; energy Eq. 28) instead of the default
   * linear outputs with the squared error. Absent for linear outputs, so that the names of
   * checkpoints made before the option resume.
   */
  output?: "sigmoid";
}

/** Settings of one discriminative fine-tuning run (Sec. 4.4). */
export interface FineTuneSettings {
  /** Epochs (Sec. 4.4: 100). */
  epochs: number;
  /** SGD learning rate (validated in Sec. 4.4; values not given), at the first epoch. */
  learningRate: number;
  /**
   * Decrease constant: the rate at epoch t is learningRate / (1 + lrDecay * t)
   * ({@link inverseTimeSchedule}). Absent or 0: a constant rate.
   */
  lrDecay?: number;
  /** L2 weight decay (validated in Sec. 4.4; values not given). */
  l2: number;
  /** The plain CSAE's filters kept at a constant norm (Table 5, Sec. 4.8). Default false. */
  constantNorm?: boolean;
  /**
   * Start the plain CSAE's constants C at minus each class's mean energy over the first
   * {@link CENTRE_ROWS} training rows ({@link centreConstants}) instead of zero. Default false.
   */
  centreConstants?: boolean;
}

/** Training rows the constants are centred on (`FineTuneSettings.centreConstants`). */
export const CENTRE_ROWS = 2000;

/** The rate of a run: constant, or decaying as rate / (1 + decay epoch) when decay > 0. */
function rateOf(learningRate: number, lrDecay = 0): ScheduleLike {
  return lrDecay > 0 ? inverseTimeSchedule(learningRate, lrDecay) : learningRate;
}

/** The rows of `data` whose label is `label`. */
export function classRows(data: ArrayData, label: number): ArrayData {
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if (data.y![i] === label) rows.push(i);
  return pickRows(data, rows);
}

/**
 * Rows of `a` followed by rows of `b` (train + validation, Sec. 4.3-4.4).
 *
 * @example
 * ```ts
 * import { concatRows } from "./train.ts";
 * const a = { x: new Float32Array([1, 2]), y: new Uint8Array([0]), n: 1, features: 2 };
 * console.log(concatRows(a, a).n); // 2
 * ```
 */
export function concatRows(a: ArrayData, b: ArrayData): ArrayData {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Uint8Array(a.n + b.n);
  y.set(a.y!);
  y.set(b.y!, a.n);
  return { x, y, n: a.n + b.n, features: a.features };
}

/** Train with SGD and momentum (or the run's optimizer); the optimizer is made and freed here. */
async function trainWith(
  model: Trainable,
  data: ArrayData,
  ctx: EnergyTrainContext,
  run: {
    name: string;
    settings: unknown;
    epochs: number;
    learningRate: ScheduleLike;
    validate?: () => Promise<number>;
    optimizer?: () => Optimizer;
  },
): Promise<TrainResult> {
  const optimizer = run.optimizer?.() ?? sgd({ momentum: ctx.momentum });
  try {
    return await train(model, data, {
      epochs: run.epochs,
      batchSize: ctx.batchSize,
      optimizer,
      learningRate: run.learningRate,
      seed: ctx.seed,
      validate: run.validate,
      restoreBest: run.validate !== undefined,
      checkpoint: await ctx.checkpoint(run.name, run.settings),
      progress: ctx.progress,
      signal: ctx.signal,
      label: run.name,
    });
  } finally {
    optimizer.dispose();
  }
}

/** Pretrained per-class autoencoders and their combined training seconds. */
export interface PretrainedClasses {
  /** One autoencoder per class, in class order (dispose them when done). */
  autoencoders: ContractiveAutoencoder[];
  /** Training seconds over all classes. */
  seconds: number;
}

/**
 * Pretrain one tied autoencoder per class on that class's rows (Sec. 4.3): contractive for a
 * differentiable activation, denoising otherwise (Sec. 4.2).
 */
export async function pretrainClasses(
  data: ArrayData,
  classes: number,
  model: { activation: EnergyActivationName; hidden: number; regularizer: Regularizer },
  settings: PretrainSettings,
  ctx: EnergyTrainContext,
): Promise<PretrainedClasses> {
  const autoencoders: ContractiveAutoencoder[] = [];
  let seconds = 0;
  try {
    seconds = await pretrainEach(data, classes, model, settings, ctx, autoencoders);
  } catch (e) {
    for (const ae of autoencoders) ae.dispose(); // a diverged or interrupted class frees them all
    throw e;
  }
  return { autoencoders, seconds };
}

/** Train each class's autoencoder in turn, pushing it to `autoencoders` before training. */
async function pretrainEach(
  data: ArrayData,
  classes: number,
  model: { activation: EnergyActivationName; hidden: number; regularizer: Regularizer },
  settings: PretrainSettings,
  ctx: EnergyTrainContext,
  autoencoders: ContractiveAutoencoder[],
): Promise<number> {
  let seconds = 0;
  for (let c = 0; c < classes; c++) {
    const ae = contractiveAutoencoder({
      inputs: data.features,
      hidden: model.hidden,
      activation: model.activation,
      contraction: model.regularizer.contraction,
      corruption: model.regularizer.corruption,
      normalizeFilters: settings.normalizeFilters,
      output: settings.output ?? "linear",
      init: settings.initStd,
      seed: ctx.seed + c,
    });
    autoencoders.push(ae);
    const r = await trainWith(ae, classRows(data, c), ctx, {
      name: `pretrain-${model.activation}-h${model.hidden}-class${c}`,
      settings: { ...model, ...settings, class: c, n: data.n },
      epochs: settings.epochs,
      learningRate: settings.learningRate,
    });
    seconds += r.seconds;
  }
  return seconds;
}

/** A fine-tuned model, its validation error and training record. */
export interface FineTuned<M extends CsaeModel | ClassRbm> {
  /** The model at its best validation epoch (or after the last epoch without validation). */
  model: M;
  /** The trainer's result. */
  result: TrainResult;
  /** Validation error (a fraction) at the kept epoch; NaN without validation. */
  validationError: number;
}

/**
 * Fine-tune a class-specific model on the log of Eq. 45 (Sec. 4.4), keeping the epoch with
 * the lowest validation error when `validation` is given.
 */
export async function fineTune<M extends CsaeModel | ClassRbm>(
  model: M,
  data: ArrayData,
  validation: ArrayData | undefined,
  run: {
    name: string;
    settings: unknown;
    epochs: number;
    learningRate: ScheduleLike;
    optimizer?: () => Optimizer;
  },
  ctx: EnergyTrainContext,
): Promise<FineTuned<M>> {
  const error = () => classificationError(validation!, (x: Tensor2D) => model.logits(x));
  let result: TrainResult;
  try {
    result = await trainWith(model, data, ctx, {
      ...run,
      validate: validation ? error : undefined,
    });
  } catch (e) {
    model.dispose(); // the caller never receives a model whose training failed
    throw e;
  }
  return {
    model,
    result,
    validationError: validation ? result.bestValidation : NaN,
  };
}

/**
 * The plain CSAE (Eq. 45) from per-class autoencoders, fine-tuned (Sec. 4.4). The autoencoders
 * are copied and stay the caller's.
 */
export function fineTuneCsae(
  pretrained: readonly ContractiveAutoencoder[],
  data: ArrayData,
  validation: ArrayData | undefined,
  run: { name: string; settings: unknown } & FineTuneSettings,
  ctx: EnergyTrainContext,
): Promise<FineTuned<Csae>> {
  const model = csaeFromAutoencoders(pretrained, {
    loss: "log",
    l2: run.l2,
    constantNorm: run.constantNorm ?? false,
  });
  if (run.centreConstants) {
    const rows = firstRows(data, CENTRE_ROWS);
    const x = tf.tensor2d(rows.x, [rows.n, rows.features]);
    centreConstants(model, x);
    x.dispose();
  }
  return fineTune(model, data, validation, {
    ...run,
    learningRate: rateOf(run.learningRate, run.lrDecay),
  }, ctx);
}

/** Settings of a factored model. */
export interface FactoredSettings {
  /** Hidden activation. */
  activation: EnergyActivationName;
  /** Hidden units per class. */
  hidden: number;
  /** Factors. */
  factors: number;
  /** Masking noise of pretraining (Sec. 4.2: the factored models are all denoising). */
  corruption: number;
}

/**
 * Pretrain the factored model on reconstruction, all classes at once, each row through its
 * own class's weights (Sec. 4.3).
 */
export async function pretrainFactored(
  data: ArrayData,
  classes: number,
  model: FactoredSettings,
  settings: PretrainSettings,
  ctx: EnergyTrainContext,
): Promise<{ model: FactoredCsae; seconds: number }> {
  const m = factoredCsae({
    classes,
    inputs: data.features,
    ...model,
    objective: "reconstruction",
    initStd: settings.initStd,
    seed: ctx.seed,
  });
  try {
    const r = await trainWith(m, data, ctx, {
      name: `pretrain-factored-${model.activation}-f${model.factors}-h${model.hidden}`,
      settings: { ...model, ...settings, n: data.n },
      epochs: settings.epochs,
      learningRate: settings.learningRate,
    });
    return { model: m, seconds: r.seconds };
  } catch (e) {
    m.dispose();
    throw e;
  }
}

/**
 * A discriminative factored model initialised from the pretrained tensors (every tensor but
 * the constants C, which start at zero), fine-tuned (Sec. 4.4).
 */
export function fineTuneFactored(
  pretrained: FactoredCsae,
  data: ArrayData,
  validation: ArrayData | undefined,
  run: { name: string; settings: unknown } & FineTuneSettings,
  ctx: EnergyTrainContext,
): Promise<FineTuned<FactoredCsae>> {
  const c = pretrained.config;
  const model = factoredCsae({
    ...c,
    objective: "discriminative",
    loss: "log",
    l2: run.l2,
    learn: "all",
  });
  for (const name of ["Wx", "Wf", "Wh", "Bh", "Br"] as const) {
    model.tensors[name].assign(pretrained.tensors[name]);
  }
  return fineTune(model, data, validation, {
    ...run,
    learningRate: rateOf(run.learningRate, run.lrDecay),
  }, ctx);
}

/** Settings of a classification RBM row. */
export interface RbmSettings {
  /** Generative (RBM), discriminative (DRBM) or hybrid (HDRBM). */
  objective: RbmRowObjective;
  /** Hidden units. */
  hidden: number;
  /** Weight of the generative part of the hybrid objective. */
  alphaGenerative: number;
  /** Epochs. */
  epochs: number;
  /** SGD learning rate (at the first epoch when `lrDecay` is set). */
  learningRate: number;
  /**
   * Decrease constant: the rate at epoch t is learningRate / (1 + lrDecay * t)
   * ({@link inverseTimeSchedule}). Absent or 0: a constant rate.
   */
  lrDecay?: number;
  /** Gibbs steps of the generative part's negative phase (CD-k). Absent: 1. */
  cdSteps?: number;
  /** Standard deviation of the initial weights. */
  initStd: number;
}

/** Train a classification RBM (Larochelle & Bengio 2008), best validation epoch kept. */
export function trainClassRbm(
  data: ArrayData,
  validation: ArrayData | undefined,
  classes: number,
  settings: RbmSettings,
  ctx: EnergyTrainContext,
): Promise<FineTuned<ClassRbm>> {
  const model = classRbm({
    inputs: data.features,
    classes,
    hidden: settings.hidden,
    k: settings.cdSteps ?? 1,
    objective: settings.objective,
    alphaGenerative: settings.alphaGenerative,
    initStd: settings.initStd,
    seed: ctx.seed,
  });
  // a constant rate and CD-1 keep the settings (and so the checkpoint names) of the runs made
  // before the options existed
  const { lrDecay = 0, cdSteps = 1, ...rest } = settings;
  return fineTune(model, data, validation, {
    name: `rbm-${settings.objective}-h${settings.hidden}`,
    settings: {
      ...rest,
      ...(lrDecay > 0 ? { lrDecay } : {}),
      ...(cdSteps !== 1 ? { cdSteps } : {}),
      n: data.n,
      validation: validation?.n ?? 0,
    },
    epochs: settings.epochs,
    learningRate: rateOf(settings.learningRate, lrDecay),
  }, ctx);
}

/** Test error (a fraction) of a model's arg-max class. */
export function testError(model: CsaeModel | ClassRbm, data: ArrayData): Promise<number> {
  return classificationError(data, (x) => model.logits(x));
}

/** Columns of class `c`'s tied weights, [inputs * hidden] row-major (plain CSAE). */
export async function classFilters(model: CsaeModel, c: number): Promise<Float32Array> {
  const W = (model as unknown as { tensors: { W: tf.Variable } }).tensors.W;
  const [, D, H] = W.shape;
  const slice = tf.tidy(() => tf.reshape(tf.slice(W, [c, 0, 0], [1, D, H]), [D, H]));
  const out = (await slice.data()) as Float32Array;
  slice.dispose();
  return out;
}
