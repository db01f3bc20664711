/**
 * Preprocessing of image patches (or any rows of {@link ArrayData}) as in the sparse-coding and
 * topographic-map literature: per-row contrast normalisation ({@link contrastNormalize}) and ZCA
 * whitening ({@link fitZca}, {@link whiten}, {@link dewhiten}).
 *
 * ZCA ("zero-phase component analysis", Bell & Sejnowski 1997) maps a centred row x to
 * W x with W = U (Λ + ε)^(-1/2) U^T, where C = U Λ U^T is the covariance of the training rows.
 * W is symmetric, so it is the whitening transform that stays closest to the input: whitened
 * patches still look like (edge-enhanced) patches, unlike PCA whitening. ε regularises the
 * small-variance directions (mostly high-frequency noise in natural images); without it they
 * would be amplified without bound. Here ε is given relative to the mean eigenvalue trace(C) / d,
 * so the same setting suits raw and contrast-normalised rows. The default 0.1 follows Coates,
 * Lee & Ng (2011, "An analysis of single-layer networks in unsupervised feature learning"),
 * who add 0.1 to the eigenvalues of contrast-normalised patches, whose mean eigenvalue is about 1.
 *
 * The eigendecomposition is the symmetric one of the `ml-matrix` library; covariances are
 * accumulated in double precision.
 *
 * @module
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { type ArrayData, checkData } from "./rows.ts";

export type { ArrayData } from "./rows.ts";

/** The default of {@link ContrastOptions.eps}: 0.01, about 2.5 grey levels of 255. */
export const DEFAULT_CONTRAST_EPS = 0.01;

/** The default of {@link ZcaOptions.eps}: 0.1 times the mean eigenvalue (Coates et al. 2011). */
export const DEFAULT_ZCA_EPS = 0.1;

/** Options of {@link contrastNormalize}. */
export interface ContrastOptions {
  /**
   * Added to each row's standard deviation before dividing, so that flat rows are not blown up
   * into noise (default {@link DEFAULT_CONTRAST_EPS}, in the units of the values: 0.01 is about
   * 2.5 grey levels for pixels scaled to [0, 1], close to the sqrt(var + 10) of Coates et al.
   * 2011 on 0..255 pixels). A row then has standard deviation s / (s + eps) rather than 1. With
   * 0, every non-constant row has standard deviation exactly 1 and constant rows become zeros.
   */
  eps?: number;
}

/**
 * Subtract each row's mean and divide by its standard deviation plus `eps`: per-patch contrast
 * normalisation. The standard deviation is the population one (divided by `features`).
 *
 * @param data the rows (not changed)
 * @param options `eps`, see {@link ContrastOptions}
 * @returns new rows, each with mean 0 and standard deviation s / (s + eps)
 * @throws {Error} when `eps` is negative or not finite, or `data` is malformed
 *
 * @example
 * ```ts
 * import { contrastNormalize } from "./whiten.ts";
 * const out = contrastNormalize({ x: new Float32Array([1, 3, 5, 5]), n: 2, features: 2 }, {
 *   eps: 0,
 * });
 * console.log([...out.x]); // [-1, 1, 0, 0]: a flat row stays flat
 * ```
 */
export function contrastNormalize(data: ArrayData, options: ContrastOptions = {}): ArrayData {
  checkData(data);
  const eps = options.eps ?? DEFAULT_CONTRAST_EPS;
  if (!Number.isFinite(eps) || eps < 0) {
    throw new Error(`contrastNormalize: eps must be a finite number >= 0, got ${eps}`);
  }
  const d = data.features;
  const out = new Float32Array(data.x.length);
  for (let r = 0; r < data.n; r++) {
    const o = r * d;
    let sum = 0;
    for (let j = 0; j < d; j++) sum += data.x[o + j];
    const mean = sum / d;
    let ss = 0;
    for (let j = 0; j < d; j++) {
      const c = data.x[o + j] - mean;
      ss += c * c;
    }
    const std = Math.sqrt(ss / d);
    const scale = std + eps > 0 && std > 0 ? 1 / (std + eps) : 0;
    for (let j = 0; j < d; j++) out[o + j] = (data.x[o + j] - mean) * scale;
  }
  return { x: out, y: data.y, n: data.n, features: d };
}

/** Options of {@link fitZca}. */
export interface ZcaOptions {
  /**
   * Regulariser added to every eigenvalue, relative to the mean eigenvalue trace(C) / d
   * (default {@link DEFAULT_ZCA_EPS}). Smaller values whiten more fully and amplify noise more;
   * must be > 0.
   */
  eps?: number;
}

