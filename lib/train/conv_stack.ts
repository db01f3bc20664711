/**
 * Layer-wise pretraining of convolutional group-sparse autoencoders (NYU deep learning week 9,
 * "stacked autoencoder"): a second layer trained on a trained first layer's pooled maps, and
 * the features of the stack. It lives with the trainer because it trains.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";
import { type ArrayData, gatherBatch } from "../data/rows.ts";
import type { Batch } from "../types.ts";
import {
  type ConvGroupSparseAutoencoder,
  convGroupSparseAutoencoder,
  type ConvGroupSparseOptions,
  type FeatureOptions,
} from "../models/conv_group_sparse.ts";
import { train, type TrainOptions, type TrainResult } from "./train.ts";

/** Options for {@link stackLayer}. */
export interface StackLayerOptions {
  /**
   * The second layer's settings; its image size is the first layer's feature maps and its
   * `inputOffset` and `inputScale` are set by {@link stackLayer}. Default: those of
   * {@link convGroupSparseAutoencoder}, with `kernel` 5 and `code` "same" (the first layer's
   * maps are already subsampled).
   */
  layer2?: Omit<
    ConvGroupSparseOptions,
    "height" | "width" | "channels" | "inputOffset" | "inputScale"
  >;
  /**
   * How the first layer's maps are pooled and subsampled for the second. Default its own: the
   * pool norms; `unpooled: true` gives the second layer the code maps themselves.
   */
  features?: FeatureOptions;
  /** The training run of the second layer (epochs, optimizer, learning rate, ...). */
  train: TrainOptions;
}

/** What {@link stackLayer} returns. */
export interface ConvStack {
  /** The trained first layer (not copied: the stack uses it). */
  layer1: ConvGroupSparseAutoencoder;
  /** The trained second layer, on the first layer's pooled and subsampled maps. */
  layer2: ConvGroupSparseAutoencoder;
  /** How the first layer's maps were pooled for the second. */
  features: FeatureOptions;
  /** The second layer's training run. */
  result: TrainResult;
  /** Free the second layer (the first stays the caller's). */
  dispose(): void;
}

/**
 * Layer-wise pre-training (the lecture's stacked autoencoder): freeze a trained first layer,
 * compute its pooled and subsampled feature maps (pool norms, then spatial pooling) and train
 * a second convolutional group-sparse autoencoder to reconstruct them. The maps are computed
 * batch by batch during training rather than stored, so the second layer trains on the same
 * rows (`data`, raw images) as the first. The second layer centres them (subtracts each
 * map's mean, its `inputOffset`): the pool norms are non-negative with a large mean, and
 * random filters on such inputs are either on everywhere or off everywhere, so that most of
 * the second layer's ReLU maps die early in training (62 of 64 in a run on MNIST without it).
 * It also multiplies them by the constant (its `inputScale`) that gives them the mean square
 * of the first layer's (scaled) input, so that lambda means about the same in both layers.
 * Both are estimated on the first 2,000 rows.
 *
 * @param layer1 a trained first layer
 * @param data the images, rows of the first layer's input
 * @param options the second layer's settings and training run
 * @returns the stack; `stack.dispose()` frees the second layer
 *
 * @example
 * ```ts
 * import { disjointPools } from "../ops/groups.ts";
 * import { convGroupSparseAutoencoder } from "../models/conv_group_sparse.ts";
 * import { stackLayer } from "./conv_stack.ts";
 * const layer1 = convGroupSparseAutoencoder({
 *   height: 6, width: 6, maps: 4, kernel: 3, pools: disjointPools(4, 2), seed: 1,
 * });
 * const x = Float32Array.from({ length: 8 * 36 }, (_, i) => (i % 7) / 7);
 * const stack = await stackLayer(layer1, { x, n: 8, features: 36 }, {
 *   layer2: { maps: 4, kernel: 3, pools: disjointPools(4, 2) },
 *   train: { epochs: 1, batchSize: 4 },
 * });
 * console.log(stack.layer2.geometry.height, stack.layer2.config.channels); // 4 2
 * stack.dispose();
 * layer1.dispose();
 * ```
 */
