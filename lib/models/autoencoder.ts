/**
 * The one-hidden-layer autoencoder of Makhzani & Frey (2014), Sec. 2.1, with the regularisers
 * of the comparison rows of their Table 1, and the noise ops they are made of:
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
import { normalArray, randomStream, uniformArray } from "../random.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";
import { dense } from "../ops/dense.ts";

/** A hidden non-linearity f (Sec. 2.1: "e.g., linear, sigmoidal or ReLU"). */
export type AutoencoderActivation = "sigmoid" | "relu" | "linear";

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

/**
 * A random weight initialisation: a number is the standard deviation of a zero-mean Gaussian
 * (Makhzani & Frey, Sec. 4.2.2: 0.01); `"glorot"` is the uniform distribution on [-a, a] with
 * a = sqrt(6 / (fanIn + fanOut)) of Glorot & Bengio (2010), used by Bahdanau & Jaeger.
 */
export type WeightInit = number | "glorot";

/** What a loss or forward pass needs of the trainer's {@link StepContext}. */
export type NoiseContext = Pick<StepContext, "training" | "seed">;

/** Options for {@link autoencoder}. */
export interface AutoencoderOptions {
  /** Input dimension. Default 784 (MNIST, Sec. 4.1). */
  inputs?: number;
  /** Hidden units. Default 1000 (Table 1). */
  hidden?: number;
  /** Hidden non-linearity f. Default `"sigmoid"`: the paper does not say which it used. */
  activation?: AutoencoderActivation;
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

/**
 * A seed for one consumer of a step's randomness, so that noises drawn in the same step
 * (input mask, hidden dropout) are independent of each other.
 */
function subSeed(seed: number, label: string): number {
  return randomStream(seed, label).int(4294967296);
}

function checkRate(name: string, rate: number): void {
  if (!(rate >= 0 && rate < 1)) {
    throw new Error(`The ${name} rate must be in [0, 1), got ${rate}: it is a probability`);
  }
}

/**
 * A 0/1 float mask, 1 where u >= rate for u uniform in [0, 1): each entry kept with probability
 * 1 - rate. Written 1 - step(rate - u) rather than greaterEqual + cast, which is about twice as
 * slow on tfjs-wasm (see `topKMask`).
 */
function keepMask(shape: number[], rate: number, seed: number): Tensor {
  return tf.sub(1, tf.step(tf.sub(rate, tf.randomUniform(shape, 0, 1, "float32", seed))));
}

/**
 * Masking noise (Vincent et al., 2008): zero each entry of `x` with probability `rate`, keep
 * the others unscaled. This is the "input dropout" of denoising autoencoders (Makhzani & Frey,
 * Table 1: 20%).
 *
 * @param x values, any shape
 * @param rate probability of zeroing each entry, in [0, 1)
 * @param seed seed of the tfjs random op (the trainer's `ctx.seed`)
 * @returns x with about `rate` of its entries set to zero
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { maskingNoise } from "./autoencoder.ts";
 * const x = tf.ones([100, 100]);
 * const kept = tf.mean(maskingNoise(x, 0.2, 7)).dataSync()[0];
 * console.log(kept > 0.78 && kept < 0.82); // true
 * ```
 */
export function maskingNoise<T extends Tensor>(x: T, rate: number, seed: number): T {
  checkRate("masking noise", rate);
  if (rate === 0) return x.clone();
  return tf.tidy(() => tf.mul(x, keepMask(x.shape, rate, seed)) as T);
}

/**
 * Inverted dropout (Hinton et al., 2012): zero each entry of `x` with probability `rate` and
 * scale the survivors by 1 / (1 - rate), so the expected value of every entry is unchanged and
 * the network is used unscaled, with all units, at test time.
 *
 * @param x activities, any shape
 * @param rate probability of dropping each entry, in [0, 1)
 * @param seed seed of the tfjs random op
 * @returns the dropped-out activities
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { dropout } from "./autoencoder.ts";
 * const h = dropout(tf.ones([2, 4]), 0.5, 3);
 * console.log(h.dataSync().every((v) => v === 0 || v === 2)); // true
 * ```
 */
export function dropout<T extends Tensor>(x: T, rate: number, seed: number): T {
  checkRate("dropout", rate);
  if (rate === 0) return x.clone();
  return tf.tidy(() => tf.mul(x, tf.mul(keepMask(x.shape, rate, seed), 1 / (1 - rate))) as T);
}

/**
 * Additive Gaussian noise: x + N(0, std^2) per entry, not clipped (Bahdanau & Jaeger, Sec. 5).
 *
 * @param x values, any shape
 * @param std standard deviation, >= 0
 * @param seed seed of the tfjs random op
 * @returns the noisy values
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { gaussianNoise } from "./autoencoder.ts";
 * const noise = gaussianNoise(tf.zeros([100, 100]), 0.5, 1);
 * console.log(Math.abs(tf.moments(noise).variance.dataSync()[0] - 0.25) < 0.02); // true
 * ```
 */
export function gaussianNoise<T extends Tensor>(x: T, std: number, seed: number): T {
  if (!(std >= 0)) {
    throw new Error(`The Gaussian noise standard deviation must be >= 0, got ${std}`);
  }
  if (std === 0) return x.clone();
  return tf.tidy(() => tf.add(x, tf.randomNormal(x.shape, 0, std, "float32", seed)) as T);
}

/**
 * Random initial weights of shape [fanIn, fanOut] from a seeded {@link randomStream}, drawn
 * on the CPU so they are the same on every backend.
 *
 * @param shape [fanIn, fanOut]
 * @param options `init` (see {@link WeightInit}; default 0.01), `seed` and `label` of the stream
 * @returns a new tensor
 *
 * @example
 * ```ts
 * import { initialWeights } from "./autoencoder.ts";
 * const w = initialWeights([3, 2], { init: "glorot", seed: 1, label: "demo" });
 * console.log(w.shape, w.dataSync().every((v) => Math.abs(v) <= 1.1)); // [3, 2] true
 * ```
 */
export function initialWeights(
  shape: [number, number],
  options: { init?: WeightInit; seed?: number; label?: string } = {},
): Tensor2D {
  const [fanIn, fanOut] = shape;
  const init = options.init ?? 0.01;
  const rng = randomStream(options.seed ?? 0, options.label ?? "weights");
  const n = fanIn * fanOut;
  if (init === "glorot") {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return tf.tensor2d(uniformArray(rng, n, -a, a), shape);
  }
  if (typeof init !== "number" || !(init >= 0)) {
    throw new Error(
      `The weight initialisation must be a standard deviation >= 0 or "glorot", got ${init}`,
    );
  }
  return tf.tensor2d(normalArray(rng, n, init), shape);
}

function checkPositiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new Error(`The ${name} count must be a positive integer, got ${v}`);
  }
}

