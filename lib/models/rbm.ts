/**
 * Restricted Boltzmann machines with binary hidden units and binary or unit-variance Gaussian
 * visible units, trained through the one trainer by contrastive divergence (CD-k, Hinton
 * 2002) or persistent CD (PCD, Tieleman 2008).
 *
 * The free energy of a visible vector (Kamyshanska & Memisevic, Eq. 12 and 30):
 *
 *   binary:   F(x) = -b_r^T x - sum_k softplus(x W_k + b_k)
 *   Gaussian: F(x) = 1/2 ||x - b_r||^2 - sum_k softplus(x W_k + b_k)
 *
 * -F is the energy of the tied sigmoid autoencoder with the same W, b, b_r (`lib/energy`):
 * linear outputs for Gaussian visibles (Eq. 12), sigmoid outputs at binary data (Eq. 30).
 *
 * Training: the gradient of the mean of F(x_data) - F(x_model), with the model samples x_model
 * held fixed, is the CD (or PCD) update; {@link Rbm.loss} returns that difference, so the
 * trainer's optimizer, schedules, checkpoints and resume apply unchanged. PCD chains are kept
 * in the model between steps and are not part of a checkpoint (a resumed run starts new
 * chains from its first batch).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";
import { initialWeights, noiseSeed } from "../ops/noise.ts";
import { bernoulli, stopGradient } from "../ops/sampling.ts";

/** Options for {@link rbm}. */
export interface RbmOptions {
  /** Visible units. Default 784 (MNIST). */
  visible?: number;
  /** Hidden units. Default 500. */
  hidden?: number;
  /**
   * `"binary"` visibles (Bernoulli, for data in [0, 1] read as probabilities) or
   * `"gaussian"` (unit variance; standardise the data first). Default `"binary"`.
   */
  visibleType?: "binary" | "gaussian";
  /** Gibbs steps of the negative phase (CD-k). Default 1. */
  k?: number;
  /** Persistent chains (PCD) instead of chains started at the data. Default false. */
  persistent?: boolean;
  /**
   * Binary visibles only: at every training step, draw the positive phase's visible vectors
   * from the data read as probabilities, v ~ Bernoulli(x), and start the chains from them.
   * The grey levels then stand for a distribution over the binary vectors that the RBM models.
   * Default false: the grey levels enter the positive phase as they are (and start the chains).
   * Only training samples. Evaluation and the free energy read x as given.
   */
  sampleData?: boolean;
  /** Standard deviation of the initial weights. Default 0.01 (Hinton's practical guide). */
  initStd?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/** Parameters, named as the tied autoencoders' so energies and free energies compare. */
export interface RbmParams extends Record<string, Variable> {
  /** Weights, [visible, hidden]. */
  W: Variable;
  /** Hidden bias, [hidden]. */
  b: Variable;
  /** Visible bias b_r, [visible]. */
  bOut: Variable;
}

/** An RBM's settings, defaults filled in; `sampleData` present only when true. */
export type RbmConfig = Readonly<Required<Omit<RbmOptions, "sampleData">>> & {
  readonly sampleData?: true;
};

/** A restricted Boltzmann machine. */
export interface Rbm extends Trainable {
  /**
   * Settings, defaults filled in. `sampleData` appears only when true, so that checkpoints made
   * before the option still resume.
   */
  readonly config: RbmConfig;
  /** The parameters. */
  params: RbmParams;
  /** P(h = 1 | x) = sigmoid(x W + b), [batch, hidden]. */
  hiddenProbabilities(x: Tensor2D): Tensor2D;
  /** The visible means given h: sigmoid(h W^T + b_r) (binary) or h W^T + b_r (Gaussian). */
  visibleMeans(h: Tensor2D): Tensor2D;
  /** k steps of block Gibbs sampling from `x`, seeded; returns the visible sample. */
  gibbs(x: Tensor2D, k: number, seed: number): Tensor2D;
  /** The free energy F(x) of each row, [batch] (see the module notes). */
  freeEnergy(x: Tensor2D): Tensor1D;
  /** The mean-field reconstruction, visibleMeans(hiddenProbabilities(x)). */
  reconstruct(x: Tensor2D): Tensor2D;
  /** Mean F(data) - F(samples): its gradient is the CD-k (or PCD) update. */
  loss(batch: Batch, ctx: StepContext): Scalar;
  /** Free the parameters and chains. */
  dispose(): void;
}

function checkOptions(c: Required<RbmOptions>): void {
  if (typeof c.sampleData !== "boolean") {
    throw new Error(`rbm: sampleData must be true or false, got ${c.sampleData}`);
  }
  if (c.sampleData && c.visibleType !== "binary") {
    throw new Error(
      'rbm: sampleData draws binary visibles and needs visibleType "binary"; leave it out ' +
        "for Gaussian visibles",
    );
  }
  for (const name of ["visible", "hidden", "k"] as const) {
    if (!Number.isInteger(c[name]) || c[name] < 1) {
      throw new Error(`rbm: ${name} must be an integer >= 1, got ${c[name]}`);
    }
  }
  if (c.visibleType !== "binary" && c.visibleType !== "gaussian") {
    throw new Error(`rbm: visibleType must be "binary" or "gaussian", got "${c.visibleType}"`);
  }
  if (!(c.initStd >= 0)) throw new Error(`rbm: initStd must be >= 0, got ${c.initStd}`);
}

/**
 * Build a restricted Boltzmann machine.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { rbm } from "./rbm.ts";
 * const m = rbm({ visible: 6, hidden: 4, seed: 1 });
 * const x = tf.tensor2d([[1, 0, 1, 0, 1, 0]]);
 * // all parameters near 0: F(x) is about -4 log 2
 * console.log(m.freeEnergy(x).arraySync()[0].toFixed(2)); // -2.77
 * m.dispose();
 * ```
 */
export function rbm(options: RbmOptions = {}): Rbm {
  const filled: Required<RbmOptions> = {
    visible: 784,
    hidden: 500,
    visibleType: "binary",
    k: 1,
    persistent: false,
    initStd: 0.01,
    seed: 0,
    sampleData: false,
    ...options,
  };
  checkOptions(filled);
  const { sampleData, ...rest } = filled;
  const config: RbmConfig = { ...rest, ...(sampleData ? { sampleData: true as const } : {}) };
  const params: RbmParams = tf.tidy(() => ({
    W: tf.variable(
      initialWeights([config.visible, config.hidden], {
        init: config.initStd,
        seed: config.seed,
        label: "rbm:W",
      }),
    ),
    b: tf.variable(tf.zeros([config.hidden])),
    bOut: tf.variable(tf.zeros([config.visible])),
  }));
  let chains: Variable | null = null;
  const gaussian = config.visibleType === "gaussian";

  const checkRows = (x: Tensor2D) => {
    if (x.rank !== 2 || x.shape[1] !== config.visible) {
      throw new Error(`rbm: x must be [batch, ${config.visible}], got [${x.shape}]`);
    }
  };
  const hiddenProbabilities = (x: Tensor2D): Tensor2D => {
    checkRows(x);
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(x, params.W), params.b)));
  };
  const visibleMeans = (h: Tensor2D): Tensor2D =>
    tf.tidy(() => {
      const a = tf.add(tf.matMul(h, params.W, false, true), params.bOut) as Tensor2D;
      return gaussian ? a : tf.sigmoid(a);
    });
  const gibbs = (x: Tensor2D, k: number, seed: number): Tensor2D =>
    tf.tidy(() => {
      let v = x;
      for (let s = 0; s < k; s++) {
        const h = bernoulli(hiddenProbabilities(v), noiseSeed(seed, `rbm:h${s}`));
        const mean = visibleMeans(h);
        v = gaussian
          ? tf.add(mean, tf.randomNormal(mean.shape, 0, 1, "float32", noiseSeed(seed, `rbm:v${s}`)))
          : bernoulli(mean, noiseSeed(seed, `rbm:v${s}`));
      }
      return v;
    });
  const freeEnergy = (x: Tensor2D): Tensor1D =>
    tf.tidy(() => {
      checkRows(x);
      const hidden = tf.sum(tf.softplus(tf.add(tf.matMul(x, params.W), params.b)), 1);
      const visible = gaussian
        ? tf.mul(0.5, tf.sum(tf.square(tf.sub(x, params.bOut)), 1))
        : tf.neg(tf.sum(tf.mul(x, params.bOut), 1));
      return tf.sub(visible, hidden) as Tensor1D;
    });
  const negatives = (x: Tensor2D, ctx: StepContext): Tensor2D => {
    if (!config.persistent || !ctx.training) return gibbs(x, config.k, ctx.seed);
    if (!chains || chains.shape[0] !== x.shape[0]) {
      chains?.dispose();
      chains = tf.variable(x, false);
    }
    const next = gibbs(chains as unknown as Tensor2D, config.k, ctx.seed);
    chains.assign(next);
    return next;
  };
  return {
    config,
    params,
    hiddenProbabilities,
    visibleMeans,
    gibbs,
    freeEnergy,
    reconstruct: (x) => tf.tidy(() => visibleMeans(hiddenProbabilities(x))),
    loss(batch, ctx) {
      return tf.tidy(() => {
        const data = sampleData && ctx.training
          ? bernoulli(batch.x, noiseSeed(ctx.seed, "rbm:data"))
          : batch.x;
        const fixed = stopGradient(negatives(data, ctx)); // the samples are held fixed
        return tf.sub(tf.mean(freeEnergy(data)), tf.mean(freeEnergy(fixed))) as Scalar;
      });
    },
    dispose() {
      for (const p of Object.values(params)) p.dispose();
      chains?.dispose();
      chains = null;
    },
  };
}
