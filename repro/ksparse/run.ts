/**
 * The whole Makhzani & Frey reproduction, returning plain results that `tables.ts` and
 * `figures.ts` turn into tables and figures: Table 1 (features + logistic regression), Table 3
 * (supervised fine-tuning, in `finetune.ts`), Figure 1 (filters), Figure 4 (hidden activities)
 * and the k-schedule ablation of Sec. 4.2.1 (dead units with and without the schedule).
 *
 * Every training run goes through the one trainer with a checkpoint, so an interrupted
 * reproduction resumes where it stopped.
 *
 * @module
 */
import type { ReproRunOptions } from "../run_options.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { linearProbe, type ProbeResult } from "../../lib/eval/probe.ts";
import {
  type Autoencoder,
  autoencoder,
  KSPARSE_TABLE1_AUTOENCODERS,
} from "../../lib/models/autoencoder.ts";
import { type Rbm, rbm } from "../../lib/models/rbm.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import { type ArrayData, mapRows } from "../../lib/data/rows.ts";
import { hashHex } from "../../lib/hash.ts";
import type { ComparisonKind, KSparseConfig } from "./config.ts";
import { KSPARSE_PAPER_SETTINGS as P } from "./paper.ts";
import { deadFractions, ksparseDiagnostics, probeKSparse, trainKSparse } from "./train.ts";
import {
  disposePretrained,
  fineTune,
  type KSparseFineTuneNetwork,
  type KSparseFineTuneOutcome,
  type Pretrained,
} from "./finetune.ts";

/** Options for {@link ksparseReproduction}. */
export interface KSparseRunOptions extends ReproRunOptions {
  /** Also run Table 3 (fine-tuning). Default true. */
  table3?: boolean;
}

/** Test and validation error (fractions) of a probe or a fine-tuned network. */
export interface KSparseErrors {
  /** Test error, a fraction. */
  testError: number;
  /** Validation error, a fraction. */
  validationError: number;
  /** Wall seconds of training and probing. */
  seconds: number;
}

/** One k-sparse model of Table 1: its probe at the best alpha and its diagnostics. */
export interface KSparseOutcome extends KSparseErrors {
  /** The model's k. */
  k: number;
  /** The alpha chosen on validation (Sec. 2.2). */
  alpha: number;
  /** Mean squared reconstruction error per pixel on validation. */
  mse: number;
  /** Fraction of hidden units never among the k largest on validation. */
  dead: number;
}

/** Dead-unit fractions on the training and validation splits. */
export interface KSparseDeadFractions {
  /** On the training split. */
  train: number;
  /** On the validation split. */
  validation: number;
}

/** Everything {@link ksparseReproduction} measured, as plain values. */
export interface KSparseResults {
  /** What the run was: dataset, preset, epochs, seed and backend (recorded in each row). */
  run: { dataset: string; preset: string; epochs: number; seed: number; backend: string };
  /** Logistic regression on the pixels (Table 1, first row). */
  raw: KSparseErrors;
  /** Table 1's RBM row: logistic regression on P(h | x); null when the config skips it. */
  rbm: KSparseErrors | null;
  /** Table 1's other autoencoders, in the config's order. */
  comparisons: (KSparseErrors & { kind: ComparisonKind })[];
  /** Table 1's k-sparse models, by decreasing k. */
  ksparse: KSparseOutcome[];
  /** The schedule ablation (Sec. 4.2.1) at `config.ablationK`. */
  ablation: { scheduled: KSparseDeadFractions; unscheduled: KSparseDeadFractions; seconds: number };
  /** Table 3's networks in the paper's order; empty when not run. */
  fineTune: KSparseFineTuneOutcome[];
  /** Training loss per epoch of each k-sparse model. */
  curves: { name: string; x: number[]; y: number[] }[];
  /** Weights W [inputs, hidden] for each k of Figure 1. */
  filters: { k: number; W: Float32Array }[];
  /** Hidden activities on validation digits for Figure 4, by model. */
  activities: { name: string; values: Float32Array }[];
}

/** What every step of a run shares. */
interface RunContext {
  splits: DatasetSplits;
  config: KSparseConfig;
  seed: number;
  /** The checkpoint file of a named training run, or undefined without a checkpoint folder. */
  checkpoint: (name: string) => Promise<string | undefined>;
  trainOptions: { progress?: ProgressReporter; signal?: AbortSignal; seed: number };
  /** The validation rows whose activities Figure 4 shows. */
  histogramRows: ArrayData;
}

/** Rows of validation digits whose activities Figure 4 shows. */
const HISTOGRAM_ROWS = 500;

/** Labels of Table 1's comparison autoencoders, as the paper names them. */
export const COMPARISON_ROWS: Readonly<Record<ComparisonKind, string>> = {
  dropout: "Dropout autoencoder (50% hidden)",
  denoising: "Denoising autoencoder (20% input dropout)",
  dropoutDenoising: "Dropout + denoising autoencoder (20% input, 50% hidden)",
};

