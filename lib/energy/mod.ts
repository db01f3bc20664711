/**
 * Energies of autoencoders (Kamyshanska & Memisevic): the potential energy of a tied-weight
 * autoencoder for each activation of Sec. 2.3, its vector field, and the vector calculus of
 * Sec. 3 (Laplacian, absorbing criterion, contraction penalty).
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { energy, energyField } from "./mod.ts";
 * const p = {
 *   W: tf.randomNormal([4, 3], 0, 0.5, "float32", 1) as tf.Tensor2D,
 *   b: tf.zeros([3]) as tf.Tensor1D,
 *   bOut: tf.zeros([4]) as tf.Tensor1D,
 * };
 * const x = tf.randomUniform([2, 4], 0, 1, "float32", 2) as tf.Tensor2D;
 * // footnote 1: the gradient of the energy is the autoencoder's vector field r(x) - x
 * const g = tf.grad((v: tf.Tensor) => tf.sum(energy(p, v as tf.Tensor2D, { activation: "tanh" })))(x);
 * const f = energyField(p, x, { activation: "tanh" });
 * console.log((tf.max(tf.abs(tf.sub(g, f))).arraySync() as number) < 1e-5); // true
 * ```
 *
 * @module
 */
export {
  energy,
  ENERGY_ACTIVATIONS,
  energyActivation,
  energyField,
  hiddenInput,
  isEnergyActivation,
  PRINTED_ENERGY_TERMS,
  reconstruct,
} from "./energy.ts";
export type {
  EnergyActivation,
  EnergyActivationName,
  EnergyOptions,
  TiedWeights,
} from "./energy.ts";
export { absorbing, contractionPenalty, laplacian } from "./calculus.ts";