/** A fitted ZCA whitening, as plain arrays (it can be stored as JSON). */
export interface ZcaWhitening {
  /** The method; always `"zca"`. */
  kind: "zca";
  /** Values per row, d. */
  features: number;
  /** The mean of the training rows, subtracted before whitening (d values). */
  mean: Float32Array;
  /** W = U (Λ + ε)^(-1/2) U^T, d x d row-major, exactly symmetric. */
  matrix: Float32Array;
  /** W^-1 = U (Λ + ε)^(1/2) U^T, d x d row-major, exactly symmetric: for {@link dewhiten}. */
  inverse: Float32Array;
  /** The eigenvalues Λ of the training covariance, largest first (negative rounding set to 0). */
  eigenvalues: Float64Array;
  /**
   * The eigenvectors U, one per row in the order of `eigenvalues`: eigenvector k is
   * `eigenvectors[k * d .. (k + 1) * d]`.
   */
  eigenvectors: Float32Array;
  /** ε as given, relative to the mean eigenvalue. */
  epsRelative: number;
  /** ε actually added to the eigenvalues: epsRelative * trace(C) / d. */
  eps: number;
  /** Rows the covariance was estimated from. */
  n: number;
}

/**
 * Fit ZCA whitening to the rows of `data`: their mean, their covariance C (divided by n), its
 * eigendecomposition C = U Λ U^T, and W = U (Λ + ε)^(-1/2) U^T. After whitening, the training
 * rows have covariance U Λ (Λ + ε)^-1 U^T: the identity in the directions whose variance is well
 * above ε, and less than that in the others (a direction of zero variance, like the mean of
 * contrast-normalised patches, stays zero).
 *
 * @param data training rows, at least 2
 * @param options `eps`, see {@link ZcaOptions}
 * @returns the whitening, to pass to {@link whiten} and {@link dewhiten}
 * @throws {Error} when `eps` is not > 0, there are fewer than 2 rows, the rows have no variance
 * or hold non-finite values
 *
 * @example
 * ```ts
 * import { fitZca, whiten } from "./whiten.ts";
 * const x = new Float32Array([1, 2, 2, 5, 3, 6, 4, 9]); // 4 rows of 2 correlated values
 * const zca = fitZca({ x, n: 4, features: 2 }, { eps: 1e-9 });
 * const z = whiten(zca, { x, n: 4, features: 2 });
 * let c01 = 0;
 * for (let r = 0; r < 4; r++) c01 += z.x[2 * r] * z.x[2 * r + 1] / 4;
 * if (Math.abs(c01) > 1e-4) throw new Error("still correlated");
 * ```
 */
export function fitZca(data: ArrayData, options: ZcaOptions = {}): ZcaWhitening {
  checkData(data);
  const epsRelative = options.eps ?? DEFAULT_ZCA_EPS;
  if (!Number.isFinite(epsRelative) || epsRelative <= 0) {
    throw new Error(`fitZca: eps must be a finite number > 0, got ${epsRelative}`);
  }
  const { n, features: d, x } = data;
  if (n < 2) throw new Error(`fitZca: needs at least 2 rows to estimate a covariance, got ${n}`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) mean[j] += x[o + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  if (!mean.every(Number.isFinite)) {
    throw new Error("fitZca: the rows hold NaN or infinite values");
  }
  // Upper triangle of sum (x - mean)(x - mean)^T, four rows at a time (a missing fourth row
  // is zeros).
  const cov = new Float64Array(d * d);
  const c = [0, 1, 2, 3].map(() => new Float64Array(d));
  const [c0, c1, c2, c3] = c;
  for (let r = 0; r < n; r += 4) {
    for (let k = 0; k < 4; k++) {
      const ck = c[k];
      if (r + k >= n) ck.fill(0);
      else for (let j = 0, o = (r + k) * d; j < d; j++) ck[j] = x[o + j] - mean[j];
    }
    for (let i = 0; i < d; i++) {
      const a0 = c0[i], a1 = c1[i], a2 = c2[i], a3 = c3[i];
      const row = i * d;
      for (let j = i; j < d; j++) cov[row + j] += a0 * c0[j] + a1 * c1[j] + a2 * c2[j] + a3 * c3[j];
    }
  }
  const rows: number[][] = [];
  let trace = 0;
  for (let i = 0; i < d; i++) {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) row[j] = (i <= j ? cov[i * d + j] : cov[j * d + i]) / n;
    trace += row[i];
    rows.push(row);
  }
  if (!(trace > 0)) throw new Error("fitZca: the rows have no variance (all rows are equal)");
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = Array.from({ length: d }, (_, k) => k).sort((a, b) => values[b] - values[a]);
  const eigenvalues = Float64Array.from(order, (k) => Math.max(0, values[k]));
  const u = new Float64Array(d * d); // u[k * d + j]: component j of eigenvector k
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < d; j++) u[k * d + j] = vectors.get(j, order[k]);
  }
  const eps = epsRelative * trace / d;
  const down = eigenvalues.map((l) => 1 / Math.sqrt(l + eps));
  const up = eigenvalues.map((l) => Math.sqrt(l + eps));
  const matrix = new Float32Array(d * d);
  const inverse = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let w = 0;
      let v = 0;
      for (let k = 0; k < d; k++) {
        const p = u[k * d + i] * u[k * d + j];
        w += p * down[k];
        v += p * up[k];
      }
      matrix[i * d + j] = matrix[j * d + i] = w;
      inverse[i * d + j] = inverse[j * d + i] = v;
    }
  }
  return {
    kind: "zca",
    features: d,
    mean: Float32Array.from(mean),
    matrix,
    inverse,
    eigenvalues,
    eigenvectors: Float32Array.from(u),
    epsRelative,
    eps,
    n,
  };
}