/**
 * Run the reproduction of Makhzani & Frey (2014) on `splits` with `config`.
 *
 * @example
 * ```ts
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { ksparseReproduction } from "./run.ts";
 * const splits = splitDataset(await loadDataset("mnist"), { trainSize: 200, validationSize: 100, testSize: 100 });
 * const s = KSPARSE_PRESETS.smoke;
 * const r = await ksparseReproduction(splits, {
 *   ...s, ks: [25], figure1Ks: [25], histogramKs: [], comparisons: [], epochs: 1, alphas: [1],
 *   fineTune: { ...s.fineTune, epochs: 1, deep: false },
 * }, { dataset: "mnist", preset: "smoke", backend: "cpu" });
 * console.log(r.ksparse.length, r.fineTune.length); // 1 7
 * ```
 */
export async function ksparseReproduction(
  splits: DatasetSplits,
  config: KSparseConfig,
  options: KSparseRunOptions,
): Promise<KSparseResults> {
  const ctx = runContext(splits, config, options);
  const keep: Pretrained = {};
  const raw = await linearProbe(splits, config.probe);
  const rbmRow = await runRbm(ctx, keep);
  const comparisons = await runComparisons(ctx, keep);
  const models = await runKSparseModels(ctx, keep, options.table3 !== false);
  const ablation = await runAblation(ctx, models.scheduledDead);
  const fineTuned = options.table3 === false ? [] : await fineTune(ctx, keep);
  disposePretrained(keep);
  return {
    run: {
      dataset: options.dataset,
      preset: options.preset,
      epochs: config.epochs,
      seed: ctx.seed,
      backend: options.backend,
    },
    raw: { testError: raw.testError, validationError: raw.validationError, seconds: raw.seconds },
    rbm: rbmRow,
    comparisons: comparisons.outcomes,
    ksparse: models.outcomes,
    ablation,
    fineTune: fineTuned,
    curves: models.curves,
    filters: models.filters,
    activities: [...comparisons.activities, ...models.activities],
  };
}

/**
 * The checkpoint file of each named training run of a reproduction with these settings, or
 * undefined without a checkpoint folder; with `fresh`, the file is removed first. The settings'
 * hash is in every name, so a checkpoint resumes only the run it came from; runs that share
 * settings and seed (the seeds run and the main run's k = 25 model) share their checkpoints.
 *
 * @example
 * ```ts
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { ksparseCheckpoints } from "./run.ts";
 * const names = ksparseCheckpoints(KSPARSE_PRESETS.smoke, {
 *   dataset: "mnist",
 *   preset: "smoke",
 *   checkpointDir: "ck",
 *   seed: 2,
 * });
 * console.log((await names("k25"))?.endsWith("-s2-k25.ckpt")); // true
 * ```
 */
export function ksparseCheckpoints(
  config: KSparseConfig,
  options: Pick<ReproRunOptions, "checkpointDir" | "dataset" | "preset" | "seed" | "fresh">,
): (name: string) => Promise<string | undefined> {
  const seed = options.seed ?? 1;
  const tag = hashHex(config);
  return async (name: string) => {
    if (!options.checkpointDir) return undefined;
    const path = `${options.checkpointDir}/ksparse-${options.dataset}-${options.preset}` +
      `-${tag}-s${seed}-${name}.ckpt`;
    if (options.fresh) await Deno.remove(path).catch(() => {});
    return path;
  };
}

/** The shared context: seed, checkpoint names and Figure 4's rows. */
function runContext(
  splits: DatasetSplits,
  config: KSparseConfig,
  options: KSparseRunOptions,
): RunContext {
  const seed = options.seed ?? 1;
  const checkpoint = ksparseCheckpoints(config, options);
  const n = Math.min(HISTOGRAM_ROWS, splits.validation.n);
  const histogramRows: ArrayData = {
    ...splits.validation,
    x: splits.validation.x.subarray(0, n * splits.validation.features),
    n,
  };
  const trainOptions = { progress: options.progress, signal: options.signal, seed };
  return { splits, config, seed, checkpoint, trainOptions, histogramRows };
}

/** Logistic regression (the run's probe) on features of the three splits. */
async function probeFeatures(
  splits: DatasetSplits,
  f: (x: Tensor2D) => Tensor2D,
  probe: KSparseConfig["probe"],
): Promise<ProbeResult> {
  return linearProbe({
    train: await mapRows(splits.train, f),
    validation: await mapRows(splits.validation, f),
    test: await mapRows(splits.test, f),
  }, probe);
}

/**
 * Table 1's RBM row: a binary RBM (CD-k) on the digits as probabilities, trained with the
 * run's SGD, then logistic regression on P(h | x); kept for Table 3's RBM + fine-tuning.
 */
