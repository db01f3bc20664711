/**
 * The one-hidden-layer autoencoder of Makhzani & Frey (2014), Sec. 2.1, with the regularisers
 * of the comparison rows of their Table 1 (the noise ops they are made of are in
 * `../ops/noise.ts`, the non-linearities in `../ops/activations.ts`):
 *
 *   h = f(x~ W + b)          x~ = corrupt(x) while training, x otherwise
 *   h~ = dropout(h)          while training only
 *   x^ = g(h~ W^T + b')      tied (Sec. 2.1), or g(h~ W' + b') untied
 *   E = ||x - x^||^2         or the cross-entropy of a sigmoid output
 *
 * - denoising autoencoder (Vincent et al., 2008; Table 1 "20% input dropout"): masking noise,
 *   each input value zeroed with probability `inputDropout`, reconstructing the clean input;
 * - dropout autoencoder (Hinton et al., 2012; Table 1 "50% hidden"): each hidden unit zeroed
 *   with probability `hiddenDropout`, the survivors scaled by 1 / (1 - rate) (inverted dropout),
 *   so the features at test time are all hidden units, unscaled (Sec. 4.4: "we used all of the
 *   hidden units as the features");
 * - both together (Table 1 "dropout + denoising");
 * - additive Gaussian corruption `inputNoiseStd` (Bahdanau & Jaeger, 2014: sigmoid hidden and
 *   output units, untied weights, squared error, Glorot initialisation).
 *
 * Noise is drawn by tfjs random ops seeded from `ctx.seed`, so a step repeats exactly; the
 * same model with `ctx.training` false (validation, features) sees no noise at all.
 *
 * Shapes follow tfjs (rows are examples): x is [batch, inputs], W is [inputs, hidden] as in
 * {@link kSparseAutoencoder}, so column j of W is the filter of hidden unit j.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor2D, Variable } from "../tf.ts";
import type { Batch, NoiseContext, Trainable } from "../types.ts";
import { dense } from "../ops/dense.ts";
import { activate, activationEntry, type ActivationName } from "../ops/activations.ts";
import {
  checkNoiseRate,
  dropout,
  gaussianNoise,
  initialWeights,
  maskingNoise,
  noiseSeed,
  type WeightInit,
} from "../ops/noise.ts";

export type { NoiseContext, WeightInit };

/** The output non-linearity g. */
export type AutoencoderOutput = "linear" | "sigmoid";

/**
 * The reconstruction loss, summed over inputs and averaged over the batch:
 * - `"squared-error"`: ||x - x^||^2 (Sec. 2.1);
 * - `"cross-entropy"`: sum_i -x_i log x^_i - (1 - x_i) log(1 - x^_i), for a sigmoid output and
 *   inputs in [0, 1]; computed from the output pre-activation a as softplus(a) - x a, which is
 *   stable. Its minimum is the entropy of x, not 0, where x is not binary.
 */
export type AutoencoderLoss = "squared-error" | "cross-entropy";

