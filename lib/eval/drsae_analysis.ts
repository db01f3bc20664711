/**
 * The analyses of a trained DrSAE's hidden units in Rolfe & LeCun (2013), Sec. 3 and
 * Figures 3-8: how far each unit is from ISTA (encoder-decoder angle, explaining-away angle),
 * the part / categorical split, the strength of its recurrent and classification connections,
 * the optimal decoders of each iterate, and when units first turn on.
 *
 * Per-unit results are `Float32Array`s indexed by hidden unit. The paper's orientation is
 * used in the names (row E_i, column D_i, row (S - I)_i, column C_i); the module doc of
 * `drsae.ts` says where each lies in the tfjs-oriented parameters. Functions read tensors back
 * with `await t.data()`, so they run on every backend (WebGPU cannot read synchronously).
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { Tensor, Tensor2D } from "../tf.ts";
import type { Drsae } from "../models/drsae.ts";
import { type ArrayData, checkData, gatherBatch } from "../data/rows.ts";

/** The angle between matching slices of `a` and `b` along `axis`; NaN where one is zero. */
function anglesAlong(a: Tensor, b: Tensor, axis: number): Tensor {
  const dot = tf.sum(tf.mul(a, b), axis);
  const cos = tf.div(dot, tf.mul(tf.norm(a, 2, axis), tf.norm(b, 2, axis)));
  return tf.acos(tf.clipByValue(cos, -1, 1));
}