async function runRbm(ctx: RunContext, keep: Pretrained): Promise<KSparseErrors | null> {
  const { splits, config } = ctx;
  if (!config.rbm) return null;
  const { model, seconds } = await trainRbm(ctx);
  const probe = await probeFeatures(splits, (x) => model.hiddenProbabilities(x), config.probe);
  keep.rbm = model;
  return {
    testError: probe.testError,
    validationError: probe.validationError,
    seconds: seconds + probe.seconds,
  };
}

/** Table 1's RBM, trained (or resumed from its checkpoint) with the run's SGD. */
async function trainRbm(ctx: RunContext): Promise<{ model: Rbm; seconds: number }> {
  const { splits, config } = ctx;
  if (!config.rbm) throw new Error("ksparse: this configuration has no RBM (config.rbm)");
  const model = rbm({
    visible: splits.train.features,
    hidden: config.hidden,
    k: config.rbm.k,
    seed: ctx.seed,
  });
  const optimizer = sgd({ momentum: config.momentum });
  const result = await train(model, splits.train, {
    ...ctx.trainOptions,
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer,
    learningRate: config.rbm.learningRate,
    checkpoint: await ctx.checkpoint("rbm"),
    label: "RBM",
  }).finally(() => optimizer.dispose());
  return { model, seconds: result.seconds };
}

/** One of Table 1's comparison autoencoders, trained (or resumed from its checkpoint). */
async function trainComparison(
  ctx: RunContext,
  kind: ComparisonKind,
): Promise<{ ae: Autoencoder; seconds: number }> {
  const { ae, result } = await trainComparisonAutoencoder(ctx.splits, kind, ctx.config, {
    ...ctx.trainOptions,
    checkpoint: await ctx.checkpoint(kind),
  });
  return { ae, seconds: result.seconds };
}

/**
 * Train one of Table 1's comparison autoencoders (dropout, denoising, both; sigmoid hidden
 * units, `config.comparisonTraining`'s output, loss, rate and initialisation) with the run's
 * SGD for `config.epochs` epochs.
 *
 * @param splits the data (trains on `splits.train`)
 * @param kind which autoencoder
 * @param config the run's settings
 * @param options seed, checkpoint, progress, interrupt, and a hook after each epoch
 * @returns the model (the caller disposes it) and the trainer's result
 */
export async function trainComparisonAutoencoder(
  splits: { train: ArrayData },
  kind: ComparisonKind,
  config: KSparseConfig,
  options: {
    seed?: number;
    checkpoint?: string;
    progress?: ProgressReporter;
    signal?: AbortSignal;
    onEpochEnd?: (epoch: number, ae: Autoencoder) => Promise<void> | void;
  } = {},
): Promise<{ ae: Autoencoder; result: TrainResult }> {
  const ae = autoencoder({
    inputs: splits.train.features,
    hidden: config.hidden,
    seed: options.seed ?? 1,
    initStd: config.comparisonTraining.initStd,
    output: config.comparisonTraining.output,
    loss: config.comparisonTraining.loss,
    ...KSPARSE_TABLE1_AUTOENCODERS[kind],
  });
  const optimizer = sgd({ momentum: config.momentum });
  const { onEpochEnd } = options;
  try {
    const result = await train(ae, splits.train, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer,
      learningRate: config.comparisonTraining.learningRate,
      seed: options.seed ?? 1,
      checkpoint: options.checkpoint,
      progress: options.progress,
      signal: options.signal,
      onEpochEnd: onEpochEnd && ((record) => onEpochEnd(record.epoch, ae)),
      label: COMPARISON_ROWS[kind],
    });
    return { ae, result };
  } catch (e) {
    ae.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
}

/** Logistic regression (the run's probe) on all hidden units of a comparison autoencoder. */
export function probeComparison(
  ae: Autoencoder,
  splits: DatasetSplits,
  probe: KSparseConfig["probe"],
): Promise<ProbeResult> {
  return probeFeatures(splits, (x) => ae.encode(x), probe);
}

/** Table 1's other autoencoders: features are all hidden units (Sec. 4.4). */
async function runComparisons(ctx: RunContext, keep: Pretrained) {
  const { splits, config } = ctx;
  const outcomes: KSparseResults["comparisons"] = [];
  const activities: KSparseResults["activities"] = [];
  for (const kind of config.comparisons) {
    const { ae, seconds } = await trainComparison(ctx, kind);
    const f = (x: Tensor2D) => ae.encode(x);
    const probe = await probeFeatures(splits, f, config.probe);
    outcomes.push({
      kind,
      testError: probe.testError,
      validationError: probe.validationError,
      seconds: seconds + probe.seconds,
    });
    activities.push({
      name: COMPARISON_ROWS[kind],
      values: (await mapRows(ctx.histogramRows, f)).x,
    });
    if (kind === "denoising" || kind === "dropout") keep[kind] = ae;
    else ae.dispose();
  }
  return { outcomes, activities };
}