/** Options for {@link autoencoder}. */
export interface AutoencoderOptions {
  /** Input dimension. Default 784 (MNIST, Sec. 4.1). */
  inputs?: number;
  /** Hidden units. Default 1000 (Table 1). */
  hidden?: number;
  /**
   * Hidden non-linearity f, a name of the activation table (Sec. 2.1: "e.g., linear, sigmoidal
   * or ReLU"). Default `"sigmoid"`: the paper does not say which it used.
   */
  activation?: ActivationName;
  /** Output non-linearity g. Default `"linear"`: "mapped linearly to the output" (Sec. 2.1). */
  output?: AutoencoderOutput;
  /**
   * Reconstruction loss. Default `"squared-error"` (Sec. 2.1); cross-entropy needs a sigmoid
   * output.
   */
  loss?: AutoencoderLoss;
  /** Decoder weights W^T, as in the k-sparse autoencoder (Sec. 2.1, 2.2). Default true. */
  tied?: boolean;
  /** Masking noise: probability of zeroing each input while training (Table 1: 0.2). Default 0. */
  inputDropout?: number;
  /** Inverted dropout on the hidden units while training (Table 1: 0.5). Default 0. */
  hiddenDropout?: number;
  /** Standard deviation of additive Gaussian input noise while training. Default 0. */
  inputNoiseStd?: number;
  /**
   * Weight initialisation (see {@link WeightInit}). Default 0.01 (Sec. 4.2.2).
   * Biases start at 0.
   */
  initStd?: WeightInit;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** The parameters of an {@link Autoencoder}; untied models add `WOut`, [hidden, inputs]. */
export interface AutoencoderParams extends Record<string, Variable> {
  /** Encoder weights, [inputs, hidden]; also the decoder (transposed) when tied. */
  W: Variable;
  /** Hidden bias b, [hidden]. */
  b: Variable;
  /** Output bias b', [inputs]. */
  bOut: Variable;
}

/** The tensors of one pass through an {@link Autoencoder}, from {@link Autoencoder.forward}. */
export interface AutoencoderPass {
  /** What the encoder saw: the corrupted input while training, else a copy of x. */
  input: Tensor2D;
  /** Hidden activities after dropout (while training), [batch, hidden]. */
  hidden: Tensor2D;
  /** The reconstruction x^, [batch, inputs]. */
  output: Tensor2D;
}

/** A one-hidden-layer autoencoder: parameters, its functions and its loss. */
export interface Autoencoder extends Trainable {
  /** The settings it was built with, defaults filled in. */
  readonly config: Readonly<Required<AutoencoderOptions>>;
  /** Weights and biases. */
  params: AutoencoderParams;
  /** Hidden activities f(x W + b), [batch, hidden], with no noise: the features. */
  encode(x: Tensor2D): Tensor2D;
  /** The reconstruction g(h W^T + b') (tied) or g(h W' + b') of hidden activities h. */
  decode(h: Tensor2D): Tensor2D;
  /** decode(encode(x)), with no noise. */
  reconstruct(x: Tensor2D): Tensor2D;
  /** The features for a classifier: all hidden units, no noise (Sec. 4.4); same as `encode`. */
  features(x: Tensor2D): Tensor2D;
  /** x with the input corruption (masking, then Gaussian) drawn from `seed`; a copy without. */
  corrupt(x: Tensor2D, seed: number): Tensor2D;
  /** One pass with the noise of `ctx` (none unless `ctx.training`), as the loss sees it. */
  forward(x: Tensor2D, ctx?: NoiseContext): AutoencoderPass;
  /**
   * Mean over the batch of the reconstruction loss of the clean input from the corrupted
   * one. Noise only when `ctx.training`, drawn from `ctx.seed`.
   */
  loss(batch: Batch, ctx?: NoiseContext): Scalar;
  /** Free the parameters. */
  dispose(): void;
}

/**
 * The comparison rows of Makhzani & Frey's Table 1 (MNIST, 1000 hidden units), as options.
 *
 * @example
 * ```ts
 * import { autoencoder, KSPARSE_TABLE1_AUTOENCODERS } from "./autoencoder.ts";
 * const dae = autoencoder({ inputs: 16, hidden: 8, ...KSPARSE_TABLE1_AUTOENCODERS.denoising });
 * console.log(dae.config.inputDropout); // 0.2
 * dae.dispose();
 * ```
 */
export const KSPARSE_TABLE1_AUTOENCODERS: Readonly<
  Record<"dropout" | "denoising" | "dropoutDenoising", Readonly<AutoencoderOptions>>
> = {
  /** "Dropout Autoencoder (50% hidden)". */
  dropout: { hiddenDropout: 0.5 },
  /** "Denoising Autoencoder (20% input dropout)". */
  denoising: { inputDropout: 0.2 },
  /** "Dropout + Denoising Autoencoder (20% input and 50% hidden)". */
  dropoutDenoising: { inputDropout: 0.2, hiddenDropout: 0.5 },
};

function checkPositiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`The ${name} count must be a positive integer, got ${v}`);
  }
}

