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
import { type ArrayData, checkData, gatherBatch } from "../train/train.ts";

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
 * @returns one row-major [hidden, inputs] matrix per iteration; entry t - 1 is D^t
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
  return grams.map((g, t) => {
    for (let i = 0; i < g.length; i++) g[i] /= n;
    for (let i = 0; i < hidden; i++) g[i * hidden + i] += ridge;
    const r = cross[t];
    for (let i = 0; i < r.length; i++) r[i] /= n;
    return Float32Array.from(choleskySolve(g, r, hidden, inputs));
  });
}

/**
 * Solve G X = R for symmetric positive definite G [h, h] and R [h, w], both row-major;
 * overwrites G with its Cholesky factor and R with X.
 */
function choleskySolve(G: Float64Array, R: Float64Array, h: number, w: number): Float64Array {
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
