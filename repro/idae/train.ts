/**
 * Training one walkback denoising autoencoder with the paper's method (Sec. 5.3): plain SGD,
 * the learning rate annealed after every epoch, minibatches in a fixed circular order, the
 * walkback loss of Eq. 8.
 *
 * @module
 */
import type { ArrayData } from "../../lib/data/rows.ts";
import { type WalkbackDae, walkbackDae } from "../../lib/models/walkback.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { exponentialSchedule } from "../../lib/train/schedules.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { IdaeConfig, IdaeModelSpec } from "./config.ts";

/** Options for {@link trainIdae}. */
export interface TrainIdaeOptions {
  /** Checkpoint file for resume. */
  checkpoint?: string;
  /** Progress reporter. */
  progress?: ProgressReporter;
  /** Stops training cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Called after every epoch with the 0-based epoch and the model (for probes along a run). */
  onEpochEnd?: (epoch: number, model: WalkbackDae) => void | Promise<void>;
  /**
   * Further checkpoint files by epochs done (the trainer's `keepCheckpoints`): the paper's
   * schedule does not depend on N, so the state after E epochs is the finished E-epoch model.
   */
  keepCheckpoints?: Readonly<Record<number, string>>;
}

/** A trained walkback denoising autoencoder and its training record. */
export interface TrainedIdae {
  /** The model (dispose it when done). */
  model: WalkbackDae;
  /** The trainer's result: history, epochs, seconds. */
  result: TrainResult;
}

/**
 * Train one walkback denoising autoencoder with the paper's method (Sec. 5.3): plain SGD on
 * minibatches traversed in a fixed circular order, the learning rate multiplied by the annealing rate α
 * after every epoch, Glorot initialisation, Gaussian corruption, the walkback loss of Eq. 8.
 *
 * @param data the training rows (the order of `splitDataset`, already random)
 * @param spec k, sigma, epochs, annealingRate, seed
 * @param config hidden units, batch size, starting learning rate
 * @param options checkpoint, progress, abort signal
 * @returns the model and the trainer's result
 *
 * @example
 * ```ts
 * import { trainIdae } from "./train.ts";
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 * const { train } = splitDataset(await loadDataset("mnist"), { trainSize: 100 });
 * const spec = { k: 2, sigma: 0.5, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed: 1 };
 * const { model, result } = await trainIdae(train, spec, { ...IDAE_PRESETS.smoke, hidden: 20 });
 * console.log(result.epochs, result.history[0].learningRate); // 1 0.1
 * model.dispose();
 * ```
 */
export async function trainIdae(
  data: ArrayData,
  spec: IdaeModelSpec,
  config: Pick<IdaeConfig, "hidden" | "batchSize" | "learningRate" | "chainNoise">,
  options: TrainIdaeOptions = {},
): Promise<TrainedIdae> {
  const model = walkbackDae({
    inputs: data.features,
    hidden: config.hidden,
    sigma: spec.sigma,
    walkbackK: spec.k,
    chainNoise: config.chainNoise ?? "first",
    seed: spec.seed,
  });
  const optimizer = sgd({ momentum: 0 }); // Sec. 5.3: "the SGD", no momentum mentioned
  try {
    const result = await train(model, data, {
      epochs: spec.epochs,
      batchSize: config.batchSize,
      optimizer,
      // Sec. 5.3: "At the end of each epoch the learning rate was multiplied with α"
      learningRate: exponentialSchedule(config.learningRate, spec.annealingRate),
      // Sec. 5.3: "The minibatches were traversed in a circular order"
      shuffle: false,
      seed: spec.seed,
      checkpoint: options.checkpoint,
      keepCheckpoints: options.keepCheckpoints,
      progress: options.progress,
      signal: options.signal,
      onEpochEnd: options.onEpochEnd && ((record) => options.onEpochEnd!(record.epoch, model)),
      label: `walkback DAE k=${spec.k} sigma=${spec.sigma} N=${spec.epochs} ` +
        `α=${spec.annealingRate} seed=${spec.seed}`,
    });
    return { model, result };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
}
