/**
 * One setting of a Table 2 row, trained end to end: the grid of settings a row validates
 * (Sec. 4.4: hidden units, factors, learning rate, weight decay; Sec. 4.3: contraction or
 * corruption), and the pretraining and fine-tuning of one of them.
 *
 * @module
 */
import type { ArrayData } from "../../lib/data/rows.ts";
import type { EnergyActivationName } from "../../lib/energy/energy.ts";
import type { CsaeModel } from "../../lib/models/csae.ts";
import type { ClassRbm } from "../../lib/models/class_rbm.ts";
import type { EnergyConfig } from "./config.ts";
import type { EnergyPaperRow } from "./paper.ts";
import {
  classFilters,
  type EnergyTrainContext,
  fineTuneCsae,
  type FineTuned,
  fineTuneFactored,
  pretrainClasses,
  pretrainFactored,
  type PretrainSettings,
  testError,
  trainClassRbm,
} from "./train.ts";

/** Activations without a derivative everywhere: regularised by denoising (Sec. 4.2). */
const DENOISED: readonly EnergyActivationName[] = ["relu", "modulus", "max"];

/** One setting of a row's validation grid. */
export interface Candidate {
  /** The values that define it, as the tables print them. */
  setting: {
    hidden: number;
    factors?: number;
    contraction?: number;
    corruption?: number;
    learningRate: number;
    l2?: number;
  };
}

/** A trained setting: its validation record, its final model's errors and filters. */
export interface Trained {
  /** The setting. */
  candidate: Candidate;
  /** Validation error at the best epoch (NaN for a retrained run). */
  validationError: number;
  /** Fine-tuning epochs of the kept model: best epoch + 1, or all of a retrained run. */
  epochs: number;
  /** Validation error (fraction) after each fine-tuning epoch. */
  curve: number[];
  /** Training seconds of pretraining and fine-tuning. */
  seconds: number;
  /** Classification error of the model on rows. */
  error(data: ArrayData): Promise<number>;
  /** Its filters for Figure 7 (class 0's W, or W^x), or null for an RBM. */
  filters(): Promise<{ W: Float32Array; count: number } | null>;
  /** Class c's filters after fine-tuning (plain CSAE rows only), for Figure 9. */
  filtersOf?(c: number): Promise<{ W: Float32Array; count: number }>;
  /** Class 0's pretrained filters (plain CSAE rows), for Figure 5. */
  pretrainedFilters: { W: Float32Array; count: number } | null;
  /** Free the model. */
  dispose(): void;
}

/** Every combination of the lists in `axes`, as objects. */
function product<T extends Record<string, number[]>>(axes: T): { [K in keyof T]: number }[] {
  let out: Record<string, number>[] = [{}];
  for (const [name, values] of Object.entries(axes)) {
    out = out.flatMap((o) => values.map((v) => ({ ...o, [name]: v })));
  }
  return out as { [K in keyof T]: number }[];
}

/**
 * The settings a row validates: for a plain CSAE hidden x (contraction or corruption) x rate
 * x L2; for a factored one hidden x factors x corruption x rate x L2; for an RBM its hidden
 * units.
 *
 * @example
 * ```ts
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { ENERGY_PAPER_TABLE2 } from "./paper.ts";
 * import { candidates } from "./candidates.ts";
 * const sigmoid = ENERGY_PAPER_TABLE2.find((r) => r.id === "csae-sigmoid")!;
 * console.log(candidates(sigmoid, ENERGY_PRESETS.paper).length); // 108
 * ```
 */
export function candidates(row: EnergyPaperRow, config: EnergyConfig): Candidate[] {
  const ft = config.fineTune;
  if (row.kind === "rbm") {
    const learningRate = config.rbm.learningRate[row.objective!];
    return config.rbm.hidden.map((hidden) => ({ setting: { hidden, learningRate } }));
  }
  if (row.kind === "factored") {
    return product({
      hidden: config.hidden,
      factors: config.factors,
      corruption: config.corruption,
      learningRate: ft.factoredLearningRate,
      l2: ft.l2,
    }).map((setting) => ({ setting }));
  }
  const reg: Record<string, number[]> = DENOISED.includes(row.activation!)
    ? { corruption: config.corruption }
    : { contraction: config.contraction };
  return product({ hidden: config.hidden, ...reg, learningRate: ft.learningRate, l2: ft.l2 })
    .map((setting) => ({ setting: setting as Candidate["setting"] }));
}

