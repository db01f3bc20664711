/**
 * Class-specific autoencoders (CSAE, Kamyshanska & Memisevic Sec. 4): one tied autoencoder per
 * class, each scoring an input by its energy E_i(x) (Eq. 11), combined by a softmax with a
 * learned normalising constant C_i per class:
 *
 *   P(y_i | x) = exp(E_i(x) + C_i) / sum_j exp(E_j(x) + C_j)                  (Eq. 45)
 *
 * Training minimises the negative log of Eq. 45 (or a hinge loss, Sec. 4.7) with an L2 weight
 * decay (Sec. 4.4), after pretraining each autoencoder on its own class (Sec. 4.3; build with
 * {@link csaeFromAutoencoders}). With `learn: "normalization"` only the C_i train (Sec. 4.7,
 * "learn normalization"). Autoencoders with sigmoid outputs (data in [0, 1], Sec. 2.5) score
 * by Eq. 28's energy instead of Eq. 11's. The factored model of Sec. 4.1 is in
 * `csae_factored.ts`.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Batch, Trainable } from "../types.ts";
import {
  ENERGY_ACTIVATIONS,
  energyActivation,
  type EnergyActivationName,
} from "../energy/energy.ts";
import { initialWeights } from "../ops/noise.ts";
import type { ContractiveAutoencoder } from "./contractive.ts";

/** The discriminative loss of a class-specific model. */
export type CsaeLoss = "log" | "hinge";

/** What the discriminative objective trains. */
export type CsaeLearn = "all" | "normalization";

/** Options shared by the plain and the factored class-specific models. */
export interface CsaeTrainingOptions {
  /**
   * `"log"`: the negative log of Eq. 45 (the paper's choice); `"hinge"`: the multiclass hinge
   * max(0, 1 + max_{j != y} s_j - s_y) on the scores s = E + C (Sec. 4.7; the paper does not
   * say which multiclass hinge). Default `"log"`.
   */
  loss?: CsaeLoss;
  /** L2 weight decay on the weights, added as l2/2 ||W||^2 (Sec. 4.4 validates it). Default 0. */
  l2?: number;
  /** `"all"` parameters (Sec. 4.4) or the `"normalization"` constants C only (Sec. 4.7). */
  learn?: CsaeLearn;
}

/** The plain model's filter-norm option (not the factored model's). */
export interface CsaeNormOptions {
  /**
   * Keep the filters at a constant norm during training: after every step each filter (a
   * column of W_k) is rescaled to the mean filter norm of its class when the model was made.
   * Table 5 "normalized filters to have constant norm during the optimization" (Sec. 4.8, after
   * the gated softmax model); which norm is not said. Default false (plain, and the only
   * setting the model's `config` omits, so that checkpoints made before the option resume).
   */
  constantNorm?: boolean;
}

/** Options for {@link classSpecificAutoencoders}. */
export interface CsaeOptions extends CsaeTrainingOptions, CsaeNormOptions {
  /** Classes K. Default 10. */
  classes?: number;
  /** Input dimension. Default 784. */
  inputs?: number;
  /** Hidden units per autoencoder. Default 500 (one of Sec. 4.4's 100, 200, 300, 500). */
  hidden?: number;
  /** Hidden activation of every autoencoder. Default `"sigmoid"` (Table 2's best). */
  activation?: EnergyActivationName;
  /** Initial weights' standard deviation when not built from autoencoders. Default 0.01. */
  initStd?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
  /**
   * The autoencoders' outputs: `"linear"` (energy Eq. 11) or `"sigmoid"` (Eq. 28, data in
   * [0, 1]). The two energies differ by terms in x shared by every class and by the constant
   * -1/2 ||b_r||^2 of each class, so they give the same family of classifiers (C_i absorbs the
   * constant) from different starting points. Default `"linear"`.
   */
  output?: "linear" | "sigmoid";
}

/** The plain model's settings, defaults filled in; `constantNorm` present only when true. */
export type CsaeConfig = Readonly<Required<Omit<CsaeOptions, "constantNorm">>> & {
  readonly constantNorm?: true;
};