async function read(t: Tensor): Promise<Float32Array> {
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

/**
 * The angle, in radians, between each unit's encoder (the paper's row E_i) and its decoder
 * (column D_i): 0 for ISTA (Eq. 4), the x axis of Figures 3, 4(c) and 7. NaN for a unit whose
 * encoder or decoder is zero.
 *
 * @param model a DrSAE
 * @returns one angle per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../models/drsae.ts";
 * import { encoderDecoderAngles } from "./drsae_analysis.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * const angles = await encoderDecoderAngles(model); // E = alpha D^T at initialisation
 * console.log(angles.every((a) => a < 1e-3)); // true
 * model.dispose();
 * ```
 */
export function encoderDecoderAngles(model: Drsae): Promise<Float32Array> {
  const { E, D } = model.params;
  // E is [inputs, hidden] (unit i: column i), D is [hidden, inputs] (unit i: row i)
  return read(tf.tidy(() => anglesAlong(tf.transpose(E), D, 1)));
}

/** A unit's place on the part / categorical continuum (Sec. 3, footnote 7). */
export type UnitKind = "part" | "categorical" | "intermediate";

/** Thresholds of {@link classifyUnits}. */
export interface UnitThresholds {
  /** Units with an encoder-decoder angle below this are part-units. Default 0.5 rad (Sec. 3.1). */
  part?: number;
  /** Units with an angle above this are categorical-units. Default 0.7 rad (Sec. 3.2). */
  categorical?: number;
}

/** What {@link classifyUnits} returns. */
export interface UnitClasses {
  /** The kind of each unit. */
  kinds: UnitKind[];
  /** How many part-units. */
  part: number;
  /** How many categorical-units. */
  categorical: number;
  /** How many between the thresholds (or with an undefined angle). */
  intermediate: number;
}

/**
 * Split units into part-units (angle < 0.5 rad) and categorical-units (angle > 0.7 rad) by
 * their encoder-decoder angle, as the paper does for its figures (Sec. 3, footnote 7).
 *
 * @param angles from {@link encoderDecoderAngles}
 * @param thresholds the part and categorical thresholds, in radians
 * @returns each unit's kind and the counts
 *
 * @example
 * ```ts
 * import { classifyUnits } from "./drsae_analysis.ts";
 * const c = classifyUnits(Float32Array.from([0.1, 0.6, 0.9, 0.2]));
 * console.log(c.kinds, c.part, c.categorical); // ["part", "intermediate", "categorical", "part"] 2 1
 * ```
 */
export function classifyUnits(
  angles: ArrayLike<number>,
  thresholds: UnitThresholds = {},
): UnitClasses {
  const part = thresholds.part ?? 0.5; // Sec. 3.1
  const categorical = thresholds.categorical ?? 0.7; // Sec. 3.2
  if (!(part <= categorical)) {
    throw new Error(
      `The part threshold (${part}) must not exceed the categorical one (${categorical}): ` +
        "swap them",
    );
  }
  const kinds: UnitKind[] = Array.from(
    { length: angles.length },
    (_, i) => angles[i] < part ? "part" : angles[i] > categorical ? "categorical" : "intermediate",
  );
  const count = (k: UnitKind) => kinds.filter((x) => x === k).length;
  return {
    kinds,
    part: count("part"),
    categorical: count("categorical"),
    intermediate: count("intermediate"),
  };
}

/**
 * The magnitude of each unit's incoming explaining-away connections, ||(S - I)_i|| for the
 * paper's row i (Figure 3(a, b, e); footnote 6: S - I, not S, governs the perturbation).
 *
 * @param model a DrSAE
 * @returns one norm per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../models/drsae.ts";
 * import { explainingAwayNorms } from "./drsae_analysis.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log((await explainingAwayNorms(model)).length); // 4
 * model.dispose();
 * ```
 */
export function explainingAwayNorms(model: Drsae): Promise<Float32Array> {
  const { S } = model.params;
  // S here is the paper's S^T: the paper's row i (afferents of unit i) is column i
  return read(tf.tidy(() => tf.norm(tf.sub(S, tf.eye(S.shape[0])), 2, 0)));
}

/**
 * The magnitude of each unit's classification weights, ||C_i|| for the paper's column i
 * (Figure 3(c, d)).
 *
 * @param model a DrSAE
 * @returns one norm per hidden unit
 *
 * @example
 * ```ts
 * import { drsae } from "../models/drsae.ts";
 * import { classifierNorms } from "./drsae_analysis.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log([...await classifierNorms(model)]); // [0, 0, 0, 0]: C starts at zero
 * model.dispose();
 * ```
 */
export function classifierNorms(model: Drsae): Promise<Float32Array> {
  // C here is [hidden, classes]: the paper's column i is row i
  return read(tf.tidy(() => tf.norm(model.params.C, 2, 1)));
}

/**
 * The angle between each unit's explaining-away row (S - I)_i and the ISTA prediction, the
 * row i of -D^T D (Figure 4(c)). ISTA has S - I = -alpha D^T D (Eq. 4), so the prediction is
 * taken with its sign: the angle is 0 for ISTA and pi for the opposite connections.
 *
 * @param model a DrSAE
 * @returns one angle per hidden unit, radians
 *
 * @example
 * ```ts
 * import { drsae } from "../models/drsae.ts";
 * import { istaConnectionAngles } from "./drsae_analysis.ts";
 * const model = drsae({ inputs: 8, hidden: 4, steps: 3 });
 * console.log((await istaConnectionAngles(model)).every((a) => a < 1e-3)); // true
 * model.dispose();
 * ```
 */
export function istaConnectionAngles(model: Drsae): Promise<Float32Array> {
  const { S, D } = model.params;
  return read(tf.tidy(() => {
    const sMinusI = tf.sub(S, tf.eye(S.shape[0])); // unit i: column i (the paper's row i)
    const gram = tf.matMul(D, D, false, true); // the paper's D^T D; symmetric
    return anglesAlong(sMinusI, tf.neg(gram), 0);
  }));
}

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

function firstRows(data: ArrayData, examples: number | undefined, what: string): number {
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
 * import { drsae } from "../models/drsae.ts";
 * import { optimalDecoders } from "./drsae_analysis.ts";
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
  const n = firstRows(data, options.examples, "analysis data");
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
 * import { drsae } from "../models/drsae.ts";
 * import { lateActivation } from "./drsae_analysis.ts";
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
  const n = firstRows(data, options.examples, "analysis data");
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

/**
 * A DrSAE's parameters read back into plain arrays, in the tfjs orientation of `drsae.ts`
 * (see its module doc): for units i, j, pixel p and class k,
 *
 * | paper                 | here                      |
 * | --------------------- | ------------------------- |
 * | E_ip (row E_i)        | `E[p * hidden + i]`       |
 * | S_ij (from j to i)    | `S[j * hidden + i]`       |
 * | D_pi (column D_i)     | `D[i * inputs + p]`       |
 * | C_ki (column C_i)     | `C[i * classes + k]`      |
 *
 * The structural analyses of Figures 2 and 4-7 take this, so they can be checked on small
 * hand-built matrices without a model.
 */
export interface DrsaeWeights {
  /** Input dimension m. */
  inputs: number;
  /** Hidden units n. */
  hidden: number;
  /** Classes l. */
  classes: number;
  /** Encoding matrix, [inputs, hidden]. */
  E: Float32Array;
  /** Explaining-away matrix, [hidden, hidden]; `S[j * hidden + i]` is from j to i. */
  S: Float32Array;
  /** Bias, [hidden]. */
  b: Float32Array;
  /** Decoding matrix, [hidden, inputs]; row i is unit i's decoder. */
  D: Float32Array;
  /** Classification matrix, [hidden, classes]; row i is unit i's class projection. */
  C: Float32Array;
}

/**
 * Read a model's parameters into a {@link DrsaeWeights} (copies; the model may change after).
 *
 * @param model a DrSAE
 * @returns its parameters as plain arrays
 *
 * @example
 * ```ts
 * import { drsae } from "../models/drsae.ts";
 * import { readDrsaeWeights } from "./drsae_analysis.ts";
 * const model = drsae({ inputs: 8, hidden: 4, classes: 3, steps: 2 });
 * const w = await readDrsaeWeights(model);
 * console.log(w.S.length, w.D.length, w.C.length); // 16 32 12
 * model.dispose();
 * ```
 */
export async function readDrsaeWeights(model: Drsae): Promise<DrsaeWeights> {
  const { inputs, hidden, classes } = model.config;
  const copy = async (t: Tensor) => Float32Array.from((await t.data()) as Float32Array);
  const { E, S, b, D, C } = model.params;
  return {
    inputs,
    hidden,
    classes,
    E: await copy(E),
    S: await copy(S),
    b: await copy(b),
    D: await copy(D),
    C: await copy(C),
  };
}

/**
 * Unit i's encoder, the paper's row E_i (a copy; it is a column of the stored E).
 *
 * @param w the weights
 * @param unit the unit
 * @returns `inputs` values
 *
 * @example
 * ```ts
 * import { encoderOf } from "./drsae_analysis.ts";
 * const E = Float32Array.from([1, 2, 3, 4, 5, 6]); // [inputs 3, hidden 2]
 * const w = { inputs: 3, hidden: 2, classes: 1, E, S: new Float32Array(4), b: new Float32Array(2), D: new Float32Array(6), C: new Float32Array(2) };
 * console.log([...encoderOf(w, 1)]); // [2, 4, 6]
 * ```
 */
export function encoderOf(w: DrsaeWeights, unit: number): Float32Array {
  checkUnit(w, unit);
  return Float32Array.from({ length: w.inputs }, (_, p) => w.E[p * w.hidden + unit]);
}

/**
 * Unit i's decoder, the paper's column D_i (a view into the stored D, row i).
 *
 * @param w the weights
 * @param unit the unit
 * @returns `inputs` values
 *
 * @example
 * ```ts
 * import { decoderOf } from "./drsae_analysis.ts";
 * const D = Float32Array.from([1, 2, 3, 4, 5, 6]); // [hidden 2, inputs 3]
 * const w = { inputs: 3, hidden: 2, classes: 1, E: new Float32Array(6), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderOf(w, 1)]); // [4, 5, 6]
 * ```
 */
export function decoderOf(w: DrsaeWeights, unit: number): Float32Array {
  checkUnit(w, unit);
  return w.D.subarray(unit * w.inputs, (unit + 1) * w.inputs);
}

function checkUnit(w: DrsaeWeights, unit: number): void {
  if (!Number.isInteger(unit) || unit < 0 || unit >= w.hidden) {
    throw new Error(`Unit ${unit} is out of range: the model has ${w.hidden} hidden units`);
  }
}

/**
 * The connection from unit j to unit i in S - I, the paper's S_ij - delta_ij (footnote 6:
 * S - I is what perturbs the otherwise stable activities).
 *
 * @param w the weights
 * @param to the receiving unit i
 * @param from the sending unit j
 * @returns S_ij - delta_ij
 *
 * @example
 * ```ts
 * import { connection } from "./drsae_analysis.ts";
 * const S = Float32Array.from([0.9, 0.3, -0.2, 0.8]); // S[j * 2 + i]: from j to i
 * const w = { inputs: 1, hidden: 2, classes: 1, E: new Float32Array(2), S, b: new Float32Array(2), D: new Float32Array(2), C: new Float32Array(2) };
 * console.log(connection(w, 1, 0), connection(w, 0, 0).toFixed(1)); // 0.30000001192092896 "-0.1"
 * ```
 */
export function connection(w: DrsaeWeights, to: number, from: number): number {
  return w.S[from * w.hidden + to] - (to === from ? 1 : 0);
}

/**
 * The paper's D^T D, the ISTA prediction of S - I up to the factor -alpha (Eq. 4): entry
 * [i * hidden + j] is D_i . D_j. Float64, symmetric.
 *
 * @param w the weights
 * @returns the [hidden, hidden] Gram matrix of the decoders
 *
 * @example
 * ```ts
 * import { decoderGram } from "./drsae_analysis.ts";
 * const D = Float32Array.from([1, 0, 1, 1]); // decoders [1, 0] and [1, 1]
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderGram(w)]); // [1, 1, 1, 2]
 * ```
 */
export function decoderGram(w: DrsaeWeights): Float64Array {
  const { hidden: n, inputs: m, D } = w;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let p = 0, a = i * m, c = j * m; p < m; p++) s += D[a + p] * D[c + p];
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  return g;
}

/**
 * Units in order of decreasing categoricalness, i.e. decreasing encoder-decoder angle (Sec. 3
 * uses the angle as the position on the part / categorical continuum). Units with an undefined
 * angle come last.
 *
 * @param angles from {@link encoderDecoderAngles}
 * @returns unit indices, most categorical first
 *
 * @example
 * ```ts
 * import { categoricalOrder } from "./drsae_analysis.ts";
 * console.log(categoricalOrder([0.2, NaN, 0.9, 0.5])); // [2, 3, 0, 1]
 * ```
 */
export function categoricalOrder(angles: ArrayLike<number>): number[] {
  const key = (i: number) => Number.isFinite(angles[i]) ? angles[i] : -Infinity;
  return Array.from({ length: angles.length }, (_, i) => i).sort((a, b) =>
    key(b) - key(a) || a - b
  );
}

/**
 * The units Figure 2(a, b) shows, row by row: "The first row shows the most categorical units;
 * the last row contains the least categorical units; and the middle row evenly steps through
 * the remaining units in order of categoricalness." With more than three rows the middle rows
 * share that even stepping. With fewer units than the grid holds, all units, most categorical
 * first.
 *
 * @param angles from {@link encoderDecoderAngles}
 * @param rows rows of the grid (at least 2)
 * @param columns units per row
 * @returns unit indices in reading order
 *
 * @example
 * ```ts
 * import { figure2Units } from "./drsae_analysis.ts";
 * const angles = Array.from({ length: 10 }, (_, i) => i / 10); // unit 9 most categorical
 * console.log(figure2Units(angles, 3, 2)); // [9, 8, 6, 3, 1, 0]
 * ```
 */
export function figure2Units(angles: ArrayLike<number>, rows: number, columns: number): number[] {
  if (!Number.isInteger(rows) || rows < 2 || !Number.isInteger(columns) || columns < 1) {
    throw new Error(
      `Figure 2 needs at least 2 rows and 1 column, got ${rows} x ${columns}: pass integers`,
    );
  }
  const order = categoricalOrder(angles);
  if (order.length <= rows * columns) return order;
  const first = order.slice(0, columns);
  const last = order.slice(order.length - columns);
  const rest = order.slice(columns, order.length - columns);
  const k = (rows - 2) * columns;
  // k evenly spaced picks from `rest`, at the centres of k equal strata
  const middle = Array.from(
    { length: k },
    (_, i) => rest[Math.floor(((i + 0.5) * rest.length) / k)],
  );
  return [...first, ...middle, ...last];
}

/**
 * The class each unit projects to most strongly: the arg-max over k of C_ki, its largest
 * (most positive) projection (footnote 8: categorical-units "can be identified with the output
 * class to which they have the strongest projection"). -1 for a unit whose projections are all
 * zero, as before fine-tuning.
 *
 * @param w the weights
 * @returns one class per unit
 *
 * @example
 * ```ts
 * import { unitClasses } from "./drsae_analysis.ts";
 * const C = Float32Array.from([0.1, 2, -3, 0, 0, 0]); // [hidden 2, classes 3]
 * const w = { inputs: 1, hidden: 2, classes: 3, E: new Float32Array(2), S: new Float32Array(4), b: new Float32Array(2), D: new Float32Array(2), C };
 * console.log([...unitClasses(w)]); // [1, -1]
 * ```
 */
export function unitClasses(w: DrsaeWeights): Int32Array {
  const out = new Int32Array(w.hidden).fill(-1);
  for (let i = 0; i < w.hidden; i++) {
    const row = w.C.subarray(i * w.classes, (i + 1) * w.classes);
    if (row.every((v) => v === 0)) continue;
    let best = 0;
    for (let k = 1; k < w.classes; k++) if (row[k] > row[best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Options for {@link istaComparison}. */
export interface IstaComparisonOptions {
  /** The kind of the sending units j. */
  from: UnitKind;
  /** The kind of the receiving units i. */
  to: UnitKind;
  /** Leave out the self-connections i = j. Default false. */
  excludeSelf?: boolean;
}

/** Connections paired with their ISTA prediction, from {@link istaComparison}. */
export interface IstaPairs {
  /** D_i . D_j for each pair, the x axis of Figure 4(a, b). */
  ista: Float32Array;
  /** S_ij - delta_ij for each pair, the y axis. */
  actual: Float32Array;
  /** The receiving unit i of each pair. */
  to: Int32Array;
  /** The sending unit j of each pair. */
  from: Int32Array;
}

/**
 * Every connection S_ij - delta_ij from units of one kind to units of another, beside the ISTA
 * prediction D_i . D_j (Figure 4(a): part to part; (b): categorical to part). ISTA has
 * S - I = -alpha D^T D (Eq. 4): ISTA-consistent connections lie on a line of slope -alpha.
 *
 * @param w the weights
 * @param kinds each unit's kind, from {@link classifyUnits}
 * @param options which kinds send and receive
 * @returns the pairs
 *
 * @example
 * ```ts
 * import { istaComparison } from "./drsae_analysis.ts";
 * const D = Float32Array.from([1, 0, 0.6, 0.8]); // decoders e_1 and [0.6, 0.8]
 * const S = Float32Array.from([0.9, -0.06, -0.06, 0.9]); // I - 0.1 D^T D
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S, b: new Float32Array(2), D, C: new Float32Array(2) };
 * const p = istaComparison(w, ["part", "part"], { from: "part", to: "part", excludeSelf: true });
 * console.log([...p.ista].map((v) => v.toFixed(1)), [...p.actual].map((v) => v.toFixed(2))); // ["0.6", "0.6"] ["-0.06", "-0.06"]
 * ```
 */
export function istaComparison(
  w: DrsaeWeights,
  kinds: readonly UnitKind[],
  options: IstaComparisonOptions,
): IstaPairs {
  if (kinds.length !== w.hidden) {
    throw new Error(
      `Got ${kinds.length} unit kinds for ${w.hidden} hidden units: pass one per unit`,
    );
  }
  const gram = decoderGram(w);
  const n = w.hidden;
  const ista: number[] = [], actual: number[] = [], to: number[] = [], from: number[] = [];
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== options.to) continue;
    for (let j = 0; j < n; j++) {
      if (kinds[j] !== options.from || (options.excludeSelf && i === j)) continue;
      ista.push(gram[i * n + j]);
      actual.push(connection(w, i, j));
      to.push(i);
      from.push(j);
    }
  }
  return {
    ista: Float32Array.from(ista),
    actual: Float32Array.from(actual),
    to: Int32Array.from(to),
    from: Int32Array.from(from),
  };
}

/** Options for {@link strongestConnections}. */
export interface StrongestConnectionOptions {
  /**
   * `"into"`: the units sending the strongest connections to `unit` (Figures 5 and 6(c));
   * `"from"`: the units receiving the strongest connections from `unit` (Figure 6(a, b)).
   */
  direction: "into" | "from";
  /** Consider only these units (e.g. the categorical-units). Default all. */
  among?: readonly number[];
  /** How many to return. Default 20 (Figures 5 and 6). */
  count?: number;
  /** Leave out the self-connection. Default true. */
  excludeSelf?: boolean;
}

/** One connection of {@link strongestConnections}. */
export interface Connection {
  /** The other unit (the sender for `"into"`, the receiver for `"from"`). */
  unit: number;
  /** Its weight in S - I. */
  weight: number;
}

/**
 * The strongest explaining-away connections |S_ij - delta_ij| into or out of a unit, strongest
 * first (Figures 5 and 6).
 *
 * @param w the weights
 * @param unit the unit of interest
 * @param options direction, candidate units, count
 * @returns up to `count` connections, by decreasing magnitude
 *
 * @example
 * ```ts
 * import { strongestConnections } from "./drsae_analysis.ts";
 * // from j to i is S[j * 3 + i]: into unit 0 come 0.5 from unit 1 and -0.9 from unit 2
 * const S = Float32Array.from([1, 0, 0, 0.5, 1, 0, -0.9, 0.1, 1]);
 * const w = { inputs: 1, hidden: 3, classes: 1, E: new Float32Array(3), S, b: new Float32Array(3), D: new Float32Array(3), C: new Float32Array(3) };
 * const c = strongestConnections(w, 0, { direction: "into", count: 2 });
 * console.log(c.map((x) => x.unit), c.map((x) => x.weight.toFixed(1))); // [2, 1] ["-0.9", "0.5"]
 * ```
 */
export function strongestConnections(
  w: DrsaeWeights,
  unit: number,
  options: StrongestConnectionOptions,
): Connection[] {
  checkUnit(w, unit);
  const count = options.count ?? 20;
  const excludeSelf = options.excludeSelf ?? true;
  const candidates = options.among ?? Array.from({ length: w.hidden }, (_, i) => i);
  const out: Connection[] = [];
  for (const other of candidates) {
    checkUnit(w, other);
    if (excludeSelf && other === unit) continue;
    const weight = options.direction === "into"
      ? connection(w, unit, other)
      : connection(w, other, unit);
    out.push({ unit: other, weight });
  }
  return out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.unit - b.unit)
    .slice(0, count);
}

/** Options for {@link connectionsByAlignment}. */
export interface AlignmentBinOptions {
  /** The kind of the sending units j. Default `"part"` (Figure 7(a)). */
  from?: UnitKind;
  /** The kind of the receiving units i. Default `"categorical"` (Figure 7(a)). */
  to?: UnitKind;
  /** Equal-width bins of the decoder cosine over [-1, 1]. Default 20. */
  bins?: number;
}

/** Mean connections per bin of decoder alignment, from {@link connectionsByAlignment}. */
export interface AlignmentBins {
  /** The bins' centres, cosines in [-1, 1]. */
  centers: number[];
  /** The mean S_ij in each bin; 0 where a bin is empty (as in the caption of Figure 7). */
  mean: number[];
  /** Connections in each bin. */
  count: number[];
}

/**
 * The average explaining-away weight S_ij, binned by the alignment (cosine) of the decoders
 * D_i and D_j, for connections from units of one kind to units of another; Figure 7(a) uses
 * part-units to categorical-units. "If no units fall in a given bin, the average is set to
 * zero." Pairs where a decoder is zero, and self-connections, are left out.
 *
 * @param w the weights
 * @param kinds each unit's kind, from {@link classifyUnits}
 * @param options sending and receiving kinds, bins
 * @returns per-bin centres, means and counts
 *
 * @example
 * ```ts
 * import { connectionsByAlignment } from "./drsae_analysis.ts";
 * const D = Float32Array.from([1, 0, 1, 0, 0, 1]); // unit 1 parallel to unit 0, unit 2 orthogonal
 * const S = new Float32Array(9);
 * S[0 * 3 + 1] = 0.4; // from 0 to 1
 * S[2 * 3 + 1] = -0.2; // from 2 to 1
 * const w = { inputs: 2, hidden: 3, classes: 1, E: new Float32Array(6), S, b: new Float32Array(3), D, C: new Float32Array(3) };
 * const r = connectionsByAlignment(w, ["part", "categorical", "part"], { bins: 4 });
 * console.log(r.centers, r.mean.map((v) => +v.toFixed(2)), r.count); // [-0.75, -0.25, 0.25, 0.75] [0, 0, -0.2, 0.4] [0, 0, 1, 1]
 * ```
 */
export function connectionsByAlignment(
  w: DrsaeWeights,
  kinds: readonly UnitKind[],
  options: AlignmentBinOptions = {},
): AlignmentBins {
  const from = options.from ?? "part";
  const to = options.to ?? "categorical";
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`The number of bins must be a positive integer, got ${bins}`);
  }
  if (kinds.length !== w.hidden) {
    throw new Error(
      `Got ${kinds.length} unit kinds for ${w.hidden} hidden units: pass one per unit`,
    );
  }
  const n = w.hidden;
  const gram = decoderGram(w);
  const sum = new Float64Array(bins);
  const count = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== to) continue;
    for (let j = 0; j < n; j++) {
      if (j === i || kinds[j] !== from) continue;
      const norms = Math.sqrt(gram[i * n + i] * gram[j * n + j]);
      if (!(norms > 0)) continue;
      const cos = Math.max(-1, Math.min(1, gram[i * n + j] / norms));
      const bin = Math.min(bins - 1, Math.floor(((cos + 1) / 2) * bins));
      sum[bin] += w.S[j * n + i];
      count[bin]++;
    }
  }
  return {
    centers: Array.from({ length: bins }, (_, b) => -1 + (2 * (b + 0.5)) / bins),
    mean: Array.from(sum, (s, b) => count[b] ? s / count[b] : 0),
    count,
  };
}

