/**
 * The group-sparse autoencoder of the NYU deep-learning lecture (week 9, "AE with group
 * sparsity"; Kavukcuoglu, Ranzato, Fergus & LeCun 2009): an encoder z = ReLU(x W_e + b_e), a
 * linear decoder x^ = z D whose atoms (rows of D) have unit norm, the squared error, and
 * instead of an L1 term the sum of L2 norms over predetermined pools of code units:
 *
 *   L = ||x - z D||^2 + lambda sum_j sqrt(eps + ||z_{P_j}||^2)
 *
 * With pools that overlap on a 2-D torus, units that fire together are pulled into one
 * neighbourhood, and the filters organise into a topographic map.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Scalar, Tensor2D, Variable } from "../tf.ts";
import type { Batch, Trainable } from "../types.ts";
import { initialWeights, type WeightInit } from "../ops/noise.ts";
import { groupPenalty, poolMatrix, poolNorms, type Pools, toroidalPools } from "../ops/groups.ts";

/** Options for {@link groupSparseAutoencoder}. */
export interface GroupSparseOptions {
  /** Input dimension. Default 784 (MNIST). */
  inputs?: number;
  /**
   * The pools over the code units; their `units` is the code size. Default 3 x 3
   * neighbourhoods on a 16 x 16 torus (256 units); the lecture does not fix the layout.
   */
  pools?: Pools;
  /** Weight lambda of the group penalty. Default 0.1; the lecture gives none. */
  lambda?: number;
  /** Smoothing eps of each pool's norm (keeps the gradient finite at zero). Default 1e-4. */
  eps?: number;
  /** Initial weights of encoder and decoder. Default "glorot"; the lecture does not say. */
  init?: WeightInit;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/** A group-sparse autoencoder. */
export interface GroupSparseAutoencoder extends Trainable {
  /** Settings, defaults filled in (the pools as given). */
  readonly config: Readonly<Omit<Required<GroupSparseOptions>, "pools">> & { units: number };
  /** The pools. */
  readonly pools: Pools;
  /** W_e [inputs, units], b_e [units], D [units, inputs]. */
  params: { We: Variable; be: Variable; D: Variable };
  /** The code z = ReLU(x W_e + b_e), [batch, units]. */
  encode(x: Tensor2D): Tensor2D;
  /** The reconstruction z D, [batch, inputs]. */
  decode(z: Tensor2D): Tensor2D;
  /** The pooled code: each pool's L2 norm, [batch, pools] (the invariant features). */
  pooled(x: Tensor2D): Tensor2D;
  /** Mean squared error plus lambda times the mean group penalty. */
  loss(batch: Batch): Scalar;
  /** Rescale every decoder atom to unit norm (after each step). */
  constrain(): void;
  /** Free every tensor. */
  dispose(): void;
}

/**
 * Build a group-sparse autoencoder.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { disjointPools } from "../ops/groups.ts";
 * import { groupSparseAutoencoder } from "./group_sparse.ts";
 * const ae = groupSparseAutoencoder({ inputs: 4, pools: disjointPools(6, 2), seed: 1 });
 * console.log(ae.pooled(tf.ones([2, 4])).shape); // [2, 3]
 * ae.dispose();
 * ```
 */
export function groupSparseAutoencoder(options: GroupSparseOptions = {}): GroupSparseAutoencoder {
  const pools = options.pools ?? toroidalPools(16, 16, 3);
  const config = {
    inputs: options.inputs ?? 784,
    lambda: options.lambda ?? 0.1,
    eps: options.eps ?? 1e-4,
    init: options.init ?? "glorot" as WeightInit,
    seed: options.seed ?? 0,
    units: pools.units,
  };
  if (!Number.isInteger(config.inputs) || config.inputs < 1) {
    throw new Error(`groupSparseAutoencoder: inputs must be an integer >= 1, got ${config.inputs}`);
  }
  for (const name of ["lambda", "eps"] as const) {
    if (!(config[name] >= 0)) {
      throw new Error(`groupSparseAutoencoder: ${name} must be >= 0, got ${config[name]}`);
    }
  }
  const P = tf.keep(poolMatrix(pools));
  const { inputs, units } = config;
  const init = (shape: [number, number], label: string) =>
    initialWeights(shape, { init: config.init, seed: config.seed, label: `group-sparse:${label}` });
  const params = tf.tidy(() => ({
    We: tf.variable(init([inputs, units], "We")),
    be: tf.variable(tf.zeros([units])),
    D: tf.variable(init([units, inputs], "D")),
  }));
  const constrain = () =>
    tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(params.D), 1, true));
      params.D.assign(tf.div(params.D, tf.maximum(norms, 1e-12)));
    });
  constrain();
  const encode = (x: Tensor2D): Tensor2D => {
    if (x.rank !== 2 || x.shape[1] !== inputs) {
      throw new Error(`groupSparseAutoencoder: x must be [batch, ${inputs}], got [${x.shape}]`);
    }
    return tf.tidy(() => tf.relu(tf.add(tf.matMul(x, params.We), params.be)) as Tensor2D);
  };
  const decode = (z: Tensor2D): Tensor2D => {
    if (z.rank !== 2 || z.shape[1] !== units) {
      throw new Error(`groupSparseAutoencoder: codes must be [batch, ${units}], got [${z.shape}]`);
    }
    return tf.tidy(() => tf.matMul(z, params.D));
  };
  return {
    config,
    pools,
    params,
    encode,
    decode,
    pooled: (x) => tf.tidy(() => poolNorms(encode(x), P, config.eps)),
    loss(batch) {
      return tf.tidy(() => {
        const z = encode(batch.x);
        const error = tf.mean(tf.sum(tf.square(tf.sub(batch.x, decode(z))), 1));
        if (config.lambda === 0) return error as Scalar;
        const penalty = tf.mean(groupPenalty(z, P, config.eps));
        return tf.add(error, tf.mul(config.lambda, penalty)) as Scalar;
      });
    },
    constrain,
    dispose() {
      for (const p of Object.values(params)) p.dispose();
      P.dispose();
    },
  };
}
