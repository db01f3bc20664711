/**
 * Sparse coding with lateral inhibition (NYU deep learning week 9; Gregor, Szlam & LeCun,
 * "Structured sparse coding via lateral inhibition", NIPS 2011). The energy of a code z for an
 * input x, with a dictionary D (atoms as rows) and a non-negative inhibition matrix S:
 *
 *   E(x, z) = ||x - z D||^2 + lambda |z|_1 + |z|^T S |z|
 *
 * Inference minimises E over non-negative z by proximal gradient steps (ISTA, or FISTA's
 * accelerated form) until the code stops moving. Learning, as the lecture gives it: infer z,
 * take one gradient step on D (lowering E) and one ascent step on S (raising E where codes
 * co-occur, so units that fire together inhibit each other), with S kept non-negative, zero
 * where a mask says so (the tree-shaped S: no inhibition along a branch), and its norm bounded.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor1D, Tensor2D, Variable } from "../tf.ts";
import type { Pools } from "../ops/groups.ts";

/** Options of {@link inferCodes}. */
export interface InferenceOptions {
  /** Weight of the L1 term. Default 0.1; the lecture gives none. */
  lambda?: number;
  /** Iterations at most. Default 200. */
  maxIterations?: number;
  /** Stop when max |z_t - z_{t-1}| / (max |z_t| + 1e-12) falls below this. Default 1e-4. */
  tolerance?: number;
  /** FISTA's momentum (Beck & Teboulle 2009) instead of plain ISTA. Default true. */
  accelerated?: boolean;
}

/** What {@link inferCodes} returns. */
export interface Inference {
  /** The codes, [batch, units], non-negative. */
  z: Tensor2D;
  /** Iterations taken. */
  iterations: number;
  /** Whether the stopping rule held before the iteration cap. */
  converged: boolean;
}

/**
 * The energy E(x, z) of each row (see the module notes), for non-negative codes.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { lateralEnergy } from "./lateral_inhibition.ts";
 * const D = tf.eye(2) as tf.Tensor2D;
 * const S = tf.tensor2d([[0, 1], [1, 0]]);
 * // x = z D exactly; lambda (1 + 1) + z^T S z = 2 lambda + 2
 * console.log(lateralEnergy(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 1]]), D, S, 0.5).arraySync()); // [3]
 * ```
 */
export function lateralEnergy(
  x: Tensor2D,
  z: Tensor2D,
  D: Tensor2D,
  S: Tensor2D,
  lambda = 0.1,
): Tensor1D {
  return tf.tidy(() => {
    const a = tf.abs(z);
    const error = tf.sum(tf.square(tf.sub(x, tf.matMul(z, D))), 1);
    const inhibition = tf.sum(tf.mul(tf.matMul(a, S), a), 1);
    return tf.add(tf.add(error, tf.mul(lambda, tf.sum(a, 1))), inhibition) as Tensor1D;
  });
}

/**
 * Minimise E(x, z) over non-negative codes z, row by row in one batch: proximal gradient on
 * the smooth part ||x - z D||^2 + z^T S z with step 1 / L, L = 2 ||D||^2 + ||S + S^T||, and the
 * prox of lambda |z|_1 on z >= 0, max(0, v - lambda / L).
 */
export async function inferCodes(
  x: Tensor2D,
  D: Tensor2D,
  S: Tensor2D,
  options: InferenceOptions = {},
): Promise<Inference> {
  const lambda = options.lambda ?? 0.1;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-4;
  const accelerated = options.accelerated ?? true;
  const units = D.shape[0];
  if (x.shape[1] !== D.shape[1] || S.shape[0] !== units || S.shape[1] !== units) {
    throw new Error(
      `inferCodes: x [${x.shape}], D [${D.shape}] and S [${S.shape}] do not fit: pass x ` +
        `[batch, inputs], D [units, inputs], S [units, units]`,
    );
  }
  // a bound on the gradient's Lipschitz constant: spectral norms bounded by Frobenius norms
  const L = tf.tidy(() =>
    2 * (tf.sum(tf.square(D)).arraySync() as number) +
    Math.sqrt(tf.sum(tf.square(tf.add(S, tf.transpose(S)))).arraySync() as number)
  ) + 1e-12;
  const xDt = tf.matMul(x, D, false, true); // x D^T, fixed
  const DDt = tf.matMul(D, D, false, true);
  const Ssym = tf.add(S, tf.transpose(S));
  let z = tf.zerosLike(xDt) as Tensor2D;
  let y = z;
  let t = 1;
  let iterations = 0;
  let converged = false;
  try {
    for (; iterations < maxIterations && !converged; iterations++) {
      const next = tf.tidy(() => {
        // grad of the smooth part at y: -2 (x - y D) D^T + (S + S^T) y  (rows)
        const grad = tf.add(tf.mul(2, tf.sub(tf.matMul(y, DDt), xDt)), tf.matMul(y, Ssym));
        return tf.relu(tf.sub(tf.sub(y, tf.div(grad, L)), lambda / L)) as Tensor2D;
      });
      const [change, size] = tf.tidy(() => [
        tf.max(tf.abs(tf.sub(next, z))),
        tf.max(tf.abs(next)),
      ]);
      const c = (await change.data())[0], m = (await size.data())[0];
      change.dispose();
      size.dispose();
      converged = c / (m + 1e-12) < tolerance;
      const tNext = accelerated ? (1 + Math.sqrt(1 + 4 * t * t)) / 2 : 1;
      const yNext = accelerated
        ? tf.tidy(() => tf.add(next, tf.mul((t - 1) / tNext, tf.sub(next, z))) as Tensor2D)
        : next;
      if (y !== z) y.dispose();
      z.dispose();
      z = next;
      y = yNext;
      t = tNext;
    }
  } finally {
    if (y !== z) y.dispose();
    tf.dispose([xDt, DDt, Ssym]);
  }
  return { z, iterations, converged };
}