/**
 * For each unit i, the average encoder-decoder angle of its afferents j != i, weighted by the
 * strength |S_ij| of their connection to i (Figure 7(c)): part-units draw mostly on part-units,
 * categorical-units more on categorical-units. NaN for a unit without afferents.
 *
 * @param w the weights
 * @param angles from {@link encoderDecoderAngles}
 * @returns one mean angle per unit, radians
 *
 * @example
 * ```ts
 * import { afferentAngles } from "./drsae_analysis.ts";
 * // into unit 0: weight 3 from unit 1 (angle 0.2) and -1 from unit 2 (angle 1.0)
 * const S = Float32Array.from([1, 0, 0, 3, 1, 0, -1, 0, 1]);
 * const w = { inputs: 1, hidden: 3, classes: 1, E: new Float32Array(3), S, b: new Float32Array(3), D: new Float32Array(3), C: new Float32Array(3) };
 * console.log(afferentAngles(w, [0.5, 0.2, 1.0])[0].toFixed(2)); // "0.40"
 * ```
 */
export function afferentAngles(w: DrsaeWeights, angles: ArrayLike<number>): Float32Array {
  if (angles.length !== w.hidden) {
    throw new Error(`Got ${angles.length} angles for ${w.hidden} hidden units: pass one per unit`);
  }
  const n = w.hidden;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let num = 0, den = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || !Number.isFinite(angles[j])) continue;
      const s = Math.abs(w.S[j * n + i]);
      num += s * angles[j];
      den += s;
    }
    out[i] = den > 0 ? num / den : NaN;
  }
  return out;
}

