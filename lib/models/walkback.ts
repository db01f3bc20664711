/**
 * The denoising autoencoder of Bahdanau & Jaeger (2014), Sec. 5.2, with the walkback training
 * objective of the paper's Eq. 8:
 *
 *   r(x) = sigmoid(sigmoid(x W + b) W' + b')      Eq. 1-2, f = g = sigmoid (Sec. 5.2)
 *   x~ = x + N(0, sigma^2),   r^1 = r(x~),   r^i = r(r^(i-1))   i = 2..k
 *   L_walkback = (1 / k) sum_i ||x - r^i(x~)||^2    Eq. 8, squared error (Sec. 5.2: "MSE")
 *
 * Eq. 8 writes r^i(x~): the input is corrupted once and the DAE is then iterated as it is at
 * exploitation (Eq. 9, Figure 1: "x^i are reconstructed inputs at the iteration i"), so the
 * later steps train r on its own outputs, which Sec. 7 names as a likely reason walkback
 * works ("intermediate samples of the walkback process (that is x^1, ..., x^(k-1)) form a large
 * additional training set"). That is `chainNoise: "first"`, the default. The sampler of
 * Bengio et al. (2013) that the paper describes walkback from (Sec. 2) corrupts again before
 * every step, x~^i = r^(i-1) + N(0, sigma^2), r^i = r(x~^i): `chainNoise: "every"`. The two
 * agree at k = 1, the plain denoising loss of Eq. 4 (`results/idae/README.md` compares the two
 * chains against Table 1b).
 *
 * The model is {@link autoencoder} with the paper's settings (500 sigmoid hidden units,
 * sigmoid output, untied weights, Glorot initialisation, additive Gaussian corruption); this
 * file only adds the chain.
 *
 * Gradients flow through the whole chain: r^i depends on the parameters both directly and
 * through its input r^(i-1) (plus noise under "every"). The paper does this too: it calls
 * walkback training "essentially training of a recurrent network" (Sec. 2) and lists among its
 * explanations that walkback "includes propagation of error through time" (Sec. 7), proposing to restrict
 * the gradient to one iteration only as future work. It trained with Theano, which
 * differentiates the whole expression unless told not to.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor2D } from "../tf.ts";
import { randomStream } from "../random.ts";
import type { Batch, Trainable } from "../types.ts";
import {
  type Autoencoder,
  autoencoder,
  type AutoencoderParams,
  type NoiseContext,
  type WeightInit,
} from "./autoencoder.ts";

/**
 * Where a walkback chain is corrupted while training: `"first"`, the input only (Eq. 8,
 * r^i(x~)); `"every"`, before every step (Bengio et al., 2013).
 */
export type WalkbackNoise = "first" | "every";

