/**
 * Training runs of the group-sparsity reproduction: every autoencoder goes through the one
 * trainer with Adam and its own checkpoint, named by a hash of its settings, so an interrupted
 * run resumes and a finished model is not trained again.
 *
 * @module
 */
import type { Tensor2D } from "../../lib/tf.ts";
import { type ArrayData, mapRows } from "../../lib/data/rows.ts";
import { codeStatistics, reconstructionError } from "../../lib/eval/metrics.ts";
import { hashHex } from "../../lib/hash.ts";
import { adam } from "../../lib/train/optimizers.ts";
import { train, type TrainResult } from "../../lib/train/train.ts";
import type { Trainable } from "../../lib/types.ts";
import type { ReproRunOptions } from "../run_options.ts";

/** A training run's name, its settings (hashed into the checkpoint's name) and schedule. */
export interface RunSpec {
  /** Name in progress lines and checkpoint files. */
  name: string;
  /** Everything that defines the run. */
  settings: unknown;
  /** Epochs. */
  epochs: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Minibatch size. */
  batchSize: number;
  /** Seed of shuffling. */
  seed: number;
}

/**
 * Train `model` on `data` with Adam, resuming from the run's checkpoint in
 * `options.checkpointDir` when there is one.
 */
export async function trainRun(
  model: Trainable,
  data: ArrayData,
  spec: RunSpec,
  options: ReproRunOptions,
): Promise<TrainResult> {
  let checkpoint: string | undefined;
  if (options.checkpointDir) {
    const tag = hashHex({ settings: spec.settings, n: data.n, features: data.features });
    checkpoint = `${options.checkpointDir}/group-sparsity-${tag}-${spec.name}.ckpt`;
    if (options.fresh) await Deno.remove(checkpoint).catch(() => {});
  }
  const optimizer = adam();
  try {
    return await train(model, data, {
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      optimizer,
      learningRate: spec.learningRate,
      seed: spec.seed,
      checkpoint,
      progress: options.progress,
      signal: options.signal,
      label: spec.name,
    });
  } finally {
    optimizer.dispose();
  }
}

/**
 * Mean squared reconstruction error per row (summed over features) and mean number of non-zero
 * code units per row, with the library's metrics.
 *
 * @example
 * ```ts
 * import { tf } from "../../lib/tf.ts";
 * import { codeMeasures } from "./train.ts";
 * const d = { x: new Float32Array([1, 0, 0, 3]), n: 2, features: 2 };
 * console.log(await codeMeasures(d, (x) => tf.relu(tf.sub(x, 1)), (z) => tf.zerosLike(z)));
 * // { reconstructionError: 5, fvu: 2.5, activeUnits: 0.5 }
 * ```
 */
export async function codeMeasures(
  data: ArrayData,
  encode: (x: Tensor2D) => Tensor2D,
  decode: (z: Tensor2D) => Tensor2D,
): Promise<{ reconstructionError: number; fvu: number; activeUnits: number }> {
  const r = await reconstructionError(data, (x) => decode(encode(x)));
  const codes = await mapRows(data, encode);
  return { reconstructionError: r.sse, fvu: r.fvu, activeUnits: codeStatistics(codes).l0 };
}