/**
 * The average value of each unit's decoder column, mean_p D_pi (Figure 7(e)): categorical
 * decoders are positive prototypes of non-negative digits, part decoders are about mean-zero.
 *
 * @param w the weights
 * @returns one mean per unit
 *
 * @example
 * ```ts
 * import { decoderMeans } from "./drsae_analysis.ts";
 * const D = Float32Array.from([1, 3, -1, 1]);
 * const w = { inputs: 2, hidden: 2, classes: 1, E: new Float32Array(4), S: new Float32Array(4), b: new Float32Array(2), D, C: new Float32Array(2) };
 * console.log([...decoderMeans(w)]); // [2, 0]
 * ```
 */
export function decoderMeans(w: DrsaeWeights): Float32Array {
  const out = new Float32Array(w.hidden);
  for (let i = 0; i < w.hidden; i++) {
    let s = 0;
    for (let p = 0; p < w.inputs; p++) s += w.D[i * w.inputs + p];
    out[i] = s / w.inputs;
  }
  return out;
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
 * import { drsae } from "../models/drsae.ts";
 * import { activityStatistics } from "./drsae_analysis.ts";
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
  const n = firstRows(data, options.examples, "analysis data");
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
 * import { drsae } from "../models/drsae.ts";
 * import { splitFit } from "./drsae_analysis.ts";
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