export async function stackLayer(
  layer1: ConvGroupSparseAutoencoder,
  data: ArrayData,
  options: StackLayerOptions,
): Promise<ConvStack> {
  const { height, width, channels } = layer1.geometry;
  if (data.features !== height * width * channels) {
    throw new Error(
      `stackLayer: the rows have ${data.features} values but the first layer reads ` +
        `${height} x ${width} x ${channels} images`,
    );
  }
  const features = { ...options.features };
  const [h, w, c] = layer1.featureShape(features);
  const maps = (x: Tensor) => layer1.featureMaps(x, features);
  // the first layer's input's mean square, its maps' means and mean squares, on 2000 rows
  const n = Math.min(data.n, 2000);
  let inputSquares = 0;
  const sums = new Float64Array(c), squares = new Float64Array(c);
  for (let from = 0; from < n; from += 500) {
    const to = Math.min(n, from + 500);
    const batch = gatherBatch({ ...data, y: undefined }, null, from, to);
    const [a, b, q] = tf.tidy(() => {
      const m = maps(batch.x);
      return [tf.sum(tf.square(batch.x)), tf.sum(m, [0, 1, 2]), tf.sum(tf.square(m), [0, 1, 2])];
    });
    inputSquares += (await a.data())[0];
    const [bs, qs] = [await b.data(), await q.data()];
    for (let j = 0; j < c; j++) [sums[j], squares[j]] = [sums[j] + bs[j], squares[j] + qs[j]];
    tf.dispose([a, b, q, batch.x]);
  }
  const inputMs = inputSquares / (n * data.features) * layer1.config.inputScale ** 2;
  const inputOffset = Array.from(sums, (v) => v / (n * h * w));
  // the mean square of the centred maps
  const mapMs = inputOffset.reduce((t, mean, j) => t + squares[j] / (n * h * w) - mean ** 2, 0) /
    c;
  const inputScale = mapMs > 0 ? Math.sqrt(inputMs / mapMs) : 1;
  const layer2 = convGroupSparseAutoencoder({
    kernel: 5,
    code: "same",
    ...options.layer2,
    height: h,
    width: w,
    channels: c,
    inputOffset,
    inputScale,
  });
  const trainable = {
    params: layer2.params,
    config: { layer1: layer1.config, layer2: layer2.config, features },
    loss: (batch: Batch) => layer2.loss({ x: tf.reshape(maps(batch.x), [batch.x.shape[0], -1]) }),
    constrain: () => layer2.constrain(),
  };
  try {
    const result = await train(trainable, data, options.train);
    return { layer1, layer2, features, result, dispose: () => layer2.dispose() };
  } catch (e) {
    layer2.dispose();
    throw e;
  }
}

/**
 * The stack's features of images: the first layer's pooled and subsampled maps, through the
 * second layer, pooled and subsampled again, flattened to rows for a probe.
 *
 * @param stack from {@link stackLayer}
 * @param x images, [batch, H W C] or [batch, H, W, C]
 * @param options the second layer's feature options (default its own)
 * @returns [batch, h w pools] (or maps with `unpooled`)
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { disjointPools } from "../ops/groups.ts";
 * import { convGroupSparseAutoencoder } from "../models/conv_group_sparse.ts";
 * import { stackFeatures, stackLayer } from "./conv_stack.ts";
 * const pools = disjointPools(4, 2);
 * const layer1 = convGroupSparseAutoencoder({ height: 6, width: 6, maps: 4, kernel: 3, pools });
 * const x = new Float32Array(4 * 36).fill(0.5);
 * const stack = await stackLayer(layer1, { x, n: 4, features: 36 }, {
 *   layer2: { maps: 4, kernel: 3, pools },
 *   train: { epochs: 1, batchSize: 4 },
 * });
 * console.log(stackFeatures(stack, tf.ones([3, 36])).shape); // [3, 8]: 2 x 2 locations, 2 pools
 * stack.dispose();
 * layer1.dispose();
 * ```
 */
export function stackFeatures(stack: ConvStack, x: Tensor, options?: FeatureOptions): Tensor2D {
  return tf.tidy(() => stack.layer2.features(stack.layer1.featureMaps(x, stack.features), options));
}
