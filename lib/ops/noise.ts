/**
 * The random tensors of the models, written once: the corruptions and dropout they train with
 * (drawn by tfjs random ops from the trainer's per-step seed) and their random initial weights
 * (drawn on the CPU from a seeded {@link randomStream}, so they are the same on every backend).
 *
 * - masking noise (Vincent et al., 2008), the "input dropout" of denoising autoencoders
 *   (Makhzani & Frey, Table 1);
 * - inverted dropout (Hinton et al., 2012; Makhzani & Frey, Table 1 "50% hidden");
 * - additive Gaussian noise (Bahdanau & Jaeger, Sec. 5);
 * - Gaussian (Makhzani & Frey, Sec. 4.2.2: sigma = 0.01) or Glorot-uniform (Glorot & Bengio,
 *   2010; Bahdanau & Jaeger, Sec. 5.3) initial weights, or given ones, as tfjs variables.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D, Variable } from "../tf.ts";
import { normalArray, randomStream, uniformArray } from "../random.ts";

/**
 * A seed for one consumer of a step's randomness, derived from the step's seed and a label,
 * so that noises drawn in the same step (input mask, Gaussian corruption, hidden dropout) are
 * independent of each other and each repeats exactly for the same step.
 *
 * @param seed the trainer's `ctx.seed`
 * @param label names the consumer (e.g. "autoencoder:input-mask")
 * @returns a seed for a tfjs random op, in [0, 2^32)
 *
 * @example
 * ```ts
 * import { noiseSeed } from "./noise.ts";
 * console.log(noiseSeed(5, "mask") === noiseSeed(5, "mask")); // true
 * console.log(noiseSeed(5, "mask") !== noiseSeed(5, "dropout")); // true
 * ```
 */
export function noiseSeed(seed: number, label: string): number {
  return randomStream(seed, label).int(4294967296);
}

/**
 * Checks that a noise or dropout rate is a probability in [0, 1).
 *
 * @param name what the rate is, for the message (e.g. "input dropout")
 * @param rate the rate
 * @throws Error when `rate` is outside [0, 1) or not a number
 *
 * @example
 * ```ts
 * import { checkNoiseRate } from "./noise.ts";
 * checkNoiseRate("dropout", 0.5); // fine
 * try {
 *   checkNoiseRate("dropout", 1);
 * } catch (e) {
 *   console.log((e as Error).message); // The dropout rate must be in [0, 1), got 1: ...
 * }
 * ```
 */
