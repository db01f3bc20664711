/**
 * Class-specific models built on top of a trained one, leaving its autoencoders as they are:
 *
 * - the "energies" variant of Kamyshanska & Memisevic Sec. 4.7: "compute for each sample x a
 *   vector of energies (E_1(x), ..., E_m(x)), setting the unknown integration constants to zero,
 *   and train a linear classifier on labeled energy vectors" (their ref. [2]);
 *   {@link energyLinearClassifier};
 * - adding a class to a trained model without retraining the others: a new class-specific
 *   autoencoder, pretrained on its own class, joins the softmax of Eq. 45 and only its own
 *   parameters and the normalising constants learn; {@link addClass}. The paper points at it
 *   (Sec. 5: a class "represented not just by a weight vector, but by a dynamic sub-network");
 *   it does not run it.
 *
 * In both, gradients reach only the new model's `params`: the trainer differentiates the loss
 * with respect to those, so the base model's tensors stay fixed.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor2D, Variable } from "../tf.ts";
import type { Batch } from "../types.ts";
import { checkLabels, type CsaeLoss, type CsaeModel, csaeObjective } from "./csae.ts";
import type { ContractiveAutoencoder } from "./contractive.ts";
import { type ArrayData, columnMoments, mapRows } from "../data/rows.ts";

/** Options of {@link energyLinearClassifier}. */
export interface EnergyClassifierOptions {
  /** `"log"` (softmax cross-entropy, the default) or `"hinge"`. */
  loss?: CsaeLoss;
  /** L2 weight decay on the classifier's weights V, as l2/2 ||V||^2. Default 0. */
  l2?: number;
  /**
   * Standardise each class's energy before the classifier, (E_k - mean_k) / std_k, with the
   * statistics given (from the training rows: {@link energyStatistics}). The model is the same
   * linear classifier, reparametrised: energies run in the hundreds with offsets of their own,
   * and a first-order optimizer moves the bias c by about its rate per step, so unscaled
   * energies take hundreds of epochs to centre. Default: the raw energies.
   */
  standardize?: { mean: readonly number[]; std: readonly number[] };
}

/**
 * The mean and standard deviation of each class's energy over the rows of `data` (integration
 * constants zero), for {@link EnergyClassifierOptions.standardize}; computed in batches.
 *
 * @param base a class-specific model
 * @param data rows
 * @param batchSize rows per batch (default 1000)
 * @returns per class, the mean and the standard deviation (at least 1e-6)
 *
 * @example
 * ```ts
 * import { classSpecificAutoencoders } from "./csae.ts";
 * import { energyStatistics } from "./csae_extend.ts";
 * const base = classSpecificAutoencoders({ classes: 2, inputs: 3, hidden: 2, seed: 1 });
 * const s = await energyStatistics(base, { x: new Float32Array(30).fill(0.5), n: 10, features: 3 });
 * console.log(s.mean.length, s.std); // 2 [ 0.000001, 0.000001 ]
 * base.dispose();
 * ```
 */
export async function energyStatistics(
  base: CsaeModel,
  data: ArrayData,
  batchSize = 1000,
): Promise<{ mean: number[]; std: number[] }> {
  const energies = await mapRows(data, (x) => base.energies(x), { batchSize });
  const { mean, std } = columnMoments(energies);
  return { mean, std: std.map((v) => Math.max(v, 1e-6)) };
}

/** A linear classifier on the energies of a class-specific model. */
export interface EnergyClassifier extends CsaeModel {
  /** V [K, K] (starts at the identity) and c [K] (starts at zero). */
  params: { V: Variable; c: Variable };
}

/**
 * The "energies" model of Sec. 4.7: scores s = E(x) V + c on the base model's energies (its
 * integration constants C are not used), V and c trained, the autoencoders fixed. V starts at
 * the identity, so before training the scores are the base model's energies (standardised
 * per class with `standardize`).
 *
 * @param base a trained class-specific model (plain or factored); it stays owned by the caller
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { classSpecificAutoencoders } from "./csae.ts";
 * import { energyLinearClassifier } from "./csae_extend.ts";
 * const base = classSpecificAutoencoders({ classes: 3, inputs: 4, hidden: 2, seed: 1 });
 * const m = energyLinearClassifier(base);
 * const x = tf.ones([2, 4]) as tf.Tensor2D;
 * console.log(Object.keys(m.params), m.logits(x).shape); // [ "V", "c" ] [2, 3]
 * m.dispose();
 * base.dispose();
 * ```
 */