/** Defaults filled in, `constantNorm` kept only when true. */
function csaeConfig(defaults: Required<Omit<CsaeOptions, "constantNorm">>, options: CsaeOptions) {
  const { constantNorm = false, ...rest } = options;
  const config: CsaeConfig = {
    ...defaults,
    ...rest,
    ...(constantNorm ? { constantNorm: true as const } : {}),
  };
  checkCsaeTraining(config);
  return config;
}

/** A class-specific energy model: energies per class, scores, probabilities, a loss. */
export interface CsaeModel extends Trainable {
  /** Classes K. */
  readonly classes: number;
  /** E_i(x) for every class, [batch, classes], integration constants zero. */
  energies(x: Tensor2D): Tensor2D;
  /** The scores E_i(x) + C_i (the logits of Eq. 45), [batch, classes]. */
  logits(x: Tensor2D): Tensor2D;
  /** The loss of a labelled batch (see {@link CsaeTrainingOptions.loss}). */
  loss(batch: Batch): Scalar;
  /** Free every tensor. */
  dispose(): void;
}

/** The plain class-specific model: K tied autoencoders and their constants. */
export interface Csae extends CsaeModel {
  /** Settings, defaults filled in. */
  readonly config: CsaeConfig;
  /** Every tensor, trained or not: W [K, inputs, hidden], b [K, hidden], bOut [K, inputs], C [K]. */
  readonly tensors: { W: Variable; b: Variable; bOut: Variable; C: Variable };
}

/** Sum of an energy activation's antiderivative over the last axis of [batch, K, hidden]. */
export function hiddenEnergy(u: Tensor, activation: EnergyActivationName): Tensor2D {
  const [batch, k, hidden] = u.shape;
  const H = ENERGY_ACTIVATIONS[activation].H;
  return tf.reshape(H(tf.reshape(u, [batch * k, hidden]) as Tensor2D), [batch, k]) as Tensor2D;
}

/** -1/2 ||x - b_k||^2 for each row and class, [batch, K], from x [batch, D] and b [K, D]. */
export function biasEnergy(x: Tensor2D, bOut: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    const xx = tf.sum(tf.square(x), 1, true);
    const bb = tf.sum(tf.square(bOut), 1);
    const xb = tf.matMul(x, bOut, false, true);
    return tf.mul(-0.5, tf.add(tf.sub(xx, tf.mul(2, xb)), bb)) as Tensor2D;
  });
}

/**
 * The terms of Eq. 28 outside the hidden units for each row and class, [batch, K]:
 * b_k^T x plus the entropy -sum_j (x_j log x_j + (1 - x_j) log(1 - x_j)) (Eq. 29; 0 log 0 = 0).
 */
export function binaryBiasEnergy(x: Tensor2D, bOut: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    const xlogx = (v: Tensor) => tf.mul(v, tf.log(tf.maximum(v, 1e-30)));
    const entropy = tf.neg(tf.sum(tf.add(xlogx(x), xlogx(tf.sub(1, x))), 1, true));
    return tf.add(tf.matMul(x, bOut, false, true), entropy) as Tensor2D;
  });
}

/** The discriminative loss of scores [batch, K] against labels (Eq. 45 or the hinge). */
export function csaeObjective(scores: Tensor2D, labels: Tensor1D, loss: CsaeLoss): Scalar {
  return tf.tidy(() => {
    const k = scores.shape[1];
    const onehot = tf.oneHot(tf.cast(labels, "int32"), k);
    if (loss === "log") return tf.losses.softmaxCrossEntropy(onehot, scores) as Scalar;
    const own = tf.sum(tf.mul(scores, onehot), 1);
    const others = tf.max(tf.add(scores, tf.mul(onehot, -1e9)), 1);
    return tf.mean(tf.relu(tf.add(1, tf.sub(others, own)))) as Scalar;
  });
}

/** Check a training option set, naming the bad value. */
export function checkCsaeTraining(c: Required<CsaeTrainingOptions>): void {
  if (c.loss !== "log" && c.loss !== "hinge") {
    throw new Error(`CSAE: loss must be "log" or "hinge", got "${c.loss}"`);
  }
  if (c.learn !== "all" && c.learn !== "normalization") {
    throw new Error(`CSAE: learn must be "all" or "normalization", got "${c.learn}"`);
  }
  if (!(c.l2 >= 0)) throw new Error(`CSAE: l2 must be >= 0, got ${c.l2}`);
}

