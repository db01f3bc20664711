/**
 * The factored class-specific autoencoder (Kamyshanska & Memisevic Sec. 4.1, Fig. 4): K
 * tied autoencoders whose weights share two class-independent factor matrices,
 *
 *   W^j_ik = sum_f W^x_if W^f_jf W^h_fk                                      (Eq. 48)
 *
 * so class j's hidden input is u^j = ((x W^x) * W^f_j) W^h + B^h_j (Eq. 46) and its
 * reconstruction r^j(x) = h(u^j) W^jT + B^r_j (Eq. 49-50). Each autoencoder has the energy of
 * Eq. 11; the classes combine by Eq. 45 as in the plain model. Pretraining (Sec. 4.3) trains
 * all classes at once on reconstruction, each example through its own class's weights
 * (`objective: "reconstruction"`, with masking noise: "the factored models were all
 * regularized using a denoising criterion", Sec. 4.2); fine-tuning uses
 * `objective: "discriminative"`.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Batch, StepContext } from "../types.ts";
import {
  ENERGY_ACTIVATIONS,
  energyActivation,
  type EnergyActivationName,
} from "../energy/energy.ts";
import { checkNoiseRate, initialWeights, maskingNoise, noiseSeed } from "../ops/noise.ts";
import {
  biasEnergy,
  checkCsaeTraining,
  checkLabels,
  type CsaeModel,
  csaeObjective,
  type CsaeTrainingOptions,
  hiddenEnergy,
} from "./csae.ts";

/** Options for {@link factoredCsae}. */
export interface FactoredCsaeOptions extends CsaeTrainingOptions {
  /** Classes K. Default 10. */
  classes?: number;
  /** Input dimension. Default 784. */
  inputs?: number;
  /** Factors F. Default 500 (Sec. 4.4 tried 100, 200, 300, 500). */
  factors?: number;
  /** Hidden units per class. Default 500. */
  hidden?: number;
  /** Hidden activation. Default `"sigmoid"`. */
  activation?: EnergyActivationName;
  /**
   * `"discriminative"` (Eq. 45, fine-tuning) or `"reconstruction"` (class-specific denoising
   * pretraining, Sec. 4.3). Default `"discriminative"`.
   */
  objective?: "discriminative" | "reconstruction";
  /** Masking noise of the reconstruction objective (Sec. 4.3: 0.2 or 0.5). Default 0.2. */
  corruption?: number;
  /** Initial weights' standard deviation. Default 0.01; the paper does not say. */
  initStd?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/** The factored CSAE. */
export interface FactoredCsae extends CsaeModel {
  /** Settings, defaults filled in. */
  readonly config: Readonly<Required<FactoredCsaeOptions>>;
  /** W^x [inputs, F], W^f [K, F], W^h [F, hidden], B^h [K, hidden], B^r [K, inputs], C [K]. */
  readonly tensors: Record<"Wx" | "Wf" | "Wh" | "Bh" | "Br" | "C", Variable>;
  /** Class j's tied weights W^j (Eq. 48), [inputs, hidden]. */
  classWeights(j: number): Tensor2D;
  /** The reconstruction of each row through its own class's autoencoder (Eq. 49). */
  reconstruct(x: Tensor2D, labels: Tensor2D | Tensor1D): Tensor2D;
  /** The loss of the configured objective. */
  loss(batch: Batch, ctx?: StepContext): Scalar;
}

/**
 * Build a factored class-specific autoencoder model.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { factoredCsae } from "./csae_factored.ts";
 * const m = factoredCsae({ classes: 3, inputs: 4, factors: 2, hidden: 5, seed: 1 });
 * console.log(m.energies(tf.ones([2, 4])).shape, m.classWeights(1).shape); // [2, 3] [4, 5]
 * m.dispose();
 * ```
 */
export function factoredCsae(options: FactoredCsaeOptions = {}): FactoredCsae {
  const config: Required<FactoredCsaeOptions> = {
    classes: 10,
    inputs: 784,
    factors: 500,
    hidden: 500,
    activation: "sigmoid",
    objective: "discriminative",
    corruption: 0.2,
    initStd: 0.01,
    seed: 0,
    loss: "log",
    l2: 0,
    learn: "all",
    ...options,
  };
  checkCsaeTraining(config);
  checkNoiseRate("corruption", config.corruption);
  if (config.objective === "reconstruction" && config.learn === "normalization") {
    throw new Error(
      'factoredCsae: the reconstruction objective trains the filters, not the constants C: pass learn: "all" or objective: "discriminative"',
    );
  }
  energyActivation(config.activation, "factoredCsae"); // throws, naming the allowed ones

  const { classes: K, inputs: D, factors: F, hidden: H } = config;
  const all = config.learn === "all";
  const init = (shape: [number, number], label: string) =>
    initialWeights(shape, {
      init: config.initStd,
      seed: config.seed,
      label: `factored-csae:${label}`,
    });
  const tensors = tf.tidy(() => ({
    Wx: tf.variable(init([D, F], "Wx"), all),
    // the class weights of the factors start at one: every class sees every factor
    Wf: tf.variable(tf.ones([K, F]), all),
    Wh: tf.variable(init([F, H], "Wh"), all),
    Bh: tf.variable(tf.zeros([K, H]), all),
    Br: tf.variable(tf.zeros([K, D]), all),
    C: tf.variable(tf.zeros([K])),
  }));
  const checkRows = (x: Tensor2D) => {
    if (x.rank !== 2 || x.shape[1] !== D) {
      throw new Error(`factoredCsae: x must be [batch, ${D}], got [${x.shape}]`);
    }
  };
  /** u for every class, [batch, K, hidden] (Eq. 46). */
  const hiddenInputs = (x: Tensor2D) => {
    const xf = tf.matMul(x, tensors.Wx); // [batch, F]
    const gated = tf.mul(tf.expandDims(xf, 1), tensors.Wf); // [batch, K, F]
    const u = tf.matMul(tf.reshape(gated, [-1, F]), tensors.Wh); // [batch * K, H]
    return tf.add(tf.reshape(u, [x.shape[0], K, H]), tensors.Bh);
  };
  const energies = (x: Tensor2D): Tensor2D => {
    checkRows(x);
    return tf.tidy(() =>
      tf.add(
        hiddenEnergy(hiddenInputs(x), config.activation),
        biasEnergy(x, tensors.Br as unknown as Tensor2D),
      ) as Tensor2D
    );
  };
  const logits = (x: Tensor2D): Tensor2D =>
    tf.tidy(() => tf.add(energies(x), tensors.C) as Tensor2D);
  const reconstruct = (x: Tensor2D, labels: Tensor2D | Tensor1D): Tensor2D =>
    tf.tidy(() => {
      checkRows(x);
      const t = labels.rank === 1 ? tf.oneHot(tf.cast(labels, "int32"), K).toFloat() : labels; // [batch, K]
      const wf = tf.matMul(t, tensors.Wf); // each row's class factor weights, [batch, F]
      const u = tf.add(
        tf.matMul(tf.mul(tf.matMul(x, tensors.Wx), wf), tensors.Wh),
        tf.matMul(t, tensors.Bh),
      );
      const h = ENERGY_ACTIVATIONS[config.activation].h(u as Tensor2D);
      // Eq. 49-50: h W^jT = ((h W^hT) * w^f_j) W^xT
      const back = tf.matMul(
        tf.mul(tf.matMul(h, tensors.Wh, false, true), wf),
        tensors.Wx,
        false,
        true,
      );
      return tf.add(back, tf.matMul(t, tensors.Br)) as Tensor2D;
    });
  // pretraining on reconstruction has no use for the constants; "normalization" trains only them
  const { C, ...weights } = tensors;
  const params: Record<string, Variable> = config.objective === "reconstruction"
    ? weights
    : all
    ? { ...tensors }
    : { C };
  return {
    config,
    classes: K,
    tensors,
    params,
    energies,
    logits,
    reconstruct,
    classWeights: (j) =>
      tf.tidy(() =>
        tf.matMul(tf.mul(tensors.Wx, tf.slice(tensors.Wf, [j, 0], [1, F])), tensors.Wh) as Tensor2D
      ),
    loss(batch: Batch, ctx?: StepContext): Scalar {
      const y = checkLabels(batch);
      return tf.tidy(() => {
        let data: Scalar;
        if (config.objective === "reconstruction") {
          const input = ctx?.training && config.corruption > 0
            ? maskingNoise(batch.x, config.corruption, noiseSeed(ctx.seed, "factored-csae:mask"))
            : batch.x;
          const r = reconstruct(input, y);
          data = tf.mean(tf.sum(tf.square(tf.sub(r, batch.x)), 1)) as Scalar;
        } else data = csaeObjective(logits(batch.x), y, config.loss);
        if (config.l2 === 0 || !all) return data;
        const decay = tf.addN(
          [tensors.Wx, tensors.Wf, tensors.Wh].map((w) => tf.sum(tf.square(w))),
        );
        return tf.add(data, tf.mul(config.l2 / 2, decay)) as Scalar;
      });
    },
    dispose() {
      for (const t of Object.values(tensors)) t.dispose();
    },
  };
}