/** Options for {@link walkbackDae}. */
export interface WalkbackDaeOptions {
  /** Input dimension. Default 784 (MNIST, Sec. 5.1). */
  inputs?: number;
  /** Hidden units. Default 500 (Sec. 5.2: "the largest we could afford"). */
  hidden?: number;
  /**
   * Standard deviation sigma of the additive Gaussian corruption. Default 0.5, the paper's
   * "middle" level (Sec. 5.2: 0.3 low, 0.5 middle, 0.7 high).
   */
  sigma?: number;
  /**
   * Walkback steps k of Eq. 8, a positive integer. Default 1: the usual denoising
   * autoencoder (Sec. 5.3: k in 1..5).
   */
  walkbackK?: number;
  /**
   * Where the walkback chain is corrupted while training (see the module doc). `"first"`
   * (default): once, r^i = r^i(x~) as Eq. 8 writes it; `"every"`: before every step, as in
   * the sampler of Bengio et al. (2013). The same at k = 1.
   */
  chainNoise?: WalkbackNoise;
  /** Decoder weights W^T instead of a separate W'. Default false (Sec. 5.2, 6.4). */
  tied?: boolean;
  /** Weight initialisation. Default `"glorot"` (Sec. 5.3: Glorot and Bengio, 2010). */
  initStd?: WeightInit;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A denoising autoencoder trained with walkback (Bahdanau & Jaeger, Sec. 5.2-5.3). */
export interface WalkbackDae extends Trainable {
  /** The settings it was built with, defaults filled in. */
  readonly config: Readonly<Required<WalkbackDaeOptions>>;
  /** The underlying {@link Autoencoder}; it owns the parameters. */
  readonly autoencoder: Autoencoder;
  /** Weights and biases (those of `autoencoder`): W, b, bOut, and WOut when untied. */
  params: AutoencoderParams;
  /** Hidden activities sigmoid(x W + b), [batch, hidden], no noise. */
  encode(x: Tensor2D): Tensor2D;
  /** The reconstruction function r(x) without noise, [batch, inputs]: one step of Eq. 9. */
  reconstruct(x: Tensor2D): Tensor2D;
  /** x + N(0, sigma^2) drawn from `seed`; a copy of x when sigma is 0. */
  corrupt(x: Tensor2D, seed: number): Tensor2D;
  /**
   * The reconstructions r^1..r^k of the walkback chain. While `ctx.training`, the first step
   * corrupts its input with the noise of {@link walkbackStepSeed}(ctx.seed, 0), and with
   * `chainNoise: "every"` step i does so with {@link walkbackStepSeed}(ctx.seed, i);
   * otherwise there is no noise and the chain is r(x), r(r(x)), ... `k` defaults to
   * `config.walkbackK`.
   */
  walkback(x: Tensor2D, ctx?: NoiseContext, k?: number): Tensor2D[];
  /**
   * Eq. 8: the mean over the k chain steps of ||x - r^i||^2, averaged over the batch.
   * Noise only while `ctx.training`; with `training: false` (the trainer's validation) it is
   * the same average over the noiseless chain. The paper's MSE^WB on a data set is this
   * loss with `training: true` and a fixed seed.
   */
  loss(batch: Batch, ctx?: NoiseContext): Scalar;
  /** Free the parameters. */
  dispose(): void;
}

/**
 * The seed of the corruption at walkback step `step` (0-based) of a training step seeded
 * `seed`. Step 0 uses `seed` itself, so the first term of Eq. 8 is exactly the denoising
 * loss {@link autoencoder} computes for the same `ctx.seed`; later steps get seeds derived
 * from (`seed`, `step`), so their noises are independent.
 *
 * @param seed the trainer's `ctx.seed`
 * @param step 0-based position in the chain
 * @returns a seed for {@link WalkbackDae.corrupt}
 *
 * @example
 * ```ts
 * import { walkbackStepSeed } from "./walkback.ts";
 * console.log(walkbackStepSeed(7, 0)); // 7
 * console.log(walkbackStepSeed(7, 1) !== walkbackStepSeed(7, 2)); // true
 * ```
 */
export function walkbackStepSeed(seed: number, step: number): number {
  if (step === 0) return seed;
  return randomStream(seed, `walkback:step-${step}`).int(4294967296);
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new Error(`The walkback step count must be a positive integer, got ${k}: pass 1 or more`);
  }
}

/**
 * Build Bahdanau & Jaeger's denoising autoencoder with walkback training. Train it with
 * `train`; the paper's settings (Sec. 5.3) are plain SGD, batch 20, learning rate 0.1
 * multiplied by the annealing rate α = 0.99 or 0.999 after every epoch, 100 to 500 epochs.
 *
 * @param options sizes, corruption sigma, walkback steps k, tying, initialisation
 * @returns the model, trainable by `train`
 *
 * @example Walkback with k = 3 on a tiny model
 * ```ts
 * import { tf } from "../tf.ts";
 * import { walkbackDae } from "./walkback.ts";
 * const dae = walkbackDae({ inputs: 16, hidden: 8, sigma: 0.7, walkbackK: 3, seed: 1 });
 * const x = tf.randomUniform([4, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * console.log(dae.walkback(x, { training: true, seed: 5 }).length); // 3
 * const loss = dae.loss({ x }, { training: true, seed: 5 });
 * console.log((await loss.data())[0] > 0); // true
 * console.log(dae.reconstruct(x).shape); // [4, 16]
 * dae.dispose();
 * ```
 *
 * @example The paper's defaults
 * ```ts
 * import { walkbackDae } from "./walkback.ts";
 * const dae = walkbackDae();
 * console.log(dae.config.hidden, dae.config.sigma, dae.config.tied); // 500 0.5 false
 * dae.dispose();
 * ```
 */
