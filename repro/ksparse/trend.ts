/**
 * How Table 1's k-sparse error depends on run length (the paper trained for 5000 epochs,
 * Sec. 4.2.2): one k-sparse autoencoder trained with the k schedule of Sec. 4.2.1 over the
 * whole run, probed with logistic regression on its alpha*k features at roughly doubling
 * epochs.
 *
 * @module
 */
import type { DatasetSplits } from "../../lib/data/splits.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { KSparseTrendConfig } from "./config.ts";
import { probeKSparse, trainKSparse } from "./train.ts";

/** One probe of the trend run. */
export interface KSparseTrendPoint {
  /** Epochs trained when probed. */
  epochs: number;
  /** Test error at the best alpha, a fraction. */
  testError: number;
  /** Validation error at the best alpha, a fraction. */
  validationError: number;
  /** The alpha chosen on validation. */
  alpha: number;
}

/** Options of {@link ksparseTrend}. */
export interface KSparseTrendOptions {
  /** Seed of initialisation and shuffling. Default 1. */
  seed?: number;
  /** Checkpoint file for resume; a resumed run probes only the epochs still to come. */
  checkpoint?: string;
  /** Progress reporter. */
  progress?: ProgressReporter;
  /** Stops training cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Called after each probe. */
  onPoint?: (point: KSparseTrendPoint) => void;
}

/**
 * Train the trend's model and probe it at `trend.probeAt`.
 *
 * @returns the probes run in this session, by increasing epochs
 *
 * @example
 * ```ts
 * import { ksparseSplits, ksparseTrendConfig } from "./config.ts";
 * import { ksparseTrend } from "./trend.ts";
 * const trend = ksparseTrendConfig("smoke", "mnist", 2);
 * const splits = await ksparseSplits("mnist", trend.config);
 * const points = await ksparseTrend(splits, trend);
 * console.log(points.map((p) => p.epochs)); // [ 1, 2 ]
 * ```
 */
export async function ksparseTrend(
  splits: DatasetSplits,
  trend: KSparseTrendConfig,
  options: KSparseTrendOptions = {},
): Promise<KSparseTrendPoint[]> {
  const points: KSparseTrendPoint[] = [];
  const probeAt = new Set(trend.probeAt);
  const { model } = await trainKSparse(splits, trend.k, trend.config, {
    seed: options.seed,
    checkpoint: options.checkpoint,
    progress: options.progress,
    signal: options.signal,
    onEpochEnd: async (epoch, m) => {
      if (!probeAt.has(epoch + 1)) return;
      const p = await probeKSparse(m, splits, trend.alphas, trend.probe);
      const point = {
        epochs: epoch + 1,
        testError: p.best.testError,
        validationError: p.best.validationError,
        alpha: p.alpha,
      };
      points.push(point);
      options.onPoint?.(point);
    },
  });
  model.dispose();
  return points;
}

/**
 * The trend run's checkpoint file: dataset, preset, hidden units, epochs, k and seed.
 *
 * @example
 * ```ts
 * import { ksparseTrendConfig } from "./config.ts";
 * import { ksparseTrendCheckpoint } from "./trend.ts";
 * const t = ksparseTrendConfig("smoke", "mnist", 4);
 * console.log(ksparseTrendCheckpoint("ck", "mnist", "smoke", t, 1)); // ck/ksparse-trend-mnist-smoke-h100-e4-k25-s1.ckpt
 * ```
 */
export function ksparseTrendCheckpoint(
  dir: string,
  dataset: string,
  preset: string,
  trend: KSparseTrendConfig,
  seed: number,
): string {
  return `${dir}/ksparse-trend-${dataset}-${preset}-h${trend.config.hidden}` +
    `-e${trend.config.epochs}-k${trend.k}-s${seed}.ckpt`;
}
