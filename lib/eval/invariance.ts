/**
 * How invariant features are to small shifts and rotations of their input images: the measure
 * for the claim that pooled group-sparse features (L2 norms over pools of units,
 * `GroupSparseAutoencoder.pooled`) vary less under small transformations than the units of a
 * plain L1 autoencoder (NYU deep learning week 9; Kavukcuoglu et al. 2009).
 *
 * The images and their transforms (shifts, bilinear rotations, fill) are those of
 * `lib/data/transforms.ts`, re-exported here.
 *
 * **Measure.** For a feature function f (rows of images to rows of m features), n images X and
 * a transform T, let F = f(X) and G = f(T X), both [n, m]. Two numbers:
 *
 * - `correlation`: the mean over feature units j of the Pearson correlation, across the n
 *   samples, of the column F[:, j] with G[:, j]:
 *   rho_j = sum_i (F_ij - mean F_j)(G_ij - mean G_j) / sqrt(sum_i (F_ij - mean F_j)^2 *
 *   sum_i (G_ij - mean G_j)^2). A unit whose column is constant in F or in G (standard
 *   deviation at most 1e-6 times its largest absolute value, or all zero) has no correlation;
 *   it is left out of the mean and counted in `skippedUnits`. 1 means every unit's response
 *   to the transformed images is an increasing linear function of its response to the
 *   originals; the correlation ignores each unit's offset and scale, so units with large
 *   constant parts do not look invariant for that reason alone. Conversely a unit that
 *   hardly varies across the samples gets a low correlation from small changes (the largest
 *   pixel of an MNIST digit, nearly always 1, correlates about 0.0-0.1 with itself after a
 *   5 degree bilinear rotation); read `correlationStd` and the cosine alongside.
 * - `cosine`: the mean over samples i of the cosine similarity of the feature vectors,
 *   <F_i, G_i> / (||F_i|| ||G_i||); a pair where both vectors are zero counts as 1 (the
 *   features agree), a pair where exactly one is zero as 0. The cosine is not centred: on
 *   non-negative features (ReLU codes, pooled norms) it is high even for unrelated vectors,
 *   so compare it between feature sets, not against 0.
 *
 * Both are computed in float64 from the float32 features. `correlationStd` is the standard
 * deviation of rho_j over the units used; the spread over training seeds is the caller's,
 * from one record per seed.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor2D } from "../tf.ts";
import { type ArrayData, checkData, mapRows } from "../data/rows.ts";
import {
  defaultTransforms,
  fillOf,
  imageSide,
  type ImageTransform,
  transformImages,
  type TransformOptions,
} from "../data/transforms.ts";

export type { ArrayData } from "../data/rows.ts";
export type { Tensor2D } from "../tf.ts";
export {
  defaultTransforms,
  type Fill,
  type ImageTransform,
  rotateImages,
  shiftImages,
  transformImages,
  type TransformOptions,
} from "../data/transforms.ts";

/** The invariance of features under one transform, from {@link invariance}. */
export interface InvarianceRecord {
  /** The transform's kind. */
  kind: ImageTransform["kind"];
  /** The transform's amount: pixels or degrees. */
  amount: number;
  /** Mean over units of the Pearson correlation across samples of f(x) and f(T x). */
  correlation: number;
  /** Standard deviation over the units used of that correlation. */
  correlationStd: number;
  /** Mean over samples of the cosine similarity of f(x) and f(T x). */
  cosine: number;
  /** Number of samples. */
  n: number;
  /** Number of feature units whose correlation entered the mean. */
  units: number;
  /** Number of feature units left out because they were constant in f(x) or f(T x). */
  skippedUnits: number;
}

/** The agreement of two feature tables, from {@link featureAgreement}. */
export interface FeatureAgreement {
  /** Mean over units of the Pearson correlation across samples (NaN when no unit varies). */
  correlation: number;
  /** Standard deviation over the units used of the correlation (NaN when none). */
  correlationStd: number;
  /** Mean over samples of the cosine similarity of the rows. */
  cosine: number;
  /** Number of units used in the correlation. */
  units: number;
  /** Number of units left out as constant. */
  skippedUnits: number;
}

/** Options of {@link invariance}. */
export interface InvarianceOptions extends TransformOptions {
  /** The transforms to measure. Default {@link defaultTransforms}. */
  transforms?: readonly ImageTransform[];
  /** Rows per call of the feature function. Default 1000. */
  batchSize?: number;
}

/**
 * The module's measure on two feature tables F and G, each n rows of m units row-major:
 * the mean over units of the Pearson correlation across rows of F[:, j] with G[:, j] (units
 * constant in F or G left out), and the mean over rows of the cosine similarity of F_i and G_i
 * (both zero: 1; one zero: 0). See the module documentation for the exact definitions.
 *
 * @example
 * ```ts
 * import { featureAgreement } from "./invariance.ts";
 * const F = new Float32Array([1, 5, 2, 5, 3, 5]); // 3 rows, 2 units; unit 1 is constant
 * const G = new Float32Array([2, 1, 4, 2, 6, 3]);
 * const a = featureAgreement(F, G, 3, 2);
 * console.log(a.correlation, a.units, a.skippedUnits); // 1 1 1
 * ```
 */
