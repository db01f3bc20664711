/**
 * The k-sparse autoencoder of Makhzani & Frey (2014), Sec. 2.2.
 *
 * Linear activations and tied weights; the only non-linearity is the selection of the k
 * largest hidden activities:
 *
 *   z = W^T x + b                 (step 1)
 *   z_(Γ^c) = 0, Γ = supp_k(z)     (step 2)
 *   x^ = W z + b',  E = ||x - x^||^2 (step 3)
 *
 * and the error is backpropagated through the k largest activations only (step 4; see
 * {@link kSparse}). Features for classification keep the alpha*k largest activations of
 * W^T x + b ("Sparse Encoding", Sec. 2.2).
 *
 * The training loss and its gradients (steps 1-4) run through `kSparseLoss`
 * (`lib/ops/ksparse_step.ts`): on cpu and wasm the decoder product and the gradients touch
 * only the k active columns per example; elsewhere (or with `step: "dense"`) they are dense
 * tfjs ops.
 *
 * Shapes follow tfjs (rows are examples): x is [batch, inputs], W is [inputs, hidden], so
 * column j of W is the filter (and dictionary atom) of hidden unit j.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor, Tensor2D, Variable } from "../tf.ts";
import { kSparse } from "../ops/topk.ts";
import { kSparseLoss } from "../ops/ksparse_step.ts";
import { initialWeights } from "../ops/noise.ts";
import type { Batch, StepContext, Trainable } from "../types.ts";

/** Options for {@link kSparseAutoencoder}. */
export interface KSparseOptions {
  /** Input dimension. Default 784 (MNIST, Sec. 4.1). */
  inputs?: number;
  /** Hidden units. Default 1000 (Table 1). */
  hidden?: number;
  /** Sparsity level k used in training. Default 25 (the best MNIST value, Table 1). */
  k?: number;
  /** alpha of the alpha*k encoding used for features (Sec. 2.2). Default 3 (best on MNIST). */
  alpha?: number;
  /** Standard deviation of the Gaussian weight initialisation. Default 0.01 (Sec. 4.2.2). */
  initStd?: number;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
  /**
   * How the training loss and its gradients are computed: `"auto"` (default) over the k
   * active columns per example on cpu and wasm where the compiled loops run (`kSparseLoss` in
   * `lib/ops/ksparse_step.ts`), with dense tfjs ops elsewhere; `"dense"` always with tfjs
   * ops (the reference); `"sparse"` always over the active columns (cpu and wasm only).
   */
  step?: "auto" | "sparse" | "dense";
}

/** The parameters of a k-sparse autoencoder. */
export interface KSparseParams extends Record<string, Variable> {
  /** Tied weights, [inputs, hidden]; encoder W^T, decoder W. */
  W: Variable;
  /** Hidden bias b, [hidden]. */
  b: Variable;
  /** Output bias b', [inputs]. */
  bOut: Variable;
}

/** The settings of a {@link KSparseAutoencoder} a schedule of `train` may drive. */
export type KSparseScheduled = "k";

/** A k-sparse autoencoder: parameters and the functions of Sec. 2.2. */
export interface KSparseAutoencoder extends Trainable<KSparseScheduled> {
  /** The settings it was built with, defaults filled in (`step` aside: it changes no number). */
  readonly config: Readonly<Required<Omit<KSparseOptions, "step">>>;
  /**
   * `["k"]`: the loss reads the k of a running schedule (Sec. 4.2.1), so
   * `train(ae, data, { schedules: { k } })` drives it and any other name is refused.
   */
  readonly scheduled: readonly KSparseScheduled[];
  /** Tied weights and biases. */
  params: KSparseParams;
  /** The dense pre-activation W^T x + b, [batch, hidden]. */
  preactivation(x: Tensor2D): Tensor2D;
  /** The k-sparse code (steps 1-2); `k` defaults to `config.k`. */
  encode(x: Tensor2D, k?: number): Tensor2D;
  /** The reconstruction W z + b' of a code z. */
  decode(z: Tensor2D): Tensor2D;
  /** decode(encode(x, k)). */
  reconstruct(x: Tensor2D, k?: number): Tensor2D;
  /** Features for a classifier: the alpha*k largest of W^T x + b (Sec. 2.2). */
  features(x: Tensor2D, alpha?: number): Tensor2D;
  /**
   * Mean over the batch of ||x - x^||^2 (step 3), with k from `ctx.values.k` when a k
   * schedule is running (Sec. 4.2.1), else `config.k`.
   */
  loss(batch: Batch, ctx?: StepContext): Scalar;
  /** Free the parameters. */
  dispose(): void;
}