/** The labels of a batch, refused when absent or of another length than the inputs. */
export function checkLabels(batch: Batch): Tensor1D {
  if (!batch.y) throw new Error("CSAE: the loss needs labels: train on data with y");
  if (batch.y.shape[0] !== batch.x.shape[0]) {
    throw new Error(`CSAE: ${batch.y.shape[0]} labels for ${batch.x.shape[0]} rows`);
  }
  return batch.y;
}

/**
 * Build the plain CSAE model (Eq. 45) with random weights; {@link csaeFromAutoencoders}
 * builds it from pretrained per-class autoencoders instead.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { classSpecificAutoencoders } from "./csae.ts";
 * const m = classSpecificAutoencoders({ classes: 3, inputs: 4, hidden: 2, seed: 1 });
 * console.log(m.logits(tf.ones([5, 4])).shape); // [5, 3]
 * m.dispose();
 * ```
 */
export function classSpecificAutoencoders(options: CsaeOptions = {}): Csae {
  const config = csaeConfig({
    classes: 10,
    inputs: 784,
    hidden: 500,
    activation: "sigmoid",
    initStd: 0.01,
    seed: 0,
    output: "linear",
    loss: "log",
    l2: 0,
    learn: "all",
  }, options);
  energyActivation(config.activation, "CSAE"); // throws, naming the allowed ones
  checkOutput(config.output);

  const { classes: K, inputs: D, hidden: H } = config;
  const tensors = tf.tidy(() => ({
    W: tf.variable(
      tf.stack(
        Array.from(
          { length: K },
          (_, i) =>
            initialWeights([D, H], {
              init: config.initStd,
              seed: config.seed,
              label: `csae:W${i}`,
            }),
        ),
      ),
      config.learn === "all",
    ),
    b: tf.variable(tf.zeros([K, H]), config.learn === "all"),
    bOut: tf.variable(tf.zeros([K, D]), config.learn === "all"),
    C: tf.variable(tf.zeros([K])),
  }));
  return csaeOver(config, tensors);
}

function checkOutput(output: string): void {
  if (output !== "linear" && output !== "sigmoid") {
    throw new Error(`CSAE: output must be "linear" or "sigmoid", got "${output}"`);
  }
}

/** The model over given tensors (shared by the two constructors). */
function csaeOver(config: CsaeConfig, tensors: Csae["tensors"]): Csae {
  const { classes: K, inputs: D, hidden: H } = config;
  const energies = (x: Tensor2D): Tensor2D => {
    if (x.rank !== 2 || x.shape[1] !== D) {
      throw new Error(`CSAE: x must be [batch, ${D}], got [${x.shape}]`);
    }
    return tf.tidy(() => {
      // u_k = x W_k + b_k for every class at once: [batch, D] x [D, K * H]
      const Wall = tf.reshape(tf.transpose(tensors.W, [1, 0, 2]), [D, K * H]);
      const u = tf.add(tf.reshape(tf.matMul(x, Wall), [x.shape[0], K, H]), tensors.b);
      const bOut = tensors.bOut as unknown as Tensor2D;
      const rest = config.output === "sigmoid" ? binaryBiasEnergy(x, bOut) : biasEnergy(x, bOut);
      return tf.add(hiddenEnergy(u, config.activation), rest) as Tensor2D;
    });
  };
  const logits = (x: Tensor2D): Tensor2D =>
    tf.tidy(() => tf.add(energies(x), tensors.C) as Tensor2D);
  const params: Record<string, Variable> = config.learn === "all"
    ? { ...tensors }
    : { C: tensors.C };
  // each class's mean filter norm when the model is made, [K, 1, 1]: the norm kept
  const targetNorms = config.constantNorm
    ? tf.tidy(() => tf.mean(filterNorms(tensors.W), 2, true))
    : null;
  return {
    config,
    classes: K,
    tensors,
    params,
    energies,
    logits,
    loss(batch: Batch): Scalar {
      const y = checkLabels(batch);
      return tf.tidy(() => {
        const data = csaeObjective(logits(batch.x), y, config.loss);
        if (config.l2 === 0 || config.learn !== "all") return data;
        return tf.add(data, tf.mul(config.l2 / 2, tf.sum(tf.square(tensors.W)))) as Scalar;
      });
    },
    constrain() {
      if (!targetNorms || config.learn !== "all") return;
      tf.tidy(() => {
        const norms = filterNorms(tensors.W);
        tensors.W.assign(tf.mul(tensors.W, tf.div(targetNorms, tf.maximum(norms, 1e-12))));
      });
    },
    dispose() {
      for (const t of Object.values(tensors)) t.dispose();
      targetNorms?.dispose();
    },
  };
}

