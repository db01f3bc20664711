/**
 * Vector calculus of a tied-weight autoencoder (Kamyshanska & Memisevic, Sec. 3): the
 * divergence of its vector field, equal to the Laplacian of its energy, the absorbing
 * criterion, and the contraction penalty of Rifai et al. (2011).
 *
 * With u = W x + b_h and w_k the weights of hidden unit k (column k of W here):
 *
 *   Laplacian  Delta E(x) = sum_k h'(u_k) ||w_k||^2 - D                          (Eq. 38)
 *   absorbing  sum_k h'(u_k) ||w_k||^2 < D  (x is a sink of the dynamics)        (Eq. 39)
 *   contraction  ||J_h(x)||_F^2 = sum_k h'(u_k)^2 ||w_k||^2                      (Eq. 40)
 *
 * PCA (linear units, orthonormal W) has the constant Laplacian d - D (Eq. 42); k-means (max
 * units) has -D everywhere (Eq. 44).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor1D, Tensor2D } from "../tf.ts";
import {
  energyActivation,
  type EnergyActivationName,
  hiddenInput,
  type TiedWeights,
} from "./energy.ts";

/** ||w_k||^2 per hidden unit, [hidden]. */
function unitNorms(p: TiedWeights): Tensor1D {
  return tf.sum(tf.square(p.W), 0) as Tensor1D;
}

function derivative(p: TiedWeights, x: Tensor2D, activation: EnergyActivationName): Tensor2D {
  const a = energyActivation(activation, "calculus");
  return a.dh(hiddenInput(p, x));
}

/**
 * The Laplacian of the energy, equal to the divergence of r(x) - x, per row (Eq. 38).
 *
 * @param p the tied weights and biases
 * @param x rows, [batch, inputs]
 * @param activation the hidden activation. Default `"sigmoid"`.
 * @returns [batch]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { laplacian } from "./calculus.ts";
 * // PCA with d = 1 of D = 3 dimensions: d - D = -2 everywhere (Eq. 42)
 * const p = { W: tf.tensor2d([[1], [0], [0]]), b: tf.zeros([1]) as tf.Tensor1D, bOut: tf.zeros([3]) as tf.Tensor1D };
 * console.log(laplacian(p, tf.tensor2d([[0.3, 1, -2]]), "linear").arraySync()); // [-2]
 * ```
 */
export function laplacian(
  p: TiedWeights,
  x: Tensor2D,
  activation: EnergyActivationName = "sigmoid",
): Tensor1D {
  return tf.tidy(() => {
    const dh = derivative(p, x, activation);
    const D = p.W.shape[0];
    return tf.sub(tf.sum(tf.mul(dh, unitNorms(p)), 1), D) as Tensor1D;
  });
}

/**
 * Whether the autoencoder is absorbing at each row: the row is a sink of its dynamics, the
 * Laplacian of the energy negative (Eq. 39).
 *
 * @returns [batch], 1 where absorbing and 0 elsewhere
 */
export function absorbing(
  p: TiedWeights,
  x: Tensor2D,
  activation: EnergyActivationName = "sigmoid",
): Tensor1D {
  return tf.tidy(() => tf.cast(tf.less(laplacian(p, x, activation), 0), "float32") as Tensor1D);
}

/**
 * The contraction penalty, the squared Frobenius norm of the Jacobian of the hidden units
 * with respect to the input, per row (Eq. 40; Rifai et al. 2011).
 *
 * @returns [batch]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { contractionPenalty } from "./calculus.ts";
 * const p = { W: tf.tensor2d([[3], [4]]), b: tf.zeros([1]) as tf.Tensor1D, bOut: tf.zeros([2]) as tf.Tensor1D };
 * // sigmoid at u = 0: h' = 1/4, so (1/4)^2 * ||w||^2 = 25 / 16
 * console.log(contractionPenalty(p, tf.tensor2d([[0, 0]])).arraySync()); // [1.5625]
 * ```
 */
export function contractionPenalty(
  p: TiedWeights,
  x: Tensor2D,
  activation: EnergyActivationName = "sigmoid",
): Tensor1D {
  return tf.tidy(() => {
    const dh = derivative(p, x, activation);
    return tf.sum(tf.mul(tf.square(dh), unitNorms(p)), 1) as Tensor1D;
  });
}