export function energyLinearClassifier(
  base: CsaeModel,
  options: EnergyClassifierOptions = {},
): EnergyClassifier {
  const loss = options.loss ?? "log";
  const l2 = options.l2 ?? 0;
  if (loss !== "log" && loss !== "hinge") {
    throw new Error(`energyLinearClassifier: loss must be "log" or "hinge", got "${loss}"`);
  }
  if (!(l2 >= 0)) throw new Error(`energyLinearClassifier: l2 must be >= 0, got ${l2}`);
  const K = base.classes;
  const scale = options.standardize;
  if (
    scale && (scale.mean.length !== K || scale.std.length !== K || scale.std.some((v) => !(v > 0)))
  ) {
    throw new Error(
      `energyLinearClassifier: standardize needs ${K} means and ${K} positive standard ` +
        `deviations (energyStatistics gives them), got ${scale.mean.length} and ${scale.std.length}`,
    );
  }
  const params = {
    V: tf.variable(tf.eye(K), true, undefined),
    c: tf.variable(tf.zeros([K])),
  };
  const shift = scale ? tf.tensor1d([...scale.mean]) : null;
  const spread = scale ? tf.tensor1d([...scale.std]) : null;
  const features = (x: Tensor2D): Tensor2D =>
    tf.tidy(() => {
      const e = base.energies(x);
      return shift && spread ? tf.div(tf.sub(e, shift), spread) as Tensor2D : e;
    });
  const logits = (x: Tensor2D): Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(features(x), params.V), params.c) as Tensor2D);
  return {
    classes: K,
    params,
    energies: (x) => base.energies(x),
    logits,
    loss(batch: Batch): Scalar {
      const y = checkLabels(batch);
      return tf.tidy(() => {
        const data = csaeObjective(logits(batch.x), y, loss);
        if (l2 === 0) return data;
        return tf.add(data, tf.mul(l2 / 2, tf.sum(tf.square(params.V)))) as Scalar;
      });
    },
    dispose() {
      params.V.dispose();
      params.c.dispose();
      shift?.dispose();
      spread?.dispose();
    },
  };
}

/** What learns when a class is added. */
export type AddedClassLearning = "normalization" | "new-class";

/** Options of {@link addClass}. */
export interface AddClassOptions {
  /**
   * `"new-class"` (default): the new autoencoder's W, b, b_r and all K + 1 constants;
   * `"normalization"`: the constants only (the new autoencoder keeps its pretrained weights).
   */
  learn?: AddedClassLearning;
  /** `"log"` (the negative log of Eq. 45, default) or `"hinge"`. */
  loss?: CsaeLoss;
  /** L2 weight decay on the new autoencoder's W, as l2/2 ||W||^2. Default 0. */
  l2?: number;
}

/** A class-specific model with one class added to a trained one. */
export interface ExtendedCsae extends CsaeModel {
  /** The constants C' [K + 1] (offsets on the base model's scores) and, for "new-class", the
   * new autoencoder's W, b and bOut. */
  params: Record<string, Variable>;
}

/**
 * Add class K (zero-based: the base model's classes are 0..K-1) to a trained class-specific
 * model: the scores are [E_0(x) + C_0, ..., E_{K-1}(x) + C_{K-1}, E_K(x)] + C', Eq. 45 over
 * K + 1 classes, with the base model fixed. Train it with the one trainer on labelled data of
 * all K + 1 classes (the new class's label is K).
 *
 * @param base a trained class-specific model (plain or factored), owned by the caller
 * @param autoencoder the new class's tied autoencoder, pretrained on its class; trained in
 *   place with `learn: "new-class"`, owned by the caller
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { classSpecificAutoencoders } from "./csae.ts";
 * import { contractiveAutoencoder } from "./contractive.ts";
 * import { addClass } from "./csae_extend.ts";
 * const base = classSpecificAutoencoders({ classes: 2, inputs: 4, hidden: 3, seed: 1 });
 * const ae = contractiveAutoencoder({ inputs: 4, hidden: 3, seed: 2 });
 * const m = addClass(base, ae);
 * console.log(m.classes, m.logits(tf.ones([5, 4]) as tf.Tensor2D).shape); // 3 [5, 3]
 * m.dispose();
 * ae.dispose();
 * base.dispose();
 * ```
 */
export function addClass(
  base: CsaeModel,
  autoencoder: ContractiveAutoencoder,
  options: AddClassOptions = {},
): ExtendedCsae {
  const learn = options.learn ?? "new-class";
  const loss = options.loss ?? "log";
  const l2 = options.l2 ?? 0;
  if (learn !== "normalization" && learn !== "new-class") {
    throw new Error(`addClass: learn must be "normalization" or "new-class", got "${learn}"`);
  }
  if (loss !== "log" && loss !== "hinge") {
    throw new Error(`addClass: loss must be "log" or "hinge", got "${loss}"`);
  }
  if (!(l2 >= 0)) throw new Error(`addClass: l2 must be >= 0, got ${l2}`);
  const K = base.classes + 1;
  const C = tf.variable(tf.zeros([K]));
  const params: Record<string, Variable> = learn === "new-class"
    ? { C, ...autoencoder.params }
    : { C };
  const energies = (x: Tensor2D): Tensor2D =>
    tf.tidy(() =>
      tf.concat([base.energies(x), tf.expandDims(autoencoder.energy(x), 1)], 1) as Tensor2D
    );
  const logits = (x: Tensor2D): Tensor2D =>
    tf.tidy(() =>
      tf.add(
        tf.concat([base.logits(x), tf.expandDims(autoencoder.energy(x), 1)], 1),
        C,
      ) as Tensor2D
    );
  return {
    classes: K,
    params,
    energies,
    logits,
    loss(batch: Batch): Scalar {
      const y = checkLabels(batch);
      return tf.tidy(() => {
        const data = csaeObjective(logits(batch.x), y, loss);
        if (l2 === 0 || learn !== "new-class") return data;
        return tf.add(data, tf.mul(l2 / 2, tf.sum(tf.square(autoencoder.params.W)))) as Scalar;
      });
    },
    dispose() {
      C.dispose();
    },
  };
}
