/**
 * The convolutional group-sparse encoder of the lecture (week 9, Fig. 3): convolution, ReLU
 * and a scaling layer, group sparsity over pools of feature maps, a linear decoder; a second
 * layer pretrained on the first's pooled and subsampled maps (the stacked autoencoder); then
 * the encoders as feature extractors under a linear probe on MNIST.
 *
 * @module
 */
import type { ArrayData } from "../../lib/data/rows.ts";
import { firstRows, mapRows } from "../../lib/data/rows.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { linearProbe } from "../../lib/eval/probe.ts";
import { hashHex } from "../../lib/hash.ts";
import {
  type ConvGroupSparseAutoencoder,
  convGroupSparseAutoencoder,
} from "../../lib/models/conv_group_sparse.ts";
import { stackFeatures, stackLayer } from "../../lib/train/conv_stack.ts";
import { adam } from "../../lib/train/optimizers.ts";
import { tf } from "../../lib/tf.ts";
import type { Tensor, Tensor2D } from "../../lib/tf.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { ConvSettings } from "./config.ts";
import { trainRun } from "./train.ts";

/** One feature extractor's probe. */
export interface ConvProbe {
  /** What the features are. */
  label: string;
  /** Layers of the encoder. */
  layers: 1 | 2;
  /** Test error, a fraction. */
  testError: number;
  /** Validation error, a fraction. */
  validationError: number;
  /** Feature width. */
  width: number;
  /** Seconds of the probe. */
  seconds: number;
}

/** What the convolutional experiment measured. */
export interface ConvResults {
  /** Probes of layer 1 (pooled and unpooled maps) and of the stack. */
  probes: ConvProbe[];
  /** Layer 1's dictionary filters, [maps, kernel^2] rows, for the picture. */
  filters: { rows: Float32Array; maps: number; kernel: number };
  /** Training seconds of layer 1 and layer 2. */
  seconds: [number, number];
}

/**
 * Pretrain layer 1, then layer 2 on its maps, and probe the features.
 *
 * @example
 * ```ts
 * import { loadSplits } from "../../lib/data/splits.ts";
 * import { GROUP_SPARSITY_PRESETS } from "./config.ts";
 * import { convExperiment } from "./conv.ts";
 * const c = GROUP_SPARSITY_PRESETS.smoke;
 * const splits = await loadSplits("mnist", c.conv.sizes);
 * const r = await convExperiment(splits, c.conv, c, { dataset: "mnist", preset: "smoke", backend: "cpu" });
 * console.log(r.probes.map((p) => p.layers)); // [ 1, 1, 2, 2, 2 ]
 * ```
 */
export async function convExperiment(
  splits: DatasetSplits,
  s: ConvSettings,
  run: { batchSize: number; probeEpochs: number },
  options: ReproRunOptions,
): Promise<ConvResults> {
  const seed = options.seed ?? 1;
  // written into the checkpoints' names only when on, so earlier checkpoints resume
  const inference = s.inference ? { inference: { steps: s.inference } } : {};
  const layer1 = convGroupSparseAutoencoder({
    maps: s.maps[0],
    kernel: s.kernel[0],
    lambda: s.lambda[0],
    seed,
    ...inference,
  });
  // what defines each layer's training (not the probe's sizes), for the checkpoints' names
  const layer1Settings = {
    layer: 1,
    maps: s.maps[0],
    kernel: s.kernel[0],
    lambda: s.lambda[0],
    epochs: s.epochs[0],
    learningRate: s.learningRate,
    seed,
    ...(s.inference ? { inference: s.inference } : {}),
  };
  const pretrainRows = firstRows(splits.train, s.pretrain);
  try {
    const r1 = await trainRun(layer1, pretrainRows, {
      name: `conv-layer1`,
      settings: layer1Settings,
      epochs: s.epochs[0],
      learningRate: s.learningRate,
      batchSize: run.batchSize,
      seed,
    }, options);
    const tag = hashHex({
      layer1: layer1Settings,
      layer: 2,
      maps: s.maps[1],
      kernel: s.kernel[1],
      lambda: s.lambda[1],
      epochs: s.epochs[1],
      window: s.window.stack,
      seed,
      n: pretrainRows.n,
    });
    const checkpoint = options.checkpointDir
      ? `${options.checkpointDir}/group-sparsity-${tag}-conv-layer2.ckpt`
      : undefined;
    if (checkpoint && options.fresh) await Deno.remove(checkpoint).catch(() => {});
    const optimizer = adam();
    const stack = await stackLayer(layer1, pretrainRows, {
      features: { window: s.window.stack, stride: s.window.stack },
      layer2: {
        maps: s.maps[1],
        kernel: s.kernel[1],
        lambda: s.lambda[1],
        seed: seed + 1,
        ...inference,
      },
      train: {
        epochs: s.epochs[1],
        batchSize: run.batchSize,
        optimizer,
        learningRate: s.learningRate,
        seed,
        checkpoint,
        progress: options.progress,
        signal: options.signal,
        label: "conv-layer2",
      },
    }).finally(() => optimizer.dispose());
    try {
      const w = s.window.probe;
      const extractors: [string, 1 | 2, (x: Tensor) => Tensor2D][] = [
        [
          `layer 1, pool norms (${w} x ${w} average)`,
          1,
          (x) => layer1.features(x, { window: w }),
        ],
        [
          `layer 1, unpooled maps (${w} x ${w} average)`,
          1,
          (x) => layer1.features(x, { unpooled: true, window: w }),
        ],
        ["layers 1 and 2 stacked, pool norms (2 x 2 average)", 2, (x) => stackFeatures(stack, x)],
        // as layer 1's two rows: the stack's own maps beside its pool norms
        [
          "layers 1 and 2 stacked, unpooled maps (2 x 2 average)",
          2,
          (x) => stackFeatures(stack, x, { unpooled: true }),
        ],
        // both stages' maps side by side, the readout of multi-stage features (Sermanet &
        // LeCun 2011): whether layer 2 adds to what a linear probe finds in layer 1
        [
          "layers 1 and 2, both stages' unpooled maps side by side",
          2,
          (x) =>
            tf.tidy(() =>
              tf.concat([
                layer1.features(x, { unpooled: true, window: w }),
                stackFeatures(stack, x, { unpooled: true }),
              ], 1)
            ),
        ],
      ];
      const probes: ConvProbe[] = [];
      for (const [label, layers, fn] of extractors) {
        const started = performance.now();
        const map = async (d: ArrayData) => ({
          ...(await mapRows(d, fn, { batchSize: 250 })),
          y: d.y,
        });
        const data = {
          train: await map(splits.train),
          validation: await map(splits.validation),
          test: await map(splits.test),
        };
        const p = await linearProbe(data, { epochs: run.probeEpochs, seed, standardize: true });
        probes.push({
          label,
          layers,
          testError: p.testError,
          validationError: p.validationError,
          width: data.train.features,
          seconds: (performance.now() - started) / 1000,
        });
      }
      return {
        probes,
        filters: {
          rows: (await layer1.params.D.data()) as Float32Array,
          maps: s.maps[0],
          kernel: s.kernel[0],
        },
        seconds: [r1.seconds, stack.result.seconds],
      };
    } finally {
      stack.dispose();
    }
  } finally {
    (layer1 as ConvGroupSparseAutoencoder).dispose();
  }
}