/** Pretraining settings of a row from the config. */
function pretrainSettings(
  row: EnergyPaperRow,
  config: EnergyConfig,
  hidden: number,
): PretrainSettings {
  const p = config.pretrain;
  if (row.kind === "factored") {
    return {
      epochs: p.factoredEpochs,
      learningRate: p.factoredLearningRate[row.activation!] ?? p.factoredLearningRate.default,
      initStd: p.factoredInitStd,
      normalizeFilters: p.normalizeFilters,
    };
  }
  const rate = p.learningRate[row.activation!] ?? p.learningRate.default;
  return {
    epochs: p.epochs,
    learningRate: pretrainRate(rate, hidden, p.rateWidth),
    initStd: p.initStd,
    normalizeFilters: p.normalizeFilters,
    ...(p.output === "sigmoid" ? { output: "sigmoid" as const } : {}),
  };
}

/**
 * The per-class pretraining rate of an autoencoder with `hidden` units: `rate`, times
 * `rateWidth / hidden` when a reference width is given and the model is wider
 * (`EnergyConfig.pretrain.rateWidth`).
 *
 * @example
 * ```ts
 * import { pretrainRate } from "./candidates.ts";
 * console.log(pretrainRate(0.01, 500, 100), pretrainRate(0.01, 100, 100), pretrainRate(0.01, 500)); // 0.002 0.01 0.01
 * ```
 */
export function pretrainRate(rate: number, hidden: number, rateWidth?: number): number {
  return rateWidth !== undefined && hidden > rateWidth ? rate * rateWidth / hidden : rate;
}

/** The splits a row trains and evaluates on. */
export interface EnergyData {
  /** Training rows. */
  train: ArrayData;
  /** Validation rows. */
  validation: ArrayData;
  /** Test rows. */
  test: ArrayData;
  /** Training and validation rows together (pretraining, retraining). */
  trainValidation: ArrayData;
}

/**
 * Pretrain and fine-tune one setting of a row. With `retrainEpochs` null it fine-tunes on
 * the training split, keeping the best validation epoch; with a number it fine-tunes on
 * train + validation for that many epochs without validation (Sec. 4.4).
 */
export function trainCandidate(
  row: EnergyPaperRow,
  candidate: Candidate,
  data: EnergyData,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
  retrainEpochs: number | null,
): Promise<Trained> {
  const fit = retrainEpochs === null
    ? { train: data.train, validation: data.validation as ArrayData | undefined }
    : { train: data.trainValidation, validation: undefined };
  const epochs = retrainEpochs ?? config.fineTune.epochs;
  const pretrainData = config.pretrainOnValidation ? data.trainValidation : data.train;
  if (row.kind === "rbm") {
    // the classification RBMs train for their own number of epochs (config.rbm.epochs)
    const rbmEpochs = retrainEpochs ?? config.rbm.epochs;
    return trainRbmCandidate(row, candidate, fit, rbmEpochs, config, ctx);
  }
  if (row.kind === "factored") {
    return trainFactoredCandidate(row, candidate, fit, pretrainData, epochs, config, ctx);
  }
  return trainPlainCandidate(row, candidate, fit, pretrainData, epochs, config, ctx);
}

type Fit = { train: ArrayData; validation: ArrayData | undefined };

/** What names a fine-tuning run's checkpoint: the row, its setting, pretraining and data. */
function runSettings(
  row: EnergyPaperRow,
  setting: Candidate["setting"],
  pre: PretrainSettings,
  epochs: number,
  fit: Fit,
  config: EnergyConfig,
): Record<string, unknown> {
  return {
    row: row.id,
    ...setting,
    pre,
    epochs,
    n: fit.train.n,
    v: fit.validation?.n ?? 0,
    // only when off (Sec. 4.3 pretrains on train + validation), so older names resume
    ...(config.pretrainOnValidation ? {} : { pretrainOnValidation: false }),
  };
}

/** The fine-tuning rate decay as a checkpoint setting, only when on (older names resume). */
function decaySetting(config: EnergyConfig): { lrDecay?: number } {
  const d = config.fineTune.lrDecay ?? 0;
  return d > 0 ? { lrDecay: d } : {};
}

