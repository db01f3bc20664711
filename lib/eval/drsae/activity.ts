/**
 * The data-driven analyses of a trained DrSAE (Rolfe & LeCun 2013, Sec. 3): the optimal decoder
 * of each iterate (Figure 8), when units first turn on (Figure 7(d)), final activities
 * (Figure 7(b)) and how a network fits a split (error, L^U, L^S, never-active units).
 *
 * @module
 */
import { tf } from "../../tf.ts";
import type { Tensor2D } from "../../tf.ts";
import type { Drsae } from "../../models/drsae.ts";
import { type ArrayData, checkData, gatherBatch } from "../../data/rows.ts";
import { read } from "./internal.ts";

/** Options of the data-driven analyses. */
export interface DrsaeDataOptions {
  /** Use the first this many rows of the data. Default 1000. */
  examples?: number;
  /** Rows per forward pass. Default 250. */
  batchSize?: number;
}

/** Options for {@link optimalDecoders}. */
export interface OptimalDecoderOptions extends DrsaeDataOptions {
  /**
   * The ridge r of min_D (1/N) ||X - Z^t D||^2 + r ||D||^2, which keeps the normal equations
   * solvable when a unit never fires (its decoder is then zero). Default 1e-4.
   */
  ridge?: number;
  /**
   * Return only these units' decoders, in this order (Figure 8 shows a few units). The least
   * squares problem is still solved jointly over all units; only the rows returned differ,
   * and the solve is then much cheaper. Default: every unit.
   */
  units?: readonly number[];
}

/** How many leading rows of `data` an analysis uses: `examples` (default 1000), at most all. */
function rowsToUse(data: ArrayData, examples: number | undefined, what: string): number {
  checkData(data, what);
  const n = Math.min(data.n, examples ?? 1000);
  if (!(n >= 1)) throw new Error(`examples must be at least 1, got ${examples}`);
  return n;
}

/**
 * The optimal decoder of every iterate (Figure 8): for t = 1..T, the D^t minimising
 * (1/N) ||X - Z^t D^t||^2 + ridge ||D^t||^2 over the first `examples` rows, from the normal
 * equations (Z^T Z / N + ridge I) D^t = Z^T X / N solved by Cholesky in float64. Row i of
 * D^t (the paper's column D^t_i) is what unit i's activity at iteration t stands for.
 *
 * @param model a DrSAE
 * @param data input rows
 * @param options rows to use, batch size, ridge
 * @returns one row-major [hidden, inputs] matrix per iteration (or [units.length, inputs] with
 *   `units`); entry t - 1 is D^t
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { optimalDecoders } from "./activity.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3, lambda: 0 });
 * const x = Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 5);
 * const ds = await optimalDecoders(model, { x, n: 5, features: 8 });
 * console.log(ds.length, ds[0].length); // 3 32
 * model.dispose();
 * ```
 */
export async function optimalDecoders(
  model: Drsae,
  data: ArrayData,
  options: OptimalDecoderOptions = {},
): Promise<Float32Array[]> {
  const n = rowsToUse(data, options.examples, "analysis data");
  const ridge = options.ridge ?? 1e-4;
  if (!(ridge >= 0)) throw new Error(`The ridge must be >= 0, got ${ridge}`);
  const batchSize = options.batchSize ?? 250;
  const { hidden, inputs, steps } = model.config;
  const grams = Array.from({ length: steps }, () => new Float64Array(hidden * hidden));
  const cross = Array.from({ length: steps }, () => new Float64Array(hidden * inputs));
  for (let from = 0; from < n; from += batchSize) {
    const to = Math.min(n, from + batchSize);
    const batch = gatherBatch({ ...data, y: undefined }, null, from, to);
    const parts = tf.tidy(() =>
      model.encodeAll(batch.x).flatMap((z) => [
        tf.matMul(z, z, true, false), // Z^T Z, [hidden, hidden]
        tf.matMul(z, batch.x, true, false), // Z^T X, [hidden, inputs]
      ])
    );
    batch.x.dispose();
    for (let t = 0; t < steps; t++) {
      const g = await read(parts[2 * t]);
      const c = await read(parts[2 * t + 1]);
      for (let i = 0; i < g.length; i++) grams[t][i] += g[i];
      for (let i = 0; i < c.length; i++) cross[t][i] += c[i];
    }
  }
  const units = options.units;
  for (const u of units ?? []) {
    if (!Number.isInteger(u) || u < 0 || u >= hidden) {
      throw new Error(`Unit ${u} is out of range: the model has ${hidden} hidden units`);
    }
  }
  return grams.map((g, t) => {
    for (let i = 0; i < g.length; i++) g[i] /= n;
    for (let i = 0; i < hidden; i++) g[i * hidden + i] += ridge;
    const r = cross[t];
    for (let i = 0; i < r.length; i++) r[i] /= n;
    choleskyFactor(g, hidden);
    if (!units) return Float32Array.from(choleskySolve(g, r, hidden, inputs));
    // row u of G^{-1} R is (G^{-1} e_u)^T R: one solve with a single right-hand side per unit
    const out = new Float32Array(units.length * inputs);
    units.forEach((u, k) => {
      const e = new Float64Array(hidden);
      e[u] = 1;
      const v = choleskySolve(g, e, hidden, 1);
      for (let i = 0; i < hidden; i++) {
        const vi = v[i];
        if (vi === 0) continue;
        for (let c = 0, o = i * inputs; c < inputs; c++) out[k * inputs + c] += vi * r[o + c];
      }
    });
    return out;
  });
}