function checkFor(zca: ZcaWhitening, data: ArrayData, what: string): void {
  checkData(data);
  if (data.features !== zca.features) {
    throw new Error(
      `${what}: the whitening was fitted to rows of ${zca.features} values, got ${data.features}`,
    );
  }
}

/** Each row x becomes m (x - before) + after; m is d x d row-major. */
function affine(
  m: Float32Array,
  data: ArrayData,
  before: Float32Array | null,
  after: Float32Array | null,
): Float32Array {
  const d = data.features;
  const n = data.n;
  const x = data.x;
  const w = Float64Array.from(m);
  const out = new Float32Array(x.length);
  // Four rows at a time: each weight read serves four products.
  const c = [0, 1, 2, 3].map(() => new Float64Array(d));
  const [c0, c1, c2, c3] = c;
  for (let r = 0; r < n; r += 4) {
    const rows = Math.min(4, n - r);
    for (let k = 0; k < 4; k++) {
      const o = (r + Math.min(k, rows - 1)) * d;
      const ck = c[k];
      for (let j = 0; j < d; j++) ck[j] = before ? x[o + j] - before[j] : x[o + j];
    }
    for (let i = 0; i < d; i++) {
      const row = i * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < d; j++) {
        const wj = w[row + j];
        s0 += wj * c0[j];
        s1 += wj * c1[j];
        s2 += wj * c2[j];
        s3 += wj * c3[j];
      }
      const add = after ? after[i] : 0;
      const o = r * d + i;
      out[o] = s0 + add;
      if (rows > 1) out[o + d] = s1 + add;
      if (rows > 2) out[o + 2 * d] = s2 + add;
      if (rows > 3) out[o + 3 * d] = s3 + add;
    }
  }
  return out;
}

/** Options of {@link whiten}. */
export interface WhitenOptions {
  /**
   * Subtract the training mean first (default true). Pass false to map vectors that are not
   * data, such as the weights of an encoder trained on whitened rows: a filter f applied to
   * whitened input W (x - mean) equals the filter W f applied to the centred pixels, since W is
   * symmetric, so `whiten(zca, filters, { center: false })` shows the filters in pixel space.
   */
  center?: boolean;
}

/**
 * Whiten rows with a fitted ZCA: W (x - mean) for each row x. Use it on the training rows and
 * on any new rows preprocessed the same way (for patches: contrast-normalised with the same eps).
 *
 * @param zca from {@link fitZca}
 * @param data rows of `zca.features` values (not changed)
 * @param options `center`, see {@link WhitenOptions}
 * @returns the whitened rows, keeping the labels
 * @throws {Error} when the rows do not have `zca.features` values
 *
 * @example
 * ```ts
 * import { fitZca, whiten } from "./whiten.ts";
 * const train = { x: new Float32Array([0, 0, 2, 1, 0, 1, 2, 2]), n: 4, features: 2 };
 * const zca = fitZca(train);
 * const atMean = { x: new Float32Array([1, 1]), n: 1, features: 2 };
 * console.log(whiten(zca, atMean).x); // [0, 0]
 * ```
 */
export function whiten(zca: ZcaWhitening, data: ArrayData, options: WhitenOptions = {}): ArrayData {
  checkFor(zca, data, "whiten");
  const center = options.center ?? true;
  const x = affine(zca.matrix, data, center ? zca.mean : null, null);
  return { x, y: data.y, n: data.n, features: data.features };
}

/** Options of {@link dewhiten}. */
export interface DewhitenOptions {
  /**
   * Add the training mean back (default true): right for reconstructions of whitened rows.
   * Pass false for directions rather than data, such as the decoder's basis functions (the
   * columns of a dictionary learned on whitened rows), to show them in pixel space.
   */
  addMean?: boolean;
}

/**
 * Undo {@link whiten}: W^-1 z + mean for each row z, to show reconstructions, samples or
 * learned basis functions as patches.
 *
 * @param zca from {@link fitZca}
 * @param data whitened rows (not changed)
 * @param options `addMean`, see {@link DewhitenOptions}
 * @returns the rows in the input space, keeping the labels
 * @throws {Error} when the rows do not have `zca.features` values
 *
 * @example
 * ```ts
 * import { dewhiten, fitZca, whiten } from "./whiten.ts";
 * const train = { x: new Float32Array([0, 0, 2, 1, 0, 1, 2, 3]), n: 4, features: 2 };
 * const zca = fitZca(train);
 * const back = dewhiten(zca, whiten(zca, train));
 * if (back.x.some((v, i) => Math.abs(v - train.x[i]) > 1e-5)) throw new Error("not undone");
 * ```
 */
export function dewhiten(
  zca: ZcaWhitening,
  data: ArrayData,
  options: DewhitenOptions = {},
): ArrayData {
  checkFor(zca, data, "dewhiten");
  const addMean = options.addMean ?? true;
  const x = affine(zca.inverse, data, null, addMean ? zca.mean : null);
  return { x, y: data.y, n: data.n, features: data.features };
}
