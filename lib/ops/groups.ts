/**
 * Group sparsity (LeCun, NYU deep learning week 9; Kavukcuoglu et al. 2009; Hyvarinen & Hoyer
 * 2001; Gregor, Szlam & LeCun 2011): the regulariser sum_j ||z_{P_j}||_2 over predetermined
 * pools P_j of code units, its smoothed form sum_j sqrt(eps + ||z_{P_j}||^2), and the
 * proximal operator of the plain form for disjoint pools (group shrinkage).
 *
 * Pools are a 0/1 membership matrix of shape [pools, units], so the pooled energies of a batch
 * are one product, (z * z) P^T, and the gradient needs no special code. Three layouts:
 * disjoint groups ({@link disjointPools}), overlapping neighbourhoods on a 2-D toroidal grid
 * (topographic maps, {@link toroidalPools}) and the sub-trees of a tree ({@link treePools}).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor1D, Tensor2D } from "../tf.ts";

/** Pools of code units: which units each pool holds. */
export interface Pools {
  /** Number of code units. */
  units: number;
  /** The members of each pool, as unit indices. */
  members: readonly (readonly number[])[];
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be an integer >= 1, got ${v}`);
}

/**
 * Disjoint groups of `size` consecutive units.
 *
 * @example
 * ```ts
 * import { disjointPools } from "./groups.ts";
 * console.log(disjointPools(6, 3).members); // [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export function disjointPools(units: number, size: number): Pools {
  checkCount("units", units);
  checkCount("size", size);
  if (units % size !== 0) {
    throw new Error(`disjointPools: ${units} units do not split into groups of ${size}`);
  }
  const members = Array.from(
    { length: units / size },
    (_, j) => Array.from({ length: size }, (_, i) => j * size + i),
  );
  return { units, members };
}

/**
 * Overlapping square neighbourhoods on a rows x cols toroidal grid of units (unit r * cols + c
 * sits at (r, c)): one pool per grid position, holding the `window` x `window` units starting
 * there, wrapping around the edges (Kavukcuoglu et al. 2009; Hyvarinen & Hoyer 2001).
 *
 * @example
 * ```ts
 * import { toroidalPools } from "./groups.ts";
 * const p = toroidalPools(3, 3, 2);
 * console.log(p.members.length, p.members[8]); // 9 [8, 6, 2, 0]
 * ```
 */
export function toroidalPools(rows: number, cols: number, window: number): Pools {
  checkCount("rows", rows);
  checkCount("cols", cols);
  checkCount("window", window);
  if (window > Math.min(rows, cols)) {
    throw new Error(`toroidalPools: a window of ${window} does not fit a ${rows} x ${cols} grid`);
  }
  const members: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const pool: number[] = [];
      for (let dr = 0; dr < window; dr++) {
        for (let dc = 0; dc < window; dc++) {
          pool.push(((r + dr) % rows) * cols + ((c + dc) % cols));
        }
      }
      members.push(pool);
    }
  }
  return { units: rows * cols, members };
}

/**
 * The sub-trees of a complete tree of the given depth and branching, one unit per node in
 * breadth-first order: one pool per node, holding the node and all its descendants (Gregor,
 * Szlam & LeCun 2011; the lecture's tree-organised dictionary).
 *
 * @example
 * ```ts
 * import { treePools } from "./groups.ts";
 * const p = treePools(2, 2); // a root and its two children
 * console.log(p.units, p.members); // 3 [[0, 1, 2], [1], [2]]
 * ```
 */
export function treePools(depth: number, branching: number): Pools {
  checkCount("depth", depth);
  checkCount("branching", branching);
  let units = 0;
  for (let d = 0, width = 1; d < depth; d++, width *= branching) units += width;
  const children = (n: number) =>
    Array.from({ length: branching }, (_, i) => n * branching + 1 + i).filter((c) => c < units);
  const subtree = (n: number): number[] => [n, ...children(n).flatMap(subtree)];
  return { units, members: Array.from({ length: units }, (_, n) => subtree(n)) };
}

/** The membership matrix of `pools`, [pools, units], 1 where a pool holds a unit. */
export function poolMatrix(pools: Pools): Tensor2D {
  const m = new Float32Array(pools.members.length * pools.units);
  pools.members.forEach((pool, j) => {
    for (const u of pool) {
      if (!(u >= 0 && u < pools.units)) {
        throw new Error(`pool ${j} holds unit ${u}, outside [0, ${pools.units})`);
      }
      m[j * pools.units + u] = 1;
    }
  });
  return tf.tensor2d(m, [pools.members.length, pools.units]);
}

/**
 * The pooled norms sqrt(eps + ||z_{P_j}||^2) of each row, [batch, pools]: L2 pooling.
 *
 * @param z codes, [batch, units]
 * @param P the membership matrix from {@link poolMatrix}
 * @param eps the smoothing that keeps the gradient finite at z_P = 0. Default 0.
 */
export function poolNorms(z: Tensor2D, P: Tensor2D, eps = 0): Tensor2D {
  if (z.shape[1] !== P.shape[1]) {
    throw new Error(`codes have ${z.shape[1]} units but the pools cover ${P.shape[1]}`);
  }
  return tf.tidy(() => tf.sqrt(tf.add(tf.matMul(tf.square(z), P, false, true), eps)) as Tensor2D);
}

/**
 * The group-sparsity penalty sum_j sqrt(eps + ||z_{P_j}||^2) of each row, [batch].
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { disjointPools, groupPenalty, poolMatrix } from "./groups.ts";
 * const P = poolMatrix(disjointPools(4, 2));
 * console.log(groupPenalty(tf.tensor2d([[3, 4, 0, 0]]), P).arraySync()); // [5]
 * ```
 */
export function groupPenalty(z: Tensor2D, P: Tensor2D, eps = 0): Tensor1D {
  return tf.tidy(() => tf.sum(poolNorms(z, P, eps), 1) as Tensor1D);
}

/**
 * The proximal operator of t * sum_j ||v_{P_j}||_2 for disjoint pools (group shrinkage):
 * argmin_v 1/2 ||v - z||^2 + t sum_j ||v_{P_j}||, which scales each group by
 * max(0, 1 - t / ||z_P||): a group whose norm is at most t becomes zero.
 *
 * @throws Error for overlapping pools, whose proximal operator has no closed form
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { disjointPools, groupShrink, poolMatrix } from "./groups.ts";
 * const P = poolMatrix(disjointPools(4, 2));
 * console.log(groupShrink(tf.tensor2d([[3, 4, 0.3, 0.4]]), P, 1).arraySync()); // [[2.4, 3.2, 0, 0]]
 * ```
 */
export function groupShrink(z: Tensor2D, P: Tensor2D, t: number): Tensor2D {
  if (!(t >= 0)) throw new Error(`groupShrink: the threshold must be >= 0, got ${t}`);
  return tf.tidy(() => {
    const coverage = tf.sum(P, 0);
    if ((tf.max(coverage).arraySync() as number) > 1) {
      throw new Error(
        "groupShrink: the pools overlap, and their proximal operator has no closed form: " +
          "use disjoint pools, or the smoothed penalty with gradient steps",
      );
    }
    const norms = tf.sqrt(tf.matMul(tf.square(z), P, false, true)); // [batch, pools]
    const scale = tf.relu(tf.sub(1, tf.div(t, tf.maximum(norms, 1e-30))));
    // units in no pool are left as they are
    const perUnit = tf.add(tf.matMul(scale, P), tf.sub(1, coverage));
    return tf.mul(z, perUnit) as Tensor2D;
  });
}