/**
 * Overwrite the lower triangle of symmetric positive definite G [h, h] (row-major) with its
 * Cholesky factor L, G = L L^T.
 */
function choleskyFactor(G: Float64Array, h: number): void {
  for (let j = 0; j < h; j++) {
    let s = G[j * h + j];
    for (let k = 0; k < j; k++) s -= G[j * h + k] ** 2;
    if (!(s > 0)) {
      throw new Error(
        "The normal equations of the optimal decoders are not positive definite: " +
          "pass a ridge > 0",
      );
    }
    const ljj = Math.sqrt(s);
    G[j * h + j] = ljj;
    for (let i = j + 1; i < h; i++) {
      let v = G[i * h + j];
      for (let k = 0; k < j; k++) v -= G[i * h + k] * G[j * h + k];
      G[i * h + j] = v / ljj;
    }
  }
}

/**
 * Solve L L^T X = R for the factor L from {@link choleskyFactor} and R [h, w], row-major;
 * overwrites R with X.
 */
function choleskySolve(G: Float64Array, R: Float64Array, h: number, w: number): Float64Array {
  // forward: L Y = R, row by row
  for (let i = 0; i < h; i++) {
    const ri = i * w;
    for (let k = 0; k < i; k++) {
      const l = G[i * h + k];
      if (l === 0) continue;
      for (let c = 0, rk = k * w; c < w; c++) R[ri + c] -= l * R[rk + c];
    }
    const d = G[i * h + i];
    for (let c = 0; c < w; c++) R[ri + c] /= d;
  }
  // backward: L^T X = Y
  for (let i = h - 1; i >= 0; i--) {
    const ri = i * w;
    for (let k = i + 1; k < h; k++) {
      const l = G[k * h + i];
      if (l === 0) continue;
      for (let c = 0, rk = k * w; c < w; c++) R[ri + c] -= l * R[rk + c];
    }
    const d = G[i * h + i];
    for (let c = 0; c < w; c++) R[ri + c] /= d;
  }
  return R;
}

/**
 * For each unit, the fraction of examples with z^1_i = 0 and z^2_i > 0: units that the input
 * alone does not turn on but the first pass through S does (Figure 7(d)). Part-units are
 * mostly driven at z^1 directly; categorical-units more often start at z^2.
 *
 * @param model a DrSAE
 * @param data input rows
 * @param options rows to use, batch size
 * @returns one probability per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { lateActivation } from "./activity.ts";
 * const model = drsae({ inputs: 4, hidden: 3, steps: 2 });
 * const p = await lateActivation(model, { x: new Float32Array(8).fill(0.5), n: 2, features: 4 });
 * console.log(p.length); // 3
 * model.dispose();
 * ```
 */
export async function lateActivation(
  model: Drsae,
  data: ArrayData,
  options: DrsaeDataOptions = {},
): Promise<Float32Array> {
  const n = rowsToUse(data, options.examples, "analysis data");
  const batchSize = options.batchSize ?? 250;
  const counts = new Float64Array(model.config.hidden);
  for (let from = 0; from < n; from += batchSize) {
    const to = Math.min(n, from + batchSize);
    const batch = gatherBatch({ ...data, y: undefined }, null, from, to);
    const c = tf.tidy(() => {
      // two iterations, whatever T is: z^2 exists as the first pass through S
      const [z1, z2] = model.encodeAll(batch.x, 2) as [Tensor2D, Tensor2D];
      const late = tf.logicalAnd(tf.equal(z1, 0), tf.greater(z2, 0));
      return tf.sum(tf.cast(late, "float32"), 0);
    });
    batch.x.dispose();
    const v = await read(c);
    for (let i = 0; i < v.length; i++) counts[i] += v[i];
  }
  return Float32Array.from(counts, (c) => c / n);
}

/** What {@link activityStatistics} returns. */
export interface ActivityStatistics {
  /** Per unit, the average z_i^T over the examples where z_i^T > 0 (Figure 7(b)); 0 if never. */
  meanWhenActive: Float32Array;
  /** Per unit, the fraction of examples with z_i^T > 0. */
  fractionActive: Float32Array;
}