/** The norm of every filter (column) of W [K, inputs, hidden], as [K, 1, hidden]. */
function filterNorms(W: Tensor): Tensor {
  return tf.sqrt(tf.sum(tf.square(W), 1, true));
}

/**
 * The CSAE model from K pretrained autoencoders, one per class in class order (Sec. 4.3), with
 * the constants C at zero; the autoencoders are copied, not shared.
 *
 * @param autoencoders one tied autoencoder per class, all of one shape and activation
 * @param options the training options of the discriminative phase
 */
export function csaeFromAutoencoders(
  autoencoders: readonly ContractiveAutoencoder[],
  options: CsaeTrainingOptions & CsaeNormOptions = {},
): Csae {
  if (!autoencoders.length) throw new Error("csaeFromAutoencoders: pass one autoencoder per class");
  const first = autoencoders[0].config;
  for (const [i, ae] of autoencoders.entries()) {
    const c = ae.config;
    if (
      c.inputs !== first.inputs || c.hidden !== first.hidden ||
      c.activation !== first.activation || c.output !== first.output
    ) {
      throw new Error(
        `csaeFromAutoencoders: autoencoder ${i} is ${c.inputs}-${c.hidden} ${c.activation} ` +
          `with ${c.output} outputs, autoencoder 0 is ${first.inputs}-${first.hidden} ` +
          `${first.activation} with ${first.output} outputs: pass one shape, activation and output`,
      );
    }
  }
  const config = csaeConfig({
    classes: autoencoders.length,
    inputs: first.inputs,
    hidden: first.hidden,
    activation: first.activation,
    initStd: 0,
    seed: 0,
    output: first.output,
    loss: "log",
    l2: 0,
    learn: "all",
  }, options);
  const trainable = config.learn === "all";
  const tensors = tf.tidy(() => ({
    W: tf.variable(tf.stack(autoencoders.map((a) => a.params.W)), trainable),
    b: tf.variable(tf.stack(autoencoders.map((a) => a.params.b)), trainable),
    bOut: tf.variable(tf.stack(autoencoders.map((a) => a.params.bOut)), trainable),
    C: tf.variable(tf.zeros([autoencoders.length])),
  }));
  return csaeOver(config, tensors);
}

/**
 * Start the normalising constants at minus each class model's mean energy over the rows `x`:
 * C_i = -mean_x E_i(x), so that every score E_i(x) + C_i of Eq. 45 has mean zero there. The
 * constants are what Eq. 45 learns from labels; this only sets where fine-tuning starts them
 * (zero otherwise). Each E_i carries an offset of its own, a sum over its hidden units, so with
 * many hidden units the constants at zero leave the scores far apart and the first steps of
 * fine-tuning undo that offset instead of classifying.
 *
 * @param model a plain class-specific model
 * @param x rows to average over, [rows, inputs] (for example a sample of the training rows)
 * @returns the constants set, one per class
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { centreConstants, classSpecificAutoencoders } from "./csae.ts";
 * const m = classSpecificAutoencoders({ classes: 2, inputs: 3, hidden: 4 });
 * const x = tf.tensor2d([[0.1, 0.5, 0.9], [0.3, 0.2, 0.4]]);
 * centreConstants(m, x);
 * const mean = tf.mean(m.logits(x), 0);
 * console.log(Math.max(...Array.from(mean.dataSync()).map(Math.abs)) < 1e-5); // true
 * ```
 */
export function centreConstants(model: Csae, x: Tensor2D): Float32Array {
  if (x.rank !== 2 || x.shape[0] < 1) {
    throw new Error(`centreConstants: x must be [rows, ${model.config.inputs}] with rows >= 1`);
  }
  tf.tidy(() => {
    model.tensors.C.assign(tf.neg(tf.mean(model.energies(x), 0)));
  });
  return model.tensors.C.dataSync() as Float32Array;
}