function activate(a: Tensor2D, f: AutoencoderActivation): Tensor2D {
  if (f === "sigmoid") return tf.sigmoid(a);
  if (f === "relu") return tf.relu(a);
  return a;
}

const ACTIVATIONS: readonly string[] = ["sigmoid", "relu", "linear"];

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
  if (!ACTIVATIONS.includes(config.activation)) {
    throw new Error(
      `Unknown activation "${config.activation}": pass "sigmoid", "relu" or "linear"`,
    );
  }
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
  checkRate("input dropout", config.inputDropout);
  checkRate("hidden dropout", config.hiddenDropout);
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
    b: tf.variable(tf.zeros([hidden])),
    bOut: tf.variable(tf.zeros([inputs])),
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
      y = maskingNoise(y, config.inputDropout, subSeed(seed, "autoencoder:input-mask"));
    }
    if (config.inputNoiseStd > 0) {
      y = gaussianNoise(y, config.inputNoiseStd, subSeed(seed, "autoencoder:input-gauss"));
    }
    return y;
  };
  const decodePre = (h: Tensor2D): Tensor2D =>
    tf.add(
      config.tied ? tf.matMul(h, params.W, false, true) : tf.matMul(h, params.WOut),
      params.bOut,
    );
  const outputOf = (a: Tensor2D): Tensor2D => config.output === "sigmoid" ? tf.sigmoid(a) : a;
  /** Not tidied: callers run it inside tf.tidy. */
  const run = (x: Tensor2D, ctx: NoiseContext | undefined) => {
    checkRows(x, inputs, "inputs");
    const training = ctx?.training ?? false;
    const seed = ctx?.seed ?? 0;
    const input = training ? corruptInput(x, seed) : x;
    let h = activate(tf.add(tf.matMul(input, params.W), params.b), config.activation);
    if (training && config.hiddenDropout > 0) {
      h = dropout(h, config.hiddenDropout, subSeed(seed, "autoencoder:hidden-dropout"));
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