/** k-sparse autoencoders: Table 1 rows, Figure 1 filters, Figure 4 activities, loss curves. */
async function runKSparseModels(ctx: RunContext, keep: Pretrained, keepForTable3: boolean) {
  const { splits, config } = ctx;
  const outcomes: KSparseOutcome[] = [];
  const curves: KSparseResults["curves"] = [];
  const filters: KSparseResults["filters"] = [];
  const activities: KSparseResults["activities"] = [];
  let scheduledDead: KSparseDeadFractions | null = null;
  const allKs = [...new Set([...config.ks, ...config.figure1Ks, ...config.histogramKs])]
    .sort((a, b) => b - a);
  for (const k of allKs) {
    const { model, result } = await trainKSparse(splits, k, config, {
      ...ctx.trainOptions,
      checkpoint: await ctx.checkpoint(`k${k}`),
    });
    curves.push({
      name: `k = ${k}`,
      x: result.history.map((h) => h.epoch + 1),
      y: result.history.map((h) => h.loss),
    });
    if (config.ks.includes(k)) {
      const probe = await probeKSparse(model, splits, config.alphas, config.probe);
      const diag = await ksparseDiagnostics(model, splits.validation);
      outcomes.push({
        k,
        alpha: probe.alpha,
        testError: probe.best.testError,
        validationError: probe.best.validationError,
        seconds: result.seconds + probe.best.seconds,
        mse: diag.mse,
        dead: diag.deadFraction,
      });
    }
    if (config.figure1Ks.includes(k)) {
      filters.push({ k, W: (await model.params.W.data()) as Float32Array });
    }
    if (config.histogramKs.includes(k)) {
      activities.push({
        name: `k-sparse, k = ${k}`,
        values: (await mapRows(ctx.histogramRows, (x) => model.encode(x))).x,
      });
    }
    if (k === config.ablationK) scheduledDead = await deadFractions(model, splits);
    if (k === P.fineTuneK && keepForTable3) keep.ksparse = model;
    else model.dispose();
  }
  return { outcomes, curves, filters, activities, scheduledDead };
}

/** The schedule ablation (Sec. 4.2.1): the same k trained at k from the first epoch. */
async function runAblation(
  ctx: RunContext,
  scheduledDead: KSparseDeadFractions | null,
): Promise<KSparseResults["ablation"]> {
  const { splits, config } = ctx;
  const k = config.ablationK;
  const { model, result } = await trainKSparse(splits, k, config, {
    ...ctx.trainOptions,
    schedule: false,
    checkpoint: await ctx.checkpoint(`k${k}-noschedule`),
  });
  const unscheduled = await deadFractions(model, splits);
  model.dispose();
  let scheduled = scheduledDead;
  if (!scheduled) {
    const again = await trainKSparse(splits, k, config, {
      ...ctx.trainOptions,
      checkpoint: await ctx.checkpoint(`k${k}`),
    });
    scheduled = await deadFractions(again.model, splits);
    again.model.dispose();
  }
  return { scheduled, unscheduled, seconds: result.seconds };
}

/**
 * The pre-trained models that Table 3's `networks` start from (the RBM, the dropout and
 * denoising autoencoders, the k = 25 k-sparse autoencoder), trained as a run with these
 * settings trains them, or loaded from its checkpoints; no probes. The caller disposes them.
 *
 * @param splits the data
 * @param config the run's settings
 * @param networks Table 3's networks to be fine-tuned from them
 * @param options checkpoints, progress, interrupt and seed, as {@link ksparseReproduction}'s
 * @returns the models those networks need
 */
export async function ksparsePretrained(
  splits: DatasetSplits,
  config: KSparseConfig,
  networks: readonly KSparseFineTuneNetwork[],
  options: KSparseRunOptions,
): Promise<Pretrained> {
  const ctx = runContext(splits, config, options);
  const need = new Set(networks);
  const keep: Pretrained = {};
  try {
    if (need.has("rbm") && config.rbm) keep.rbm = (await trainRbm(ctx)).model;
    if (need.has("dropout") || need.has("deepDropout")) {
      keep.dropout = (await trainComparison(ctx, "dropout")).ae;
    }
    if (need.has("denoising")) keep.denoising = (await trainComparison(ctx, "denoising")).ae;
    if (need.has("ksparse") || need.has("deepKSparse")) {
      keep.ksparse = (await trainKSparse(splits, P.fineTuneK, config, {
        ...ctx.trainOptions,
        checkpoint: await ctx.checkpoint(`k${P.fineTuneK}`),
      })).model;
    }
    return keep;
  } catch (e) {
    disposePretrained(keep);
    throw e;
  }
}
