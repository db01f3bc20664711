/**
 * Tied-weight autoencoders regularised as in Kamyshanska & Memisevic (Sec. 4.2-4.3): the
 * contraction penalty of Rifai et al. (2011) for differentiable activations, masking noise
 * (denoising, Vincent et al. 2008) for the others, and optionally filters normalised to equal
 * norm after each step. Their hidden units are any activation with an energy
 * (`lib/energy`), so every trained model has an energy `E(x)` and a vector field.
 *
 *   r(x) = h(x W + b) W^T + b_r                                    (Eq. 8)
 *   loss = mean ||r(x~) - x||^2 + lambda mean sum_k h'(u_k)^2 ||w_k||^2   (Eq. 3, 40)
 *
 * with x~ = x, or x with a fraction of its inputs zeroed (denoising). With sigmoid outputs
 * (`output: "sigmoid"`, data in [0, 1], Sec. 2.5) the reconstruction is
 * r(x) = sigmoid(h(x W + b) W^T + b_r) (Eq. 4), the error the cross-entropy
 * -sum_i [x_i log r_i + (1 - x_i) log(1 - r_i)] (the loss "usually" used then, Sec. 2), and the
 * energy Eq. 28's.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";
import {
  checkNoiseRate,
  initialWeights,
  maskingNoise,
  noiseSeed,
  type WeightInit,
} from "../ops/noise.ts";
import {
  energy,
  ENERGY_ACTIVATIONS,
  energyActivation,
  type EnergyActivationName,
  type TiedWeights,
} from "../energy/energy.ts";
import { contractionPenalty } from "../energy/calculus.ts";

/** Options for {@link contractiveAutoencoder}. */
export interface ContractiveOptions {
  /** Input dimension. Default 784 (MNIST). */
  inputs?: number;
  /** Hidden units. Default 500 (one of Sec. 4.4's 100, 200, 300, 500). */
  hidden?: number;
  /** Hidden activation, one with an energy. Default `"sigmoid"`. */
  activation?: EnergyActivationName;
  /**
   * Weight lambda of the contraction penalty (Eq. 40). Default 0.5 (Sec. 4.3 tried 0.2, 0.5
   * and 1.0). Needs a differentiable activation (not relu, modulus or max: use `corruption`).
   */
  contraction?: number;
  /** Fraction of inputs zeroed while training (Sec. 4.3 tried 0.2 and 0.5). Default 0. */
  corruption?: number;
  /**
   * Rescale the filters (columns of W) to their mean norm after each step ("normalizing filters
   * to have equal norm after each gradient step can help stabilize the learning", Sec. 4.3).
   * Default false.
   */
  normalizeFilters?: boolean;
  /**
   * `"linear"` outputs with the squared error (Eq. 3, 8; real-valued data) or `"sigmoid"`
   * outputs with the cross-entropy (Eq. 4; data in [0, 1]), whose energy is Eq. 28. Default
   * `"linear"`.
   */
  output?: "linear" | "sigmoid";
  /** Initial weights (standard deviation or "glorot"). Default 0.01; the paper does not say. */
  init?: WeightInit;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/** A tied autoencoder with an energy, trained with a contraction penalty or masking noise. */
export interface ContractiveAutoencoder extends Trainable {
  /** Settings, defaults filled in. */
  readonly config: Readonly<Required<ContractiveOptions>>;
  /** W [inputs, hidden], b [hidden], bOut [inputs]. */
  params: { W: Variable; b: Variable; bOut: Variable };
  /** The hidden activities h(x W + b), [batch, hidden]. */
  encode(x: Tensor2D): Tensor2D;
  /** The reconstruction r(x), [batch, inputs] (Eq. 8). */
  reconstruct(x: Tensor2D): Tensor2D;
  /** The energy E(x) of each row, [batch] (Eq. 11). */
  energy(x: Tensor2D): Tensor1D;
  /** The parameters as {@link TiedWeights}, for `lib/energy`'s functions. */
  weights(): TiedWeights;
  /** Free the parameters. */
  dispose(): void;
}

const NOT_DIFFERENTIABLE: readonly EnergyActivationName[] = ["relu", "modulus", "max"];

function checkOptions(c: Required<ContractiveOptions>): void {
  for (const name of ["inputs", "hidden"] as const) {
    if (!Number.isInteger(c[name]) || c[name] < 1) {
      throw new Error(`contractiveAutoencoder: ${name} must be an integer >= 1, got ${c[name]}`);
    }
  }
  energyActivation(c.activation, "contractiveAutoencoder"); // throws, naming the allowed ones
  if (c.output !== "linear" && c.output !== "sigmoid") {
    throw new Error(
      `contractiveAutoencoder: output must be "linear" or "sigmoid", got "${c.output}"`,
    );
  }

  if (!(c.contraction >= 0)) {
    throw new Error(`contractiveAutoencoder: contraction must be >= 0, got ${c.contraction}`);
  }
  if (c.contraction > 0 && NOT_DIFFERENTIABLE.includes(c.activation)) {
    throw new Error(
      `contractiveAutoencoder: the contraction penalty needs a differentiable activation, not ` +
        `"${c.activation}": pass contraction: 0 and a corruption (denoising) instead (Sec. 4.2)`,
    );
  }
  checkNoiseRate("corruption", c.corruption);
}

/**
 * Build a tied autoencoder for the energy experiments: contractive (the default) or
 * denoising.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { contractiveAutoencoder } from "./contractive.ts";
 * const ae = contractiveAutoencoder({ inputs: 4, hidden: 3, seed: 1 });
 * const x = tf.tensor2d([[0.1, 0.9, 0.5, 0.2]]);
 * console.log(ae.reconstruct(x).shape, ae.energy(x).shape); // [1, 4] [1]
 * ae.dispose();
 * ```
 */
export function contractiveAutoencoder(options: ContractiveOptions = {}): ContractiveAutoencoder {
  const defaults = {
    inputs: 784,
    hidden: 500,
    activation: "sigmoid" as EnergyActivationName,
    corruption: 0,
    normalizeFilters: false,
    output: "linear" as const,
    init: 0.01 as WeightInit,
    seed: 0,
  };
  const merged = { ...defaults, ...options };
  const config: Required<ContractiveOptions> = {
    ...merged,
    contraction: options.contraction ??
      (NOT_DIFFERENTIABLE.includes(merged.activation) ? 0 : 0.5),
  };
  checkOptions(config);
  const params = tf.tidy(() => ({
    W: tf.variable(
      initialWeights([config.inputs, config.hidden], {
        init: config.init,
        seed: config.seed,
        label: "contractive:W",
      }),
    ),
    b: tf.variable(tf.zeros([config.hidden])),
    bOut: tf.variable(tf.zeros([config.inputs])),
  }));
  const weights = (): TiedWeights => ({
    W: params.W as unknown as Tensor2D,
    b: params.b as unknown as Tensor1D,
    bOut: params.bOut as unknown as Tensor1D,
  });
  const a = ENERGY_ACTIVATIONS[config.activation];
  const checkRows = (x: Tensor2D) => {
    if (x.rank !== 2 || x.shape[1] !== config.inputs) {
      throw new Error(
        `contractiveAutoencoder: x must be [batch, ${config.inputs}], got [${x.shape}]`,
      );
    }
  };
  const encode = (x: Tensor2D): Tensor2D => {
    checkRows(x);
    return tf.tidy(() => a.h(tf.add(tf.matMul(x, params.W), params.b) as Tensor2D));
  };
  // the decoder's total input h W^T + b_r: the reconstruction, or its log-odds (Eq. 4)
  const decode = (x: Tensor2D): Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(encode(x), params.W, false, true), params.bOut) as Tensor2D);
  const sigmoidOut = config.output === "sigmoid";
  const reconstruct = (x: Tensor2D): Tensor2D =>
    sigmoidOut ? tf.tidy(() => tf.sigmoid(decode(x))) : decode(x);
  /** Squared error, or the cross-entropy from the log-odds z: softplus(z) - x z per input. */
  const reconstructionError = (input: Tensor2D, x: Tensor2D): Scalar => {
    const z = decode(input);
    const perInput = sigmoidOut ? tf.sub(tf.softplus(z), tf.mul(x, z)) : tf.square(tf.sub(z, x));
    return tf.mean(tf.sum(perInput, 1)) as Scalar;
  };
  return {
    config,
    params,
    encode,
    reconstruct,
    weights,
    energy: (x) => {
      checkRows(x);
      return energy(weights(), x, { activation: config.activation, output: config.output });
    },
    loss(batch: Batch, ctx: StepContext): Scalar {
      return tf.tidy(() => {
        const x = batch.x;
        const input = ctx.training && config.corruption > 0
          ? maskingNoise(x, config.corruption, noiseSeed(ctx.seed, "contractive:mask"))
          : x;
        const error = reconstructionError(input, x);
        if (config.contraction === 0) return error as Scalar;
        const penalty = tf.mean(contractionPenalty(weights(), input, config.activation));
        return tf.add(error, tf.mul(config.contraction, penalty)) as Scalar;
      });
    },
    constrain() {
      if (!config.normalizeFilters) return;
      tf.tidy(() => {
        const norms = tf.sqrt(tf.sum(tf.square(params.W), 0));
        const target = tf.mean(norms);
        params.W.assign(tf.mul(params.W, tf.div(target, tf.maximum(norms, 1e-12))));
      });
    },
    dispose() {
      for (const p of Object.values(params)) p.dispose();
    },
  };
}
