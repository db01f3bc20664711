/**
 * The k-sparse building blocks of the reproduction: train one autoencoder with the paper's
 * optimizer and k schedule (Sec. 4.2.1), probe its alpha*k features with logistic regression
 * and keep the alpha with the lowest validation error (Sec. 2.2, Table 1), and measure its
 * reconstruction and dead units.
 *
 * @module
 */
import type { Tensor2D } from "../../lib/tf.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { linearProbe, type ProbeOptions, type ProbeResult } from "../../lib/eval/probe.ts";
import { codeStatistics, reconstructionError } from "../../lib/eval/metrics.ts";
import { type KSparseAutoencoder, kSparseAutoencoder } from "../../lib/models/ksparse.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { linearSchedule } from "../../lib/train/schedules.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import { type ArrayData, mapRows } from "../../lib/data/rows.ts";
import type { KSparseConfig } from "./config.ts";
import { KSPARSE_PAPER_SETTINGS as P } from "./paper.ts";

/** Options for {@link trainKSparse}. */
export interface TrainKSparseOptions {
  /** Seed of initialisation and shuffling. Default 1. */
  seed?: number;
  /** Checkpoint file for resume. */
  checkpoint?: string;
  /** Progress reporter. */
  progress?: ProgressReporter;
  /** Stops training cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Use the k schedule of Sec. 4.2.1 (default true); false trains at k from the start. */
  schedule?: boolean;
  /** Called after every epoch with the model, e.g. to probe it along the way. */
  onEpochEnd?: (epoch: number, model: KSparseAutoencoder) => void | Promise<void>;
}

/** A trained k-sparse autoencoder and its training record. */
export interface TrainedKSparse {
  /** The model (dispose it when done). */
  model: KSparseAutoencoder;
  /** The trainer's result: history, epochs, seconds. */
  result: TrainResult;
}

/**
 * Train a k-sparse autoencoder on `splits.train` with the paper's optimizer and k schedule.
 *
 * @example
 * ```ts
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { trainKSparse } from "./train.ts";
 * const splits = splitDataset(await loadDataset("mnist"), { trainSize: 200 });
 * const { model, result } = await trainKSparse(splits, 25, { ...KSPARSE_PRESETS.smoke, epochs: 1 });
 * console.log(result.epochs); // 1
 * model.dispose();
 * ```
 */
export async function trainKSparse(
  splits: { train: ArrayData },
  k: number,
  config: KSparseConfig,
  options: TrainKSparseOptions = {},
): Promise<TrainedKSparse> {
  const seed = options.seed ?? 1;
  const model = kSparseAutoencoder({
    inputs: splits.train.features,
    hidden: config.hidden,
    k,
    seed,
  });
  const from = Math.min(config.hidden, Math.max(k, config.kScheduleFrom));
  const optimizer = sgd({ momentum: config.momentum });
  const result = await train(model, splits.train, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer,
    learningRate: config.learningRate,
    schedules: options.schedule === false
      ? { k }
      : { k: linearSchedule({ from, to: k, fraction: P.kScheduleFraction, round: true }) }, // Sec. 4.2.1
    seed,
    checkpoint: options.checkpoint,
    progress: options.progress,
    signal: options.signal,
    onEpochEnd: options.onEpochEnd && ((record) => options.onEpochEnd!(record.epoch, model)),
    label: `k-sparse k=${k}${options.schedule === false ? " (no schedule)" : ""}`,
  });
  optimizer.dispose();
  return { model, result };
}

/** The probe result for the best alpha, and every alpha tried. */
export interface KSparseProbe {
  /** The alpha with the lowest validation error. */
  alpha: number;
  /** The probe at that alpha. */
  best: ProbeResult;
  /** Validation and test error for each alpha. */
  perAlpha: { alpha: number; validationError: number; testError: number }[];
}

/**
 * Probe the alpha*k features (Sec. 2.2) with logistic regression for each alpha and keep
 * the alpha with the lowest validation error.
 *
 * @example
 * ```ts
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { probeKSparse, trainKSparse } from "./train.ts";
 * const splits = splitDataset(await loadDataset("mnist"), { trainSize: 300, validationSize: 100, testSize: 100 });
 * const cfg = { ...KSPARSE_PRESETS.smoke, epochs: 1 };
 * const { model } = await trainKSparse(splits, 10, cfg);
 * const p = await probeKSparse(model, splits, [1, 2], cfg.probe);
 * console.log(p.perAlpha.length); // 2
 * model.dispose();
 * ```
 */
export async function probeKSparse(
  model: KSparseAutoencoder,
  splits: DatasetSplits,
  alphas: number[],
  probe: ProbeOptions,
): Promise<KSparseProbe> {
  let best: { alpha: number; probe: ProbeResult } | null = null;
  const perAlpha: KSparseProbe["perAlpha"] = [];
  for (const alpha of alphas) {
    const f = (x: Tensor2D) => model.features(x, alpha);
    const result = await linearProbe({
      train: await mapRows(splits.train, f),
      validation: await mapRows(splits.validation, f),
      test: await mapRows(splits.test, f),
    }, probe);
    perAlpha.push({ alpha, validationError: result.validationError, testError: result.testError });
    if (!best || result.validationError < best.probe.validationError) {
      best = { alpha, probe: result };
    }
  }
  return { alpha: best!.alpha, best: best!.probe, perAlpha };
}

/** Reconstruction and sparsity of a trained model on a split. */
export interface KSparseDiagnostics {
  /** Mean squared error per pixel at the training k. */
  mse: number;
  /** Fraction of variance unexplained at the training k. */
  fvu: number;
  /** Fraction of hidden units never among the k largest on the split. */
  deadFraction: number;
}

/**
 * Reconstruction error and dead units of `model` on rows `data` (at the training k).
 *
 * @example
 * ```ts
 * import { kSparseAutoencoder } from "../../lib/models/ksparse.ts";
 * import { ksparseDiagnostics } from "./train.ts";
 * const ae = kSparseAutoencoder({ inputs: 4, hidden: 6, k: 1 });
 * const d = await ksparseDiagnostics(ae, { x: new Float32Array(8).fill(0.5), n: 2, features: 4 });
 * console.log(d.deadFraction > 0); // true
 * ae.dispose();
 * ```
 */
export async function ksparseDiagnostics(
  model: KSparseAutoencoder,
  data: DatasetSplits["validation"] | { x: Float32Array; n: number; features: number },
): Promise<KSparseDiagnostics> {
  const rec = await reconstructionError(data, (x) => model.reconstruct(x));
  const codes = await mapRows(data, (x) => model.encode(x));
  return { mse: rec.mse, fvu: rec.fvu, deadFraction: codeStatistics(codes).deadFraction };
}

/**
 * Fraction of hidden units never among the k largest on the training and validation rows.
 *
 * @example
 * ```ts
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { kSparseAutoencoder } from "../../lib/models/ksparse.ts";
 * import { deadFractions } from "./train.ts";
 * const splits = splitDataset(await loadDataset("mnist"), { trainSize: 50, validationSize: 20, testSize: 20 });
 * const ae = kSparseAutoencoder({ inputs: 784, hidden: 40, k: 1 });
 * console.log((await deadFractions(ae, splits)).train > 0); // true
 * ae.dispose();
 * ```
 */
export async function deadFractions(
  model: KSparseAutoencoder,
  splits: DatasetSplits,
): Promise<{ train: number; validation: number }> {
  const dead = async (d: ArrayData) =>
    codeStatistics(await mapRows(d, (x) => model.encode(x))).deadFraction;
  return { train: await dead(splits.train), validation: await dead(splits.validation) };
}