/**
 * The final activities z^T of each unit on data: how often it is on and its average value when
 * on (Figure 7(b): categorical-units make larger contributions than any one part-unit).
 *
 * @param model a DrSAE
 * @param data input rows
 * @param options rows to use, batch size
 * @returns per-unit statistics
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { activityStatistics } from "./activity.ts";
 * const model = drsae({ inputs: 4, hidden: 3, steps: 2, lambda: 0 });
 * const s = await activityStatistics(model, { x: new Float32Array(8).fill(0.5), n: 2, features: 4 });
 * console.log(s.fractionActive.length); // 3
 * model.dispose();
 * ```
 */
export async function activityStatistics(
  model: Drsae,
  data: ArrayData,
  options: DrsaeDataOptions = {},
): Promise<ActivityStatistics> {
  const n = rowsToUse(data, options.examples, "analysis data");
  const batchSize = options.batchSize ?? 250;
  const hidden = model.config.hidden;
  const sums = new Float64Array(hidden);
  const counts = new Float64Array(hidden);
  for (let from = 0; from < n; from += batchSize) {
    const to = Math.min(n, from + batchSize);
    const batch = gatherBatch({ ...data, y: undefined }, null, from, to);
    const z = await read(model.encode(batch.x));
    batch.x.dispose();
    for (let r = 0; r < to - from; r++) {
      for (let i = 0; i < hidden; i++) {
        const v = z[r * hidden + i];
        if (v > 0) {
          sums[i] += v;
          counts[i]++;
        }
      }
    }
  }
  return {
    meanWhenActive: Float32Array.from(sums, (s, i) => counts[i] ? s / counts[i] : 0),
    fractionActive: Float32Array.from(counts, (c) => c / n),
  };
}

/** How a DrSAE fits one split: what separates overfitting from too short a run. */
export interface DrsaeSplitFit {
  /** Classification error (fraction) of argmax C z^T / ||z^T||. */
  error: number;
  /** Mean L^U of Eq. 2 over the rows. */
  lossU: number;
  /** Mean L^S of Eq. 3 over the rows. */
  lossS: number;
  /** Units whose z^T is 0 on every row of the split. */
  neverOn: number;
  /** Rows used. */
  rows: number;
}

/**
 * Error, L^U, L^S and never-active units of a DrSAE on one split. Measured on the training,
 * validation and test splits side by side, it tells a network that has not fitted its training
 * digits (a run too short) from one that fits them and does not generalise (units that fire on
 * training digits only, a training error far below the validation error).
 *
 * @param model a DrSAE
 * @param data rows with labels
 * @param options batch size (default 1000)
 * @returns the split's fit
 *
 * @example
 * ```ts
 * import { drsae } from "../../models/drsae.ts";
 * import { splitFit } from "./activity.ts";
 * const model = drsae({ inputs: 4, hidden: 3, classes: 2, steps: 2 });
 * const x = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0]);
 * const f = await splitFit(model, { x, y: new Uint8Array([0, 1]), n: 2, features: 4 });
 * console.log(f.rows, f.error >= 0 && f.error <= 1, f.neverOn <= 3); // 2 true true
 * model.dispose();
 * ```
 */
export async function splitFit(
  model: Drsae,
  data: ArrayData,
  options: { batchSize?: number } = {},
): Promise<DrsaeSplitFit> {
  checkData(data, "split data");
  if (!data.y) throw new Error("splitFit needs labels: pass data with y");
  const batchSize = options.batchSize ?? 1000;
  let wrong = 0, lossU = 0, lossS = 0;
  const peak = new Float32Array(model.config.hidden);
  for (let from = 0; from < data.n; from += batchSize) {
    const to = Math.min(data.n, from + batchSize);
    const batch = gatherBatch(data, null, from, to);
    const [pred, u, s, top] = tf.tidy(() => {
      const z = model.encode(batch.x);
      return [
        tf.argMax(model.logits(z), 1),
        model.unsupervisedLoss(batch.x),
        model.supervisedLoss(batch.x, batch.y!),
        tf.max(z, 0),
      ];
    });
    tf.dispose([batch.x, batch.y!]);
    const p = await read(pred), t = await read(top);
    for (let i = 0; i < p.length; i++) if (p[i] !== data.y[from + i]) wrong++;
    for (let j = 0; j < t.length; j++) peak[j] = Math.max(peak[j], t[j]);
    lossU += (await read(u))[0] * (to - from);
    lossS += (await read(s))[0] * (to - from);
  }
  return {
    error: wrong / data.n,
    lossU: lossU / data.n,
    lossS: lossS / data.n,
    neverOn: peak.filter((v) => v <= 0).length,
    rows: data.n,
  };
}