/**
 * Build a k-sparse autoencoder with the paper's defaults.
 *
 * @param options sizes, k, alpha, initialisation (defaults: Makhzani & Frey, MNIST)
 * @returns the model
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { kSparseAutoencoder } from "./ksparse.ts";
 * const ae = kSparseAutoencoder({ inputs: 16, hidden: 8, k: 2, seed: 1 });
 * const x = tf.randomUniform([4, 16], 0, 1, "float32", 1) as tf.Tensor2D;
 * const z = ae.encode(x);
 * console.log(tf.sum(tf.notEqual(z, 0), 1).arraySync()); // [2, 2, 2, 2]
 * console.log(ae.features(x).shape); // [4, 8]
 * ae.dispose();
 * ```
 */
export function kSparseAutoencoder(options: KSparseOptions = {}): KSparseAutoencoder {
  const config = {
    inputs: options.inputs ?? 784,
    hidden: options.hidden ?? 1000,
    k: options.k ?? 25,
    alpha: options.alpha ?? 3,
    initStd: options.initStd ?? 0.01,
    seed: options.seed ?? 0,
  };
  // how the loss is computed, not what is computed: kept out of config (and checkpoints)
  const step = options.step ?? "auto";
  if (!["auto", "sparse", "dense"].includes(step)) {
    throw new Error(`step must be "auto", "sparse" or "dense", got ${step}`);
  }
  const { inputs, hidden } = config;
  for (const [name, v] of Object.entries({ inputs, hidden })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  }
  if (!Number.isInteger(config.k) || config.k < 1 || config.k > hidden) {
    throw new Error(`k must be an integer in [1, hidden=${hidden}], got ${config.k}`);
  }
  if (!(config.alpha >= 1)) throw new Error(`alpha must be >= 1 (Sec. 2.2), got ${config.alpha}`);

  // tidy frees the initial values; the variables hold their own copies
  const params: KSparseParams = tf.tidy(() => ({
    W: tf.variable(
      initialWeights([inputs, hidden], {
        init: config.initStd,
        seed: config.seed,
        label: "ksparse:init",
      }),
    ),
    b: tf.variable(tf.zeros([hidden])),
    bOut: tf.variable(tf.zeros([inputs])),
  }));

  const checkInput = (x: Tensor) => {
    if (x.rank !== 2 || x.shape[1] !== inputs) {
      throw new Error(
        `expected inputs of shape [batch, ${inputs}], got [${x.shape}]: flatten images to rows`,
      );
    }
  };
  const clampK = (k: number) => Math.max(1, Math.min(hidden, Math.round(k)));

  const preactivation = (x: Tensor2D): Tensor2D => {
    checkInput(x);
    return tf.tidy(() => tf.add(tf.matMul(x, params.W), params.b)); // z = W^T x + b
  };
  const checkK = (k: number) => {
    if (!Number.isInteger(k) || k < 1 || k > hidden) {
      throw new Error(`encode: k must be an integer in [1, hidden=${hidden}], got ${k}`);
    }
    return k;
  };
  const sparse = (x: Tensor2D, k: number): Tensor2D => tf.tidy(() => kSparse(preactivation(x), k)); // keep supp_k(z)
  const encode = (x: Tensor2D, k = config.k): Tensor2D => sparse(x, checkK(k));
  const decode = (z: Tensor2D): Tensor2D => {
    if (z.rank !== 2 || z.shape[1] !== hidden) {
      throw new Error(`decode: codes must be [batch, hidden=${hidden}], got [${z.shape}]`);
    }
    return tf.tidy(() => tf.add(tf.matMul(z, params.W, false, true), params.bOut)); // x^ = W z + b'
  };

  return {
    config,
    params,
    scheduled: ["k"],
    preactivation,
    encode,
    decode,
    reconstruct: (x, k) => tf.tidy(() => decode(encode(x, k))),
    // alpha k beyond the hidden units keeps them all (Sec. 2.2 does not consider the case)
    features: (x, alpha = config.alpha) => {
      if (!(alpha >= 1)) throw new Error(`features: alpha must be >= 1 (Sec. 2.2), got ${alpha}`);
      return sparse(x, clampK(alpha * config.k));
    },
    loss(batch, ctx) {
      // a scheduled k (Sec. 4.2.1: from 100 down) above the hidden units keeps them all
      const k = clampK(ctx?.values.k ?? config.k);
      checkInput(batch.x);
      // E = ||x - x^||^2 (steps 1-3) and its gradient (step 4), over the support where it pays
      return tf.tidy(() => kSparseLoss(batch.x, params.W, params.b, params.bOut, k, step));
    },
    dispose() {
      for (const v of Object.values(params)) v.dispose();
    },
  };
}