/**
 * Build a one-hidden-layer autoencoder. The defaults are Makhzani & Frey's Sec. 2.1 basic
 * autoencoder at the size of their Table 1; {@link KSPARSE_TABLE1_AUTOENCODERS} holds the
 * regularisers of its comparison rows.
 *
 * @param options sizes, non-linearities, loss, corruption, initialisation
 * @returns the model, trainable by `train`
 *
 * @example A denoising autoencoder (Table 1: 20% input dropout)
 * ```ts
 * import { tf } from "../tf.ts";
 * import { autoencoder } from "./autoencoder.ts";
 * const ae = autoencoder({ inputs: 16, hidden: 8, inputDropout: 0.2, seed: 1 });
 * const x = tf.randomUniform([4, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * console.log(ae.encode(x).shape, ae.reconstruct(x).shape); // [4, 8] [4, 16]
 * const train = ae.loss({ x }, { training: true, seed: 5 }).dataSync()[0];
 * const clean = ae.loss({ x }, { training: false, seed: 5 }).dataSync()[0];
 * console.log(train !== clean); // true: noise only while training
 * ae.dispose();
 * ```
 *
 * @example Bahdanau & Jaeger's denoising autoencoder
 * ```ts
 * import { autoencoder } from "./autoencoder.ts";
 * const dae = autoencoder({
 *   hidden: 500, output: "sigmoid", tied: false, inputNoiseStd: 0.5, initStd: "glorot",
 * });
 * console.log(Object.keys(dae.params)); // ["W", "b", "bOut", "WOut"]
 * dae.dispose();
 * ```
 */
