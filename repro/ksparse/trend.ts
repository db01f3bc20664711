/**
 * How Table 1's k-sparse error depends on run length (the paper trained for 5000 epochs,
 * Sec. 4.2.2): one k-sparse autoencoder trained with the k schedule of Sec. 4.2.1 over the
 * whole run, probed with logistic regression on its alpha*k features at roughly doubling
 * epochs, and optionally fine-tuned at the end (Table 3, Sec. 4.5). The probes are kept beside
 * the checkpoint, so a resumed run reports the whole curve.
 *
 * @module
 */
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { fileExists, readJsonIfExists, writeJsonAtomic } from "../../lib/io/atomic.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { KSparseTrendConfig } from "./config.ts";
import { fineTune, type KSparseFineTuneOutcome, type Pretrained } from "./finetune.ts";
import { probeComparison, trainComparisonAutoencoder } from "./run.ts";
import { ksparseConfig, trendProbeL2 } from "./config.ts";
import type { PresetName } from "../cli.ts";
import type { DatasetName } from "../../lib/data/mnist.ts";
import { probeKSparse, trainKSparse } from "./train.ts";

/** One probe of the trend run. */
export interface KSparseTrendPoint {
  /** Epochs trained when probed. */
  epochs: number;
  /** Test error at the best alpha, a fraction. */
  testError: number;
  /** Validation error at the best alpha, a fraction. */
  validationError: number;
  /** The alpha chosen on validation; null for a comparison autoencoder (all units probed). */
  alpha: number | null;
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
  /**
   * Fine-tune the trained model as Table 3's network for it (Sec. 4.5: the k-sparse, dropout or
   * denoising network; the dropout + denoising autoencoder has none) with
   * `trend.config.fineTune` after the last probe. Default false.
   */
  fineTune?: boolean;
}

/** What a trend run gives: every probe of the run (resumed ones too), and the fine-tuning. */
export interface KSparseTrendResult {
  /** The probes, by increasing epochs, including those made before a resume. */
  points: KSparseTrendPoint[];
  /** How many of `points` this session made. */
  probedNow: number;
  /** Table 3's k-sparse network fine-tuned from the final model, or null if not asked. */
  fineTune: KSparseFineTuneOutcome | null;
}

/**
 * The file beside a trend checkpoint that keeps its probes, so that a resumed run reports the
 * probes made before it stopped.
 */
export function trendPointsFile(checkpoint: string): string {
  return `${checkpoint.replace(/\.ckpt$/, "")}.points.json`;
}

/** The probes kept beside `checkpoint`; none when the checkpoint itself is gone (a fresh run). */
async function readTrendPoints(checkpoint?: string): Promise<Map<number, KSparseTrendPoint>> {
  const points = new Map<number, KSparseTrendPoint>();
  if (!checkpoint || !(await fileExists(checkpoint))) return points;
  const saved = await readJsonIfExists<KSparseTrendPoint[]>(trendPointsFile(checkpoint));
  if (saved !== undefined && !Array.isArray(saved)) {
    throw new Error(
      `${trendPointsFile(checkpoint)} is not a list of probes; delete it and the checkpoint ` +
        `${checkpoint} (or run with --fresh) to start the trend again`,
    );
  }
  for (const p of saved ?? []) points.set(p.epochs, p);
  return points;
}

/**
 * Train the trend's model and probe it at `trend.probeAt`.
 *
 * @returns every probe of the run by increasing epochs, and the fine-tuned network if asked
 *
 * @example
 * ```ts
 * import { ksparseSplits, ksparseTrendConfig } from "./config.ts";
 * import { ksparseTrend } from "./trend.ts";
 * const trend = ksparseTrendConfig("smoke", "mnist", 2);
 * const splits = await ksparseSplits("mnist", trend.config);
 * const { points } = await ksparseTrend(splits, trend);
 * console.log(points.map((p) => p.epochs)); // [ 1, 2 ]
 * ```
 */
