/**
 * Metrics on in-memory data: classification error, reconstruction error (MSE, FVU),
 * sparsity (L0), dead units, mutual coherence; and {@link mapRows}, which runs any tensor
 * function over data in batches (feature extraction).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor2D } from "../tf.ts";
import { type ArrayData, mapRows } from "../data/rows.ts";

/**
 * The fraction of rows whose arg-max score differs from the label.
 *
 * @param data labelled rows
 * @param scores a map from inputs to class scores [batch, classes]
 *
 * @example
 * ```ts
 * import { classificationError } from "./metrics.ts";
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Uint8Array([0, 0]), n: 2, features: 2 };
 * console.log(await classificationError(data, (x) => x)); // 0.5
 * ```
 */
export async function classificationError(
  data: ArrayData,
  scores: (x: Tensor2D) => Tensor2D,
  options: { batchSize?: number } = {},
): Promise<number> {
  if (!data.y) throw new Error("classification error needs labels: pass data with y");
  const pred = await mapRows(data, (x) => tf.cast(tf.argMax(scores(x), 1), "float32"), options);
  let wrong = 0;
  for (let i = 0; i < data.n; i++) if (pred.x[i] !== data.y[i]) wrong++;
  return wrong / data.n;
}

/** Reconstruction statistics from {@link reconstructionError}. */
export interface ReconstructionStats {
  /** Mean over rows of the squared error summed over features. */
  sse: number;
  /** Mean squared error per feature. */
  mse: number;
  /** Fraction of variance unexplained: total squared error over total variance. */
  fvu: number;
}

/**
 * Squared reconstruction error of `reconstruct` on `data`.
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { reconstructionError } from "./metrics.ts";
 * const data = { x: new Float32Array([0, 2, 2, 0]), n: 2, features: 2 };
 * console.log((await reconstructionError(data, (x) => tf.zerosLike(x))).mse); // 2
 * ```
 */
export async function reconstructionError(
  data: ArrayData,
  reconstruct: (x: Tensor2D) => Tensor2D,
  options: { batchSize?: number } = {},
): Promise<ReconstructionStats> {
  const err = await mapRows(
    data,
    (x) => tf.sum(tf.square(tf.sub(x, reconstruct(x))), 1, true),
    options,
  );
  let sse = 0;
  for (const e of err.x) sse += e;
  const d = data.features;
  const mean = new Float64Array(d);
  for (let i = 0; i < data.n; i++) for (let j = 0; j < d; j++) mean[j] += data.x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= data.n;
  let variance = 0;
  for (let i = 0; i < data.n; i++) {
    for (let j = 0; j < d; j++) variance += (data.x[i * d + j] - mean[j]) ** 2;
  }
  return { sse: sse / data.n, mse: sse / (data.n * d), fvu: variance > 0 ? sse / variance : NaN };
}

/** Sparsity statistics of codes, from {@link codeStatistics}. */
export interface CodeStats {
  /** Mean number of non-zero units per row. */
  l0: number;
  /** How many rows selected each unit (non-zero). */
  counts: Int32Array;
  /** Fraction of units never non-zero on the data ("dead"). */
  deadFraction: number;
}

/**
 * L0, selection counts and dead units of codes (rows of hidden activities).
 *
 * @example
 * ```ts
 * import { codeStatistics } from "./metrics.ts";
 * const s = codeStatistics({ x: new Float32Array([1, 0, 0, 2, 0, 0]), n: 2, features: 3 });
 * console.log(s.l0, s.deadFraction.toFixed(2)); // 1 0.33
 * ```
 */
export function codeStatistics(codes: ArrayData): CodeStats {
  const h = codes.features;
  const counts = new Int32Array(h);
  let nonzero = 0;
  for (let i = 0; i < codes.n; i++) {
    for (let j = 0; j < h; j++) {
      if (codes.x[i * h + j] !== 0) {
        counts[j]++;
        nonzero++;
      }
    }
  }
  let dead = 0;
  for (const c of counts) if (c === 0) dead++;
  return { l0: nonzero / codes.n, counts, deadFraction: dead / h };
}

/**
 * Mutual coherence mu(W) = max over i != j of |<w_i, w_j>| for unit-normalised columns
 * (Makhzani & Frey, Eq. 8). `W` is [inputs, units].
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { mutualCoherence } from "./metrics.ts";
 * console.log((await mutualCoherence(tf.tensor2d([[1, 1], [0, 1]]) as tf.Tensor2D)).toFixed(3)); // 0.707
 * ```
 */
export async function mutualCoherence(W: Tensor2D): Promise<number> {
  const mu = tf.tidy(() => {
    const unit = tf.div(W, tf.add(tf.norm(W, 2, 0, true), 1e-12));
    const gram = tf.abs(tf.matMul(unit, unit, true, false));
    return tf.max(tf.sub(gram, tf.eye(W.shape[1])));
  });
  const value = (await mu.data())[0];
  mu.dispose();
  return value;
}
