/**
 * The classification RBM of Larochelle & Bengio (2008), an RBM over an input x and its class
 * y (one-hot) with binary hidden units, the comparison rows RBM, DRBM and HDRBM of Kamyshanska
 * & Memisevic's Table 2:
 *
 *   F(x, y) = -b_r^T x - d_y - sum_j softplus(c_j + U_yj + x W_j)
 *   p(y | x) = exp(-F(x, y)) / sum_y' exp(-F(x, y'))    (exact: K terms)
 *
 * trained three ways through the one trainer:
 * - `"generative"`: contrastive divergence on the joint p(x, y) (the "RBM" row);
 * - `"discriminative"`: the negative log of p(y | x) (DRBM);
 * - `"hybrid"`: discriminative + alpha times generative (HDRBM).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";
import { initialWeights, noiseSeed } from "../ops/noise.ts";
import { bernoulli, stopGradient } from "../ops/sampling.ts";

/** How a classification RBM is trained. */
export type ClassRbmObjective = "generative" | "discriminative" | "hybrid";

/** Options for {@link classRbm}. */
export interface ClassRbmOptions {
  /** Inputs (binary or in [0, 1]). Default 784. */
  inputs?: number;
  /** Classes. Default 10. */
  classes?: number;
  /** Hidden units. Default 500. */
  hidden?: number;
  /** The training objective. Default `"hybrid"` (the best of the three in both papers). */
  objective?: ClassRbmObjective;
  /**
   * Weight of the generative part of the hybrid objective. Default 0.01; Larochelle & Bengio
   * chose it on validation data.
   */
  alphaGenerative?: number;
  /** Gibbs steps of the generative part (CD-k). Default 1. */
  k?: number;
  /**
   * Persistent chains (PCD, Tieleman 2008) for the generative part instead of chains started
   * at the data: the visible and class samples of one step start the next step's chains.
   * Default false (CD-k).
   */
  persistent?: boolean;
  /** Standard deviation of the initial weights. Default 0.01. */
  initStd?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/** A classification RBM. */
export interface ClassRbm extends Trainable {
  /**
   * Settings, defaults filled in; `persistent` only when true, so that the checkpoints of CD-k
   * runs made before the option existed still match their run's settings.
   */
  readonly config: Readonly<Required<Omit<ClassRbmOptions, "persistent">>> & {
    readonly persistent?: true;
  };
  /** The trained parameters: {@link ClassRbm.tensors} less bOut for the discriminative objective. */
  params: Partial<Record<"W" | "U" | "c" | "bOut" | "d", Variable>> & Record<string, Variable>;
  /** W [inputs, hidden], U [classes, hidden], c [hidden], bOut [inputs], d [classes]. */
  readonly tensors: Record<"W" | "U" | "c" | "bOut" | "d", Variable>;
  /** log p(y | x) up to the row's normaliser: the class scores, [batch, classes]. */
  logits(x: Tensor2D): Tensor2D;
  /** The free energy F(x, y) of each row with its label, [batch]. */
  freeEnergy(x: Tensor2D, y: Tensor1D): Tensor1D;
  /** `k` steps of block Gibbs sampling from (x, one-hot y), seeded: the visible and class samples. */
  gibbs(x: Tensor2D, t: Tensor2D, seed: number): [Tensor2D, Tensor2D];
  /** The loss of the configured objective. */
  loss(batch: Batch, ctx: StepContext): Scalar;
  /** Free the parameters. */
  dispose(): void;
}

const OBJECTIVES: readonly ClassRbmObjective[] = ["generative", "discriminative", "hybrid"];

function checkOptions(c: ClassRbm["config"]): void {
  for (const name of ["inputs", "classes", "hidden", "k"] as const) {
    if (!Number.isInteger(c[name]) || c[name] < 1) {
      throw new Error(`classRbm: ${name} must be an integer >= 1, got ${c[name]}`);
    }
  }
  if (!OBJECTIVES.includes(c.objective)) {
    throw new Error(
      `classRbm: objective must be one of ${OBJECTIVES.join(", ")}, got "${c.objective}"`,
    );
  }
  if (!(c.alphaGenerative >= 0)) {
    throw new Error(`classRbm: alphaGenerative must be >= 0, got ${c.alphaGenerative}`);
  }
}

/**
 * Build a classification RBM.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { classRbm } from "./class_rbm.ts";
 * const m = classRbm({ inputs: 4, classes: 3, hidden: 5, seed: 1 });
 * console.log(m.logits(tf.ones([2, 4])).shape); // [2, 3]
 * m.dispose();
 * ```
 */
export function classRbm(options: ClassRbmOptions = {}): ClassRbm {
  const { persistent = false, ...rest } = options;
  const config: ClassRbm["config"] = {
    inputs: 784,
    classes: 10,
    hidden: 500,
    objective: "hybrid",
    alphaGenerative: 0.01,
    k: 1,
    initStd: 0.01,
    seed: 0,
    ...rest,
    ...(persistent ? { persistent: true } : {}),
  };
  checkOptions(config);
  const { inputs: D, classes: K, hidden: H } = config;
  const params = tf.tidy(() => ({
    W: tf.variable(
      initialWeights([D, H], { init: config.initStd, seed: config.seed, label: "class-rbm:W" }),
    ),
    U: tf.variable(
      initialWeights([K, H], { init: config.initStd, seed: config.seed, label: "class-rbm:U" }),
    ),
    c: tf.variable(tf.zeros([H])),
    bOut: tf.variable(tf.zeros([D])),
    d: tf.variable(tf.zeros([K])),
  }));
  const checkRows = (x: Tensor2D) => {
    if (x.rank !== 2 || x.shape[1] !== D) {
      throw new Error(`classRbm: x must be [batch, ${D}], got [${x.shape}]`);
    }
  };
  const logits = (x: Tensor2D): Tensor2D => {
    checkRows(x);
    return tf.tidy(() => {
      const a = tf.add(tf.matMul(x, params.W), params.c); // [batch, H]
      const perClass = tf.add(tf.expandDims(a, 1), params.U); // [batch, K, H]
      return tf.add(tf.sum(tf.softplus(perClass), 2), params.d) as Tensor2D;
    });
  };
  /** F(x, t) for one-hot (or sampled) class rows t, [batch]. */
  const freeEnergyOneHot = (x: Tensor2D, t: Tensor2D): Tensor1D =>
    tf.tidy(() => {
      const a = tf.add(tf.add(tf.matMul(x, params.W), tf.matMul(t, params.U)), params.c);
      const visible = tf.add(tf.sum(tf.mul(x, params.bOut), 1), tf.sum(tf.mul(t, params.d), 1));
      return tf.neg(tf.add(visible, tf.sum(tf.softplus(a), 1))) as Tensor1D;
    });
  const oneHot = (y: Tensor1D) => tf.oneHot(tf.cast(y, "int32"), K).toFloat() as Tensor2D;
  /** k steps of block Gibbs sampling on (x, y), seeded; Bernoulli by step(p - u), classes by Gumbel-max. */
  const gibbs = (x: Tensor2D, t: Tensor2D, seed: number): [Tensor2D, Tensor2D] =>
    tf.tidy(() => {
      let v = x;
      let s = t;
      for (let i = 0; i < config.k; i++) {
        const ph = tf.sigmoid(
          tf.add(tf.add(tf.matMul(v, params.W), tf.matMul(s, params.U)), params.c),
        );
        const h = bernoulli(ph as Tensor2D, noiseSeed(seed, `h${i}`));
        const pv = tf.sigmoid(tf.add(tf.matMul(h, params.W, false, true), params.bOut));
        v = bernoulli(pv as Tensor2D, noiseSeed(seed, `v${i}`));
        const ly = tf.add(tf.matMul(h, params.U, false, true), params.d);
        const u = tf.randomUniform(ly.shape, 1e-12, 1, "float32", noiseSeed(seed, `y${i}`));
        const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
        s = tf.oneHot(tf.argMax(tf.add(ly, gumbel), 1), K).toFloat() as Tensor2D;
      }
      return [v, s];
    });
  let chains: [Variable, Variable] | null = null;
  /** The negative phase's samples: chains from the data (CD-k) or the persistent ones (PCD). */
  const negatives = (x: Tensor2D, t: Tensor2D, ctx: StepContext): [Tensor2D, Tensor2D] => {
    if (!persistent || !ctx.training) return gibbs(x, t, ctx.seed);
    if (!chains || chains[0].shape[0] !== x.shape[0]) {
      chains?.forEach((c) => c.dispose());
      chains = [tf.variable(x, false), tf.variable(t, false)];
    }
    const [v, s] = gibbs(
      chains[0] as unknown as Tensor2D,
      chains[1] as unknown as Tensor2D,
      ctx.seed,
    );
    chains[0].assign(v);
    chains[1].assign(s);
    return [v, s];
  };
  const generative = (x: Tensor2D, t: Tensor2D, ctx: StepContext): Scalar =>
    tf.tidy(() => {
      const [v, s] = negatives(x, t, ctx);
      const positive = tf.mean(freeEnergyOneHot(x, t));
      return tf.sub(
        positive,
        tf.mean(freeEnergyOneHot(stopGradient(v), stopGradient(s))),
      ) as Scalar;
    });
  const discriminative = (x: Tensor2D, t: Tensor2D): Scalar =>
    tf.tidy(() => tf.losses.softmaxCrossEntropy(t, logits(x)) as Scalar);
  // p(y | x) does not depend on the visible bias: the discriminative objective leaves it out
  const { bOut: _unused, ...discriminativeParams } = params;
  return {
    config,
    params: config.objective === "discriminative"
      ? discriminativeParams as ClassRbm["params"]
      : params,
    tensors: params,
    logits,
    freeEnergy: (x, y) => tf.tidy(() => freeEnergyOneHot(x, oneHot(y))),
    gibbs,
    loss(batch, ctx) {
      if (!batch.y) throw new Error("classRbm: the loss needs labels: train on data with y");
      checkRows(batch.x);
      return tf.tidy(() => {
        const t = oneHot(batch.y!);
        if (config.objective === "discriminative") return discriminative(batch.x, t);
        if (config.objective === "generative") return generative(batch.x, t, ctx);
        const g = generative(batch.x, t, ctx);
        return tf.add(discriminative(batch.x, t), tf.mul(config.alphaGenerative, g)) as Scalar;
      });
    },
    dispose() {
      for (const p of Object.values(params)) p.dispose();
      chains?.forEach((c) => c.dispose());
      chains = null;
    },
  };
}