/**
 * The tree-shaped inhibition mask of a tree's units (Gregor, Szlam & LeCun 2011; the lecture's
 * Fig. 6): 1 where two units may inhibit each other, 0 along a branch (a unit and its
 * ancestors or descendants) and on the diagonal.
 *
 * @param tree the tree's sub-tree pools (`treePools` of lib/ops/groups.ts), one per node
 *
 * @example
 * ```ts
 * import { treePools } from "../ops/groups.ts";
 * import { treeInhibitionMask } from "./lateral_inhibition.ts";
 * // a root with two children: the children inhibit each other, nobody inhibits the root
 * console.log(treeInhibitionMask(treePools(2, 2)).arraySync()); // [[0, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function treeInhibitionMask(tree: Pools): Tensor2D {
  const n = tree.units;
  const m = new Float32Array(n * n).fill(1);
  tree.members.forEach((subtree, node) => {
    for (const d of subtree) { // node is d's ancestor (or d itself): same branch
      m[node * n + d] = 0;
      m[d * n + node] = 0;
    }
  });
  return tf.tensor2d(m, [n, n]);
}

/** Options of {@link lateralLearningStep}. */
export interface LateralLearningOptions extends InferenceOptions {
  /** Step size of the gradient step on D. Default 0.01. */
  dictionaryRate?: number;
  /** Step size of the ascent step on S. Default 0.01. */
  inhibitionRate?: number;
  /** Where S may be non-zero (e.g. {@link treeInhibitionMask}); default everywhere off the diagonal. */
  mask?: Tensor2D;
  /** The largest Frobenius norm S may have. Default 1. */
  maxInhibition?: number;
}

/**
 * One learning step of the lecture's procedure on a batch: infer the codes, one gradient step
 * on the dictionary D (atoms renormalised to unit norm), one ascent step on S (the batch mean
 * of |z|^T |z|, projected onto the mask, non-negative, norm at most `maxInhibition`).
 *
 * @returns the batch's mean energy before the step, and the inference's iterations
 */
export async function lateralLearningStep(
  x: Tensor2D,
  D: Variable,
  S: Variable,
  options: LateralLearningOptions = {},
): Promise<{ energy: number; iterations: number }> {
  const inference = await inferCodes(
    x,
    D as unknown as Tensor2D,
    S as unknown as Tensor2D,
    options,
  );
  const z = inference.z;
  const lambda = options.lambda ?? 0.1;
  const energy = tf.tidy(() =>
    tf.mean(lateralEnergy(x, z, D as unknown as Tensor2D, S as unknown as Tensor2D, lambda))
      .arraySync() as number
  );
  const n = x.shape[0];
  tf.tidy(() => {
    // dE/dD = -2 z^T (x - z D), averaged over the batch
    const gradD = tf.div(tf.mul(-2, tf.matMul(z, tf.sub(x, tf.matMul(z, D)), true, false)), n);
    const nextD = tf.sub(D, tf.mul(options.dictionaryRate ?? 0.01, gradD));
    D.assign(tf.div(nextD, tf.maximum(tf.norm(nextD, 2, 1, true), 1e-12)));
    // dE/dS = |z|^T |z|: ascend, then project
    const a = tf.abs(z);
    const units = S.shape[0];
    const mask = options.mask ?? tf.sub(1, tf.eye(units));
    let nextS = tf.mul(
      tf.relu(
        tf.add(S, tf.mul(options.inhibitionRate ?? 0.01, tf.div(tf.matMul(a, a, true, false), n))),
      ),
      mask,
    );
    const norm = tf.norm(nextS);
    const bound = options.maxInhibition ?? 1;
    nextS = tf.mul(nextS, tf.minimum(1, tf.div(bound, tf.maximum(norm, 1e-12))));
    S.assign(nextS);
  });
  z.dispose();
  return { energy, iterations: inference.iterations };
}