export function featureAgreement(
  F: Float32Array,
  G: Float32Array,
  n: number,
  m: number,
): FeatureAgreement {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(m) || m < 1) {
    throw new Error(`featureAgreement: n and m must be integers >= 1, got n=${n}, m=${m}`);
  }
  if (F.length !== n * m || G.length !== n * m) {
    throw new Error(
      `featureAgreement: tables of ${F.length} and ${G.length} values for n * m = ${n * m}`,
    );
  }
  const meanF = new Float64Array(m);
  const meanG = new Float64Array(m);
  const maxF = new Float64Array(m);
  const maxG = new Float64Array(m);
  let cosine = 0;
  for (let i = 0; i < n; i++) {
    let fg = 0;
    let ff = 0;
    let gg = 0;
    for (let j = 0; j < m; j++) {
      const f = F[i * m + j];
      const g = G[i * m + j];
      meanF[j] += f;
      meanG[j] += g;
      maxF[j] = Math.max(maxF[j], Math.abs(f));
      maxG[j] = Math.max(maxG[j], Math.abs(g));
      fg += f * g;
      ff += f * f;
      gg += g * g;
    }
    cosine += ff === 0 && gg === 0 ? 1 : ff === 0 || gg === 0 ? 0 : fg / Math.sqrt(ff * gg);
  }
  for (let j = 0; j < m; j++) {
    meanF[j] /= n;
    meanG[j] /= n;
  }
  const sfg = new Float64Array(m);
  const sff = new Float64Array(m);
  const sgg = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const f = F[i * m + j] - meanF[j];
      const g = G[i * m + j] - meanG[j];
      sfg[j] += f * g;
      sff[j] += f * f;
      sgg[j] += g * g;
    }
  }
  const rho: number[] = [];
  for (let j = 0; j < m; j++) {
    const sdF = Math.sqrt(sff[j] / n);
    const sdG = Math.sqrt(sgg[j] / n);
    if (!(sdF > 1e-6 * maxF[j]) || !(sdG > 1e-6 * maxG[j])) continue;
    rho.push(Math.max(-1, Math.min(1, sfg[j] / Math.sqrt(sff[j] * sgg[j]))));
  }
  const mean = rho.length ? rho.reduce((a, b) => a + b, 0) / rho.length : NaN;
  const std = rho.length
    ? Math.sqrt(rho.reduce((a, b) => a + (b - mean) ** 2, 0) / rho.length)
    : NaN;
  return {
    correlation: mean,
    correlationStd: std,
    cosine: cosine / n,
    units: rho.length,
    skippedUnits: m - rho.length,
  };
}

/**
 * Measure how invariant `features` are to each transform (default {@link defaultTransforms}):
 * one {@link InvarianceRecord} per transform, in order, with the correlation and cosine of the
 * module documentation. The features of the untransformed images are computed once; the
 * feature function runs in batches of `batchSize` rows inside `tf.tidy`.
 *
 * @param data rows of square images (`features` = side * side)
 * @param features a map from images [batch, side * side] to features [batch, m]
 * @param options transforms, fill and batch size
 * @returns one record per transform
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { invariance } from "./invariance.ts";
 * // four 3 x 3 images, each one bright pixel of a different brightness in the middle row
 * const x = new Float32Array(36);
 * [1, 2, 3, 4].forEach((v, i) => (x[i * 9 + 3 + (i % 3)] = v));
 * const data = { x, n: 4, features: 9 };
 * const total = (b: tf.Tensor2D) => tf.sum(b, 1, true) as tf.Tensor2D;
 * const [r] = await invariance(data, total, { transforms: [{ kind: "shift-y", amount: 1 }] });
 * console.log(r.kind, r.amount, r.correlation, r.cosine, r.n); // shift-y 1 1 1 4
 * ```
 */
export async function invariance(
  data: ArrayData,
  features: (x: Tensor2D) => Tensor2D,
  options: InvarianceOptions = {},
): Promise<InvarianceRecord[]> {
  checkData(data, "invariance: data");
  const side = imageSide(data.features);
  const transforms = options.transforms ?? defaultTransforms();
  const fill = fillOf(options);
  const run = { batchSize: options.batchSize };
  // mapRows frees each input batch: a feature function that returns its input gets a copy
  const f = (x: Tensor2D): Tensor2D => {
    const y = features(x);
    return y === x ? tf.clone(y) : y;
  };
  const base = await mapRows(data, f, run);
  const m = base.features;
  const records: InvarianceRecord[] = [];
  for (const t of transforms) {
    const moved = transformImages(data.x, side, t, { fill });
    const out = await mapRows({ x: moved, n: data.n, features: data.features }, f, run);
    if (out.features !== m) {
      throw new Error(`invariance: the features changed width from ${m} to ${out.features}`);
    }
    const a = featureAgreement(base.x, out.x, data.n, m);
    records.push({
      kind: t.kind,
      amount: t.amount,
      correlation: a.correlation,
      correlationStd: a.correlationStd,
      cosine: a.cosine,
      n: data.n,
      units: a.units,
      skippedUnits: a.skippedUnits,
    });
  }
  return records;
}