export async function ksparseTrend(
  splits: DatasetSplits,
  trend: KSparseTrendConfig,
  options: KSparseTrendOptions = {},
): Promise<KSparseTrendResult> {
  const { checkpoint } = options;
  const points = await readTrendPoints(checkpoint);
  let probedNow = 0;
  const probeAt = new Set(trend.probeAt);
  const record = async (epoch: number, probe: () => Promise<Omit<KSparseTrendPoint, "epochs">>) => {
    if (!probeAt.has(epoch + 1)) return;
    const point = { epochs: epoch + 1, ...(await probe()) };
    points.set(point.epochs, point);
    probedNow++;
    if (checkpoint) await writeJsonAtomic(trendPointsFile(checkpoint), [...points.values()]);
    options.onPoint?.(point);
  };
  const seed = options.seed ?? 1;
  const common = {
    seed: options.seed,
    checkpoint: options.checkpoint,
    progress: options.progress,
    signal: options.signal,
  };
  const trained: Pretrained = {};
  let dispose: () => void;
  if (trend.model === "ksparse") {
    const { model } = await trainKSparse(splits, trend.k, trend.config, {
      ...common,
      onEpochEnd: (epoch, m) =>
        record(epoch, async () => {
          const p = await probeKSparse(m, splits, trend.alphas, trend.probe);
          return {
            testError: p.best.testError,
            validationError: p.best.validationError,
            alpha: p.alpha,
          };
        }),
    });
    trained.ksparse = model;
    dispose = () => model.dispose();
  } else {
    const { ae } = await trainComparisonAutoencoder(splits, trend.model, trend.config, {
      ...common,
      onEpochEnd: (epoch, m) =>
        record(epoch, async () => {
          const p = await probeComparison(m, splits, trend.probe);
          return { testError: p.testError, validationError: p.validationError, alpha: null };
        }),
    });
    if (trend.model !== "dropoutDenoising") trained[trend.model] = ae;
    dispose = () => ae.dispose();
  }
  let tuned: KSparseFineTuneOutcome | null = null;
  try {
    // Table 3 fine-tunes the k-sparse, dropout and denoising autoencoders' networks
    const network = trend.model === "dropoutDenoising" ? null : trend.model;
    if (options.fineTune && network) {
      const base = checkpoint?.replace(/\.ckpt$/, "");
      [tuned] = await fineTune(
        {
          splits,
          config: trend.config,
          seed,
          checkpoint: (name) =>
            Promise.resolve(
              base && `${base}-ft${trend.config.fineTune.epochs}-${name}.ckpt`,
            ),
          trainOptions: { progress: options.progress, signal: options.signal, seed },
        },
        trained,
        [network],
      );
    }
  } finally {
    dispose();
  }
  const sorted = [...points.values()].sort((a, b) => a.epochs - b.epochs);
  return { points: sorted, probedNow, fineTune: tuned };
}

/**
 * The trend run's checkpoint file: dataset, preset, hidden units, epochs, k and seed, the
 * probe's L2 weights where they are not the trend's default (the probes kept beside the
 * checkpoint depend on them) and the autoencoder's rate where it is not the preset's.
 *
 * @example
 * ```ts
 * import { ksparseTrendConfig } from "./config.ts";
 * import { ksparseTrendCheckpoint } from "./trend.ts";
 * const t = ksparseTrendConfig("smoke", "mnist", 4);
 * console.log(ksparseTrendCheckpoint("ck", "mnist", "smoke", t, 1)); // ck/ksparse-trend-mnist-smoke-h100-e4-k25-s1.ckpt
 * t.config.learningRate = 0.003;
 * console.log(ksparseTrendCheckpoint("ck", "mnist", "smoke", t, 1)); // ck/ksparse-trend-mnist-smoke-h100-e4-k25-lr0.003-s1.ckpt
 * ```
 */
export function ksparseTrendCheckpoint(
  dir: string,
  dataset: string,
  preset: string,
  trend: KSparseTrendConfig,
  seed: number,
): string {
  const model = trend.model === "ksparse" ? `k${trend.k}` : trend.model;
  const l2 = trend.probe.l2 ?? [];
  const probe = l2.join() === trendProbeL2(trend.config).join() ? "" : `-l2-${l2.join("_")}`;
  // a rate other than the preset's is in the name: it never resumes the preset's run
  const preset0 = ksparseConfig(preset as PresetName, dataset as DatasetName);
  const rate = trend.model === "ksparse"
    ? trend.config.learningRate
    : trend.config.comparisonTraining.learningRate;
  const rate0 = trend.model === "ksparse"
    ? preset0.learningRate
    : preset0.comparisonTraining.learningRate;
  const lr = rate === rate0 ? "" : `-lr${rate}`;
  return `${dir}/ksparse-trend-${dataset}-${preset}-h${trend.config.hidden}` +
    `-e${trend.config.epochs}-${model}${probe}${lr}-s${seed}.ckpt`;
}
