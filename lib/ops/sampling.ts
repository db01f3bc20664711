/**
 * The sampling pieces of the Boltzmann machines: seeded Bernoulli samples that a gradient tape
 * can record (a comparison has no gradient in tfjs, a step does), and the identity with a zero
 * gradient, so that samples count as constants in a contrastive-divergence loss.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor2D } from "../tf.ts";

/**
 * Binary samples, 1 with probability `p`: step(p - u) for u uniform in [0, 1), seeded.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { bernoulli } from "./sampling.ts";
 * console.log(bernoulli(tf.tensor2d([[0, 1]]), 3).arraySync()); // [[0, 1]]
 * ```
 */
export function bernoulli(p: Tensor2D, seed: number): Tensor2D {
  return tf.tidy(() => tf.step(tf.sub(p, tf.randomUniform(p.shape, 0, 1, "float32", seed))));
}

/**
 * The identity with a zero gradient: what flows back stops here.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { stopGradient } from "./sampling.ts";
 * const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(stopGradient(x as tf.Tensor2D), x)));
 * console.log(g(tf.tensor2d([[2, 3]])).arraySync()); // [[2, 3]]
 * ```
 */
export const stopGradient: (x: Tensor2D) => Tensor2D = tf.customGrad(
  ((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([]);
    return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  }) as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (x: Tensor2D) => Tensor2D;