/** The record of a fine-tuned model as a {@link Trained}. */
function trained<M extends CsaeModel | ClassRbm>(
  candidate: Candidate,
  ft: FineTuned<M>,
  extra: {
    seconds: number;
    filters: () => Promise<{ W: Float32Array; count: number } | null>;
    filtersOf?: (c: number) => Promise<{ W: Float32Array; count: number }>;
    pretrainedFilters?: { W: Float32Array; count: number } | null;
  },
): Trained {
  const validating = !Number.isNaN(ft.validationError);
  return {
    candidate,
    validationError: ft.validationError,
    epochs: validating ? ft.result.bestEpoch + 1 : ft.result.epochs,
    curve: ft.result.history.flatMap((h) => h.validation === undefined ? [] : [h.validation]),
    seconds: extra.seconds + ft.result.seconds,
    error: (d) => testError(ft.model, d),
    filters: extra.filters,
    ...(extra.filtersOf ? { filtersOf: extra.filtersOf } : {}),
    pretrainedFilters: extra.pretrainedFilters ?? null,
    dispose: () => ft.model.dispose(),
  };
}

async function trainPlainCandidate(
  row: EnergyPaperRow,
  candidate: Candidate,
  fit: Fit,
  pretrainData: ArrayData,
  epochs: number,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
): Promise<Trained> {
  const s = candidate.setting;
  const pre = pretrainSettings(row, config, s.hidden);
  const model = {
    activation: row.activation!,
    hidden: s.hidden,
    regularizer: { contraction: s.contraction ?? 0, corruption: s.corruption ?? 0 },
  };
  const pretrained = await pretrainClasses(pretrainData, config.classes ?? 10, model, pre, ctx);
  const before = await pretrained.autoencoders[0].params.W.data() as Float32Array;
  // the CSAE copies the autoencoders: they are freed whether fine-tuning ends or fails
  const ft = await fineTuneCsae(pretrained.autoencoders, fit.train, fit.validation, {
    name: `finetune-${row.id}-h${s.hidden}${fit.validation ? "" : "-retrain"}`,
    settings: {
      ...runSettings(row, s, pre, epochs, fit, config),
      // only when on, so that the names of checkpoints made before the options resume
      ...(config.fineTune.constantNorm ? { constantNorm: true } : {}),
      ...(config.fineTune.centreConstants ? { centreConstants: true } : {}),
      ...decaySetting(config),
    },
    epochs,
    learningRate: s.learningRate,
    lrDecay: config.fineTune.lrDecay,
    l2: s.l2 ?? 0,
    constantNorm: config.fineTune.constantNorm ?? false,
    centreConstants: config.fineTune.centreConstants ?? false,
  }, ctx).finally(() => {
    for (const ae of pretrained.autoencoders) ae.dispose();
  });
  return trained(candidate, ft, {
    seconds: pretrained.seconds,
    filters: async () => ({ W: await classFilters(ft.model, 0), count: s.hidden }),
    filtersOf: async (c) => ({ W: await classFilters(ft.model, c), count: s.hidden }),
    pretrainedFilters: { W: before, count: s.hidden },
  });
}

async function trainFactoredCandidate(
  row: EnergyPaperRow,
  candidate: Candidate,
  fit: Fit,
  pretrainData: ArrayData,
  epochs: number,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
): Promise<Trained> {
  const s = candidate.setting;
  const pre = pretrainSettings(row, config, s.hidden);
  const model = {
    activation: row.activation!,
    hidden: s.hidden,
    factors: s.factors!,
    corruption: s.corruption!,
  };
  const pretrained = await pretrainFactored(pretrainData, config.classes ?? 10, model, pre, ctx);
  const ft = await fineTuneFactored(pretrained.model, fit.train, fit.validation, {
    name: `finetune-${row.id}-f${s.factors}-h${s.hidden}${fit.validation ? "" : "-retrain"}`,
    settings: { ...runSettings(row, s, pre, epochs, fit, config), ...decaySetting(config) },
    epochs,
    learningRate: s.learningRate,
    lrDecay: config.fineTune.lrDecay,
    l2: s.l2 ?? 0,
  }, ctx).finally(() => pretrained.model.dispose());
  return trained(candidate, ft, {
    seconds: pretrained.seconds,
    filters: async () => ({
      W: await ft.model.tensors.Wx.data() as Float32Array,
      count: s.factors!,
    }),
  });
}

async function trainRbmCandidate(
  row: EnergyPaperRow,
  candidate: Candidate,
  fit: Fit,
  epochs: number,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
): Promise<Trained> {
  const s = candidate.setting;
  const ft = await trainClassRbm(fit.train, fit.validation, config.classes ?? 10, {
    objective: row.objective!,
    hidden: s.hidden,
    alphaGenerative: config.rbm.alphaGenerative,
    epochs,
    learningRate: s.learningRate,
    lrDecay: config.rbm.lrDecay,
    cdSteps: config.rbm.cdSteps,
    initStd: config.rbm.initStd,
  }, ctx);
  return trained(candidate, ft, { seconds: 0, filters: () => Promise.resolve(null) });
}
