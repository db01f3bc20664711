/**
 * Greedy layer-wise pre-training and fine-tuning of deep networks (Makhzani & Frey, Sec. 4.6,
 * after Bengio et al., 2007): train a shallow autoencoder, encode the data with it, train the
 * next autoencoder on those codes ({@link stackCodes}); build the classifier from the encoders
 * (`classifierFromKSparse`, `classifierFromAutoencoders`), then fine-tune it top-down in stages
 * ({@link fineTuningStages}).
 *
 * @module
 */
import type { Tensor2D } from "../tf.ts";
import type { DenseClassifier } from "./classifier.ts";
import { type ArrayData, mapRows } from "../data/rows.ts";

/**
 * The hidden codes of a trained layer as new rows, labels kept, to train the next layer on
 * ("We first train a shallow k-sparse autoencoder and obtain the hidden codes. We then fix the
 * features and train another k-sparse autoencoder on top of them", Sec. 4.6). Pass the encoding
 * the fine-tuned network will use at that layer: for a k-sparse autoencoder `ae.features`
 * (alpha*k units, as in fine-tuning, Sec. 4.6) or `ae.encode` (k units); the paper does not say
 * which it used.
 *
 * @param data input rows
 * @param encode a map from [batch, features] to codes [batch, units], without noise
 * @param options batch size of the encoding (default 1000)
 * @returns the codes, one row per input row
 *
 * @example
 * ```ts
 * import { kSparseAutoencoder } from "./ksparse.ts";
 * import { stackCodes } from "./stack.ts";
 * const ae = kSparseAutoencoder({ inputs: 4, hidden: 6, k: 2, alpha: 1, seed: 1 });
 * const x = new Float32Array(12).fill(0.5);
 * const data = { x, y: new Uint8Array([0, 1, 2]), n: 3, features: 4 };
 * const codes = await stackCodes(data, (x) => ae.features(x));
 * console.log(codes.n, codes.features, codes.y); // 3 6 Uint8Array(3) [ 0, 1, 2 ]
 * ae.dispose();
 * ```
 */
export async function stackCodes(
  data: ArrayData,
  encode: (x: Tensor2D) => Tensor2D,
  options: { batchSize?: number } = {},
): Promise<ArrayData> {
  const codes = await mapRows(data, (x) => {
    const h = encode(x);
    if (h.rank !== 2 || h.shape[0] !== x.shape[0]) {
      throw new Error(
        `The encoder returned shape [${h.shape}] for ${x.shape[0]} rows: ` +
          `return one row of codes per input row`,
      );
    }
    return h;
  }, options);
  return codes;
}

/**
 * The views of `model` that the layer-wise fine-tuning of Sec. 4.6 trains, in order: first the
 * softmax layer alone on the frozen hidden layers, then one more hidden layer at a time from
 * the top, last the whole network. For two hidden layers: softmax; second layer and softmax;
 * all. Train each stage with `train`, starting from where the previous one left off (the views
 * share the variables).
 *
 * @param model a classifier with at least one hidden layer
 * @returns one view per stage, `layers + 1` of them
 *
 * @example
 * ```ts
 * import { denseClassifier } from "./classifier.ts";
 * import { fineTuningStages } from "./stack.ts";
 * const net = denseClassifier({ inputs: 4, classes: 2, layers: [{ units: 3 }, { units: 3 }] });
 * console.log(fineTuningStages(net).map((s) => Object.keys(s.params).join(" ")));
 * // ["WOut bOut", "W1 b1 WOut bOut", "W0 b0 W1 b1 WOut bOut"]
 * net.dispose();
 * ```
 */
export function fineTuningStages(model: DenseClassifier): DenseClassifier[] {
  const depth = model.config.layers.length;
  if (depth === 0) {
    throw new Error("The classifier has no hidden layers to fine-tune: train it directly");
  }
  const stages: DenseClassifier[] = [];
  for (let trained = 0; trained <= depth; trained++) {
    stages.push(model.freeze(Array.from({ length: depth - trained }, (_, i) => i)));
  }
  return stages;
}