export function checkNoiseRate(name: string, rate: number): void {
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
 * import { maskingNoise } from "./noise.ts";
 * const x = tf.ones([100, 100]);
 * const kept = tf.mean(maskingNoise(x, 0.2, 7)).dataSync()[0];
 * console.log(kept > 0.78 && kept < 0.82); // true
 * ```
 */
export function maskingNoise<T extends Tensor>(x: T, rate: number, seed: number): T {
  checkNoiseRate("masking noise", rate);
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
 * import { dropout } from "./noise.ts";
 * const h = dropout(tf.ones([2, 4]), 0.5, 3);
 * console.log(h.dataSync().every((v) => v === 0 || v === 2)); // true
 * ```
 */
export function dropout<T extends Tensor>(x: T, rate: number, seed: number): T {
  checkNoiseRate("dropout", rate);
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
 * import { gaussianNoise } from "./noise.ts";
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
 * A random weight initialisation: a number is the standard deviation of a zero-mean Gaussian
 * (Makhzani & Frey, Sec. 4.2.2: 0.01); `"glorot"` is the uniform distribution on [-a, a] with
 * a = sqrt(6 / (fanIn + fanOut)) of Glorot & Bengio (2010), used by Bahdanau & Jaeger.
 */
export type WeightInit = number | "glorot";

/** Options for {@link initialWeights} and {@link initialWeightValues}. */
export interface InitialWeightsOptions {
  /** The distribution (see {@link WeightInit}). Default 0.01 (Makhzani & Frey, Sec. 4.2.2). */
  init?: WeightInit;
  /** Seed of the stream. Default 0. */
  seed?: number;
  /** Label of the stream, so two weight matrices of one model draw different numbers. */
  label?: string;
}

/**
 * Random initial weights of shape [fanIn, fanOut], row-major, from the seeded stream
 * `randomStream(seed, label)`: the numbers {@link initialWeights} puts in a tensor.
 *
 * @param shape [fanIn, fanOut]
 * @param options `init` (default 0.01), `seed` (default 0) and `label` (default "weights")
 * @returns fanIn * fanOut values
 *
 * @example
 * ```ts
 * import { initialWeightValues } from "./noise.ts";
 * import { normalArray, randomStream } from "../random.ts";
 * const w = initialWeightValues([2, 3], { init: 1, seed: 4, label: "D" });
 * console.log(w.join() === normalArray(randomStream(4, "D"), 6).join()); // true
 * ```
 */
export function initialWeightValues(
  shape: readonly [number, number],
  options: InitialWeightsOptions = {},
): Float32Array {
  const [fanIn, fanOut] = shape;
  const init = options.init ?? 0.01;
  const rng = randomStream(options.seed ?? 0, options.label ?? "weights");
  const n = fanIn * fanOut;
  if (init === "glorot") {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return uniformArray(rng, n, -a, a);
  }
  if (typeof init !== "number" || !(init >= 0)) {
    throw new Error(
      `The weight initialisation must be a standard deviation >= 0 or "glorot", got ${init}`,
    );
  }
  return normalArray(rng, n, init);
}

/**
 * Random initial weights of shape [fanIn, fanOut] from a seeded stream, drawn on the CPU so
 * they are the same on every backend (see {@link initialWeightValues}).
 *
 * @param shape [fanIn, fanOut]
 * @param options `init` (see {@link WeightInit}; default 0.01), `seed` and `label` of the stream
 * @returns a new tensor
 *
 * @example
 * ```ts
 * import { initialWeights } from "./noise.ts";
 * const w = initialWeights([3, 2], { init: "glorot", seed: 1, label: "demo" });
 * console.log(w.shape, w.dataSync().every((v) => Math.abs(v) <= 1.1)); // [3, 2] true
 * ```
 */
export function initialWeights(
  shape: [number, number],
  options: InitialWeightsOptions = {},
): Tensor2D {
  return tf.tensor2d(initialWeightValues(shape, options), shape);
}

/**
 * A variable holding a given initial value of `shape` (a row-major Float32Array, or a tensor
 * that is copied), or `initial()` when no value is given: the parameters of a model built
 * from trained weights (an encoder's, for fine-tuning) or at random.
 *
 * @param value the given initial value, or undefined
 * @param shape the parameter's shape
 * @param what the parameter, for error messages (e.g. "Layer 0 W")
 * @param initial the default value, e.g. `() => initialWeights(shape, ...)` or `tf.zeros`
 * @returns a new variable; the caller disposes it
 * @throws Error when the given value does not have `shape`
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { initialVariable, initialWeights } from "./noise.ts";
 * const given = initialVariable(new Float32Array([1, 2, 3, 4]), [2, 2], "W", () => tf.zeros([2, 2]));
 * const random = initialVariable(undefined, [2, 2], "W", () => initialWeights([2, 2]));
 * console.log(given.dataSync(), random.shape); // Float32Array(4) [1, 2, 3, 4] [2, 2]
 * given.dispose();
 * random.dispose();
 * ```
 */
export function initialVariable(
  value: Float32Array | Tensor | undefined,
  shape: number[],
  what: string,
  initial: () => Tensor,
): Variable {
  if (value === undefined) return tf.tidy(() => tf.variable(initial()));
  const size = shape.reduce((a, b) => a * b, 1);
  if (value instanceof Float32Array) {
    if (value.length !== size) {
      throw new Error(
        `${what} has ${value.length} values but [${shape}] needs ${size}: ` +
          `pass it row-major as [${shape.join(", ")}]`,
      );
    }
    return tf.tidy(() => tf.variable(tf.tensor(value, shape)));
  }
  if (value.shape.join("x") !== shape.join("x")) {
    throw new Error(
      `${what} has shape [${value.shape}] but the layer needs [${shape}]: ` +
        `pass weights as [inputs, units]`,
    );
  }
  return tf.tidy(() => tf.variable(tf.cast(value, "float32").clone()));
}