export function walkbackDae(options: WalkbackDaeOptions = {}): WalkbackDae {
  const config = {
    inputs: options.inputs ?? 784, // MNIST (Sec. 5.1)
    hidden: options.hidden ?? 500, // Sec. 5.2
    sigma: options.sigma ?? 0.5, // Sec. 5.2: the "middle" corruption level
    walkbackK: options.walkbackK ?? 1, // Sec. 5.3: k = 1 is the usual DAE
    chainNoise: options.chainNoise ?? "first", // Eq. 8: r^i(x~), one corruption
    tied: options.tied ?? false, // Sec. 5.2: "We did not tie weights in most of the experiments"
    initStd: options.initStd ?? "glorot", // Sec. 5.3
    seed: options.seed ?? 0,
  };
  checkK(config.walkbackK);
  if (config.chainNoise !== "first" && config.chainNoise !== "every") {
    throw new Error(
      `chainNoise must be "first" (Eq. 8) or "every" (Bengio et al., 2013), got ` +
        `${JSON.stringify(config.chainNoise)}`,
    );
  }
  if (!(config.sigma >= 0)) {
    throw new Error(
      `The corruption sigma must be a standard deviation >= 0, got ${config.sigma}`,
    );
  }
  const ae = autoencoder({
    inputs: config.inputs,
    hidden: config.hidden,
    activation: "sigmoid", // Sec. 5.2: f = sigma
    output: "sigmoid", // Sec. 5.2: g = sigma
    loss: "squared-error", // Sec. 5.2: "The optimization objective was MSE"
    tied: config.tied,
    inputNoiseStd: config.sigma,
    initStd: config.initStd,
    seed: config.seed,
  });

  /** Not tidied: callers run it inside tf.tidy. */
  const chain = (x: Tensor2D, ctx: NoiseContext | undefined, k: number): Tensor2D[] => {
    const training = ctx?.training ?? false;
    const seed = ctx?.seed ?? 0;
    const out: Tensor2D[] = [];
    let previous = x;
    for (let i = 0; i < k; i++) {
      const noisy = training && (i === 0 || config.chainNoise === "every");
      const input = noisy ? ae.corrupt(previous, walkbackStepSeed(seed, i)) : previous;
      previous = ae.reconstruct(input);
      out.push(previous);
    }
    return out;
  };

  return {
    config,
    autoencoder: ae,
    params: ae.params,
    encode: ae.encode,
    reconstruct: ae.reconstruct,
    corrupt: ae.corrupt,
    walkback(x, ctx, k = config.walkbackK) {
      checkK(k);
      // keep every step: tidy returns the array's tensors and frees the corrupted inputs
      return tf.tidy(() => chain(x, ctx, k));
    },
    loss(batch, ctx) {
      return tf.tidy(() => {
        const steps = chain(batch.x, ctx, config.walkbackK);
        // Eq. 8: (1 / k) sum_i Err(x, r^i), Err = ||x - r^i||^2 per example, batch mean
        const errors = steps.map((r) => tf.sum(tf.squaredDifference(batch.x, r), 1));
        return tf.div(tf.mean(tf.addN(errors)), config.walkbackK) as Scalar;
      });
    },
    dispose: ae.dispose,
  };
}