export function autoencoder(options: AutoencoderOptions = {}): Autoencoder {
  const config = {
    inputs: options.inputs ?? 784, // MNIST (Sec. 4.1)
    hidden: options.hidden ?? 1000, // Table 1
    activation: options.activation ?? "sigmoid", // not given in the paper
    output: options.output ?? "linear", // "mapped linearly to the output" (Sec. 2.1)
    loss: options.loss ?? "squared-error", // "mean square error" (Sec. 2.1)
    tied: options.tied ?? true, // "Often, tied weights are used" (Sec. 2.1, 2.2)
    inputDropout: options.inputDropout ?? 0, // Table 1: 0.2 for the denoising rows
    hiddenDropout: options.hiddenDropout ?? 0, // Table 1: 0.5 for the dropout rows
    inputNoiseStd: options.inputNoiseStd ?? 0,
    initStd: options.initStd ?? 0.01, // Sec. 4.2.2
    seed: options.seed ?? 0,
  };
  const { inputs, hidden } = config;
  checkPositiveInteger("input", inputs);
  checkPositiveInteger("hidden unit", hidden);
  activationEntry(config.activation); // throws, naming the allowed ones, for an unknown name
  if (config.output !== "linear" && config.output !== "sigmoid") {
    throw new Error(`Unknown output "${config.output}": pass "linear" or "sigmoid"`);
  }
  if (config.loss !== "squared-error" && config.loss !== "cross-entropy") {
    throw new Error(`Unknown loss "${config.loss}": pass "squared-error" or "cross-entropy"`);
  }
  if (config.loss === "cross-entropy" && config.output !== "sigmoid") {
    throw new Error(
      `The cross-entropy loss needs outputs in (0, 1): pass output: "sigmoid" with it`,
    );
  }
  checkNoiseRate("input dropout", config.inputDropout);
  checkNoiseRate("hidden dropout", config.hiddenDropout);
  if (!(config.inputNoiseStd >= 0)) {
    throw new Error(
      `The input noise standard deviation must be >= 0, got ${config.inputNoiseStd}`,
    );
  }

  const weights = (shape: [number, number], name: string) =>
    tf.tidy(() =>
      tf.variable(
        initialWeights(shape, {
          init: config.initStd,
          seed: config.seed,
          label: `autoencoder:${name}`,
        }),
      )
    );
  const params: AutoencoderParams = {
    W: weights([inputs, hidden], "W"),
    // tidy frees the zeros; the variables hold their own copies
    b: tf.tidy(() => tf.variable(tf.zeros([hidden]))),
    bOut: tf.tidy(() => tf.variable(tf.zeros([inputs]))),
  };
  if (!config.tied) params.WOut = weights([hidden, inputs], "WOut");

  const checkRows = (x: Tensor, width: number, what: string) => {
    if (x.rank !== 2 || x.shape[1] !== width) {
      throw new Error(
        `Expected ${what} of shape [batch, ${width}], got [${x.shape}]: ` +
          (what === "inputs" ? "flatten images to rows" : `pass the model's ${what}`),
      );
    }
  };

  // the noise of one step: input corruption, then hidden dropout, each from its own seed
  const corruptInput = (x: Tensor2D, seed: number): Tensor2D => {
    let y = x;
    if (config.inputDropout > 0) {
      y = maskingNoise(y, config.inputDropout, noiseSeed(seed, "autoencoder:input-mask"));
    }
    if (config.inputNoiseStd > 0) {
      y = gaussianNoise(y, config.inputNoiseStd, noiseSeed(seed, "autoencoder:input-gauss"));
    }
    return y;
  };
  const decodePre = (h: Tensor2D): Tensor2D =>
    tf.add(
      config.tied ? tf.matMul(h, params.W, false, true) : tf.matMul(h, params.WOut),
      params.bOut,
    );
  const outputOf = (a: Tensor2D): Tensor2D => activate(a, config.output);
  /** Not tidied: callers run it inside tf.tidy. */
  const run = (x: Tensor2D, ctx: NoiseContext | undefined) => {
    checkRows(x, inputs, "inputs");
    const training = ctx?.training ?? false;
    const seed = ctx?.seed ?? 0;
    const input = training ? corruptInput(x, seed) : x;
    let h: Tensor2D = activate(tf.add(tf.matMul(input, params.W), params.b), config.activation);
    if (training && config.hiddenDropout > 0) {
      h = dropout(h, config.hiddenDropout, noiseSeed(seed, "autoencoder:hidden-dropout"));
    }
    return { input, hidden: h, pre: decodePre(h) };
  };

  // Encoding and decoding without noise, as dense layers: fused (product, bias, activation in
  // one kernel) at inference, the plain ops under a gradient tape (../ops/dense.ts).
  const encodeClean = (x: Tensor2D): Tensor2D => dense(x, params.W, params.b, config.activation);
  const decodeClean = (h: Tensor2D): Tensor2D =>
    config.tied
      ? dense(h, params.W, params.bOut, config.output, true)
      : dense(h, params.WOut!, params.bOut, config.output);
  const encode = (x: Tensor2D): Tensor2D => {
    checkRows(x, inputs, "inputs");
    return tf.tidy(() => encodeClean(x));
  };
  const decode = (h: Tensor2D): Tensor2D => {
    checkRows(h, hidden, "hidden activities");
    return tf.tidy(() => decodeClean(h));
  };
  let disposed = false;
  return {
    config,
    params,
    encode,
    decode,
    reconstruct: (x) => {
      checkRows(x, inputs, "inputs");
      return tf.tidy(() => decodeClean(encodeClean(x)));
    },
    features: encode,
    corrupt(x, seed) {
      checkRows(x, inputs, "inputs");
      return tf.tidy(() => {
        const y = corruptInput(x, seed);
        return y === x ? x.clone() : y;
      });
    },
    forward(x, ctx) {
      return tf.tidy(() => {
        const r = run(x, ctx);
        return {
          input: r.input === x ? x.clone() : r.input,
          hidden: r.hidden,
          output: outputOf(r.pre),
        };
      });
    },
    loss(batch, ctx) {
      return tf.tidy(() => {
        const { pre } = run(batch.x, ctx);
        const perExample = config.loss === "cross-entropy"
          ? tf.sum(tf.sub(tf.softplus(pre), tf.mul(batch.x, pre)), 1) // -x log x^ - (1-x) log(1-x^)
          : tf.sum(tf.square(tf.sub(batch.x, outputOf(pre))), 1); // ||x - x^||^2
        return tf.mean(perExample) as Scalar;
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of Object.values(params)) v.dispose();
    },
  };
}
