/**
 * The "explosions" of Bahdanau & Jaeger (2014, Sec. 6.1) among the fixed points of a
 * reconstruction function: the test that tells one apart, their count, and their profile (how
 * many distinct images the explosions reach, and which rows reach each).
 *
 * @module
 */
import { type ArrayData, checkData } from "../data/rows.ts";
import { checkOption, distance } from "./_fixed_point_util.ts";

/**
 * Thresholds of {@link isExplosion}. The paper (Sec. 6.1) calls "an explosion" a fixed point
 * that is "a gray stain with no white pixels"; all fully converged explosions of one DAE were
 * the same image, with "no pixels of high intensity" (the one in its Fig. 4, middle
 * corruption, has maximum intensity 0.149), and the stronger the training corruption, the
 * grayer the fixed points.
 *
 * The one shared point need not be gray: a DAE trained at low corruption can send its
 * explosions to one nearly black image, the paper's explosion on a darker background. So by
 * default a blank image counts (`minMean` 0); pass `minMean: 0.01` to count gray ones only.
 */
export interface ExplosionOptions {
  /**
   * No bright pixel: every pixel is below this. Default 0.5: well above the reported 0.149,
   * well below the paper's white (> 0.95); every MNIST digit has pixels near 1.
   */
  maxPixel?: number;
  /**
   * Uniform: the standard deviation of the pixels is below this. Default 0.1: an image whose
   * pixels all lie in [0, 0.149] has a standard deviation of at most 0.149 / 2 = 0.075
   * (Popoviciu's inequality), while MNIST digits have about 0.3.
   */
  maxStd?: number;
  /**
   * The mean pixel is at least this. Default 0: a blank image is an explosion too (see
   * above). 0.01, the paper's black threshold, counts only gray stains.
   */
  minMean?: number;
}

/** The default thresholds of {@link isExplosion}, as stated in {@link ExplosionOptions}. */
export const EXPLOSION_DEFAULTS: Readonly<Required<ExplosionOptions>> = Object.freeze({
  maxPixel: 0.5,
  maxStd: 0.1,
  minMean: 0,
});

/**
 * A short statement of an explosion test, for tables: the thresholds of `options` over
 * {@link EXPLOSION_DEFAULTS}.
 *
 * @param options thresholds of {@link isExplosion}
 * @returns e.g. "max < 0.5, sd < 0.1" (", mean >= 0.01" when a minimum mean is set)
 *
 * @example
 * ```ts
 * import { describeExplosionTest } from "./explosions.ts";
 * console.log(describeExplosionTest()); // max < 0.5, sd < 0.1
 * console.log(describeExplosionTest({ minMean: 0.01 })); // max < 0.5, sd < 0.1, mean >= 0.01
 * ```
 */
export function describeExplosionTest(options: ExplosionOptions = {}): string {
  const { maxPixel, maxStd, minMean } = { ...EXPLOSION_DEFAULTS, ...options };
  return `max < ${maxPixel}, sd < ${maxStd}${minMean > 0 ? `, mean >= ${minMean}` : ""}`;
}

/**
 * Whether one point is an "explosion" (Sec. 6.1): a uniform gray stain with no bright pixel.
 * With the default thresholds (see {@link ExplosionOptions}): max pixel < 0.5 and pixel
 * standard deviation < 0.1; a blank image counts.
 *
 * @param point the pixels of one image, in [0, 1]
 * @param options thresholds
 * @returns true for an explosion
 *
 * @example
 * ```ts
 * import { isExplosion } from "./explosions.ts";
 * console.log(isExplosion(new Float32Array(784).fill(0.12))); // true: gray, no bright pixel
 * const digit = new Float32Array(784);
 * digit.fill(1, 300, 400);
 * console.log(isExplosion(digit)); // false: white strokes
 * ```
 */
export function isExplosion(point: ArrayLike<number>, options: ExplosionOptions = {}): boolean {
  const { maxPixel, maxStd, minMean } = { ...EXPLOSION_DEFAULTS, ...options };
  const m = point.length;
  if (m === 0) throw new Error("The point has no pixels: pass one image's values");
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < m; j++) {
    const v = point[j];
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / m;
  const std = Math.sqrt(Math.max(0, sumSq / m - mean * mean));
  return max < maxPixel && std < maxStd && mean >= minMean;
}

/** The explosions among a set of points, from {@link countExplosions}. */
export interface ExplosionCount {
  /** How many points are explosions (the paper's EX). */
  count: number;
  /** count / n. */
  fraction: number;
  /** Rows of the explosions, in increasing order. */
  indices: number[];
}

/**
 * Count the explosions (Sec. 6.1, the paper's EX_train and EX_test) among fixed points.
 *
 * @param points one image per row
 * @param options thresholds of {@link isExplosion}
 * @returns the count, the fraction and the rows
 *
 * @example
 * ```ts
 * import { countExplosions } from "./explosions.ts";
 * const x = new Float32Array(2 * 4);
 * x.fill(0.1, 0, 4); // a gray stain
 * x.set([0, 1, 1, 0], 4); // strokes
 * console.log(countExplosions({ x, n: 2, features: 4 })); // { count: 1, fraction: 0.5, indices: [ 0 ] }
 * ```
 */
export function countExplosions(
  points: ArrayData,
  options: ExplosionOptions = {},
): ExplosionCount {
  checkData(points, "points");
  const d = points.features;
  const indices: number[] = [];
  for (let i = 0; i < points.n; i++) {
    if (isExplosion(points.x.subarray(i * d, (i + 1) * d), options)) indices.push(i);
  }
  return { count: indices.length, fraction: indices.length / points.n, indices };
}

/** One distinct explosion image and the rows that reached it, from {@link explosionProfile}. */
export interface ExplosionAttractor {
  /** Rows of the points that lie within `radius` of `point`, in increasing order. */
  rows: number[];
  /** How many of them converged (with `converged` given; else null). */
  converged: number | null;
  /** The first of those points: the attractor's image. */
  point: Float32Array;
  /** Its brightest pixel. */
  max: number;
  /** Its mean pixel. */
  mean: number;
}

/** What the explosions among a set of points are, from {@link explosionProfile}. */
export interface ExplosionProfile extends ExplosionCount {
  /** Explosions whose mean pixel is below `black` (a blank image rather than a gray stain). */
  blank: number;
  /** Explosions that converged (with `converged` given; else null). */
  converged: number | null;
  /** Explosions per label (with labels on the points; else null), indexed by label. */
  byLabel: number[] | null;
  /** Points per label (with labels; else null): the denominators of `byLabel`. */
  perLabel: number[] | null;
  /** The distinct explosion images, the most visited first. */
  attractors: ExplosionAttractor[];
}

/** Options for {@link explosionProfile}: the explosion test, and how attractors are told apart. */
export interface ExplosionProfileOptions extends ExplosionOptions {
  /**
   * Per point, 1 when its iteration converged (`FixedPointResult.converged`): the paper's
   * remark is about "fully converged explosions".
   */
  converged?: ArrayLike<number>;
  /**
   * Two explosions are the same attractor when their Euclidean distance is below this. Default
   * 0.01: a hundred times the Sec. 5.4 step tolerance (1e-4), far below the distance between
   * two stains (a pixel apart by 0.01 on a quarter of the image already gives 0.14).
   */
  radius?: number;
  /** A blank explosion has a mean pixel below this. Default 0.01, the paper's black (Sec. 6.1). */
  black?: number;
}

/**
 * Describe the explosions among fixed points (Sec. 6.1): how many, how many are blank rather
 * than gray, how many converged, which classes they came from, and the distinct images they
 * are. The paper found that "for a single DAE all the fully converged explosions were exactly
 * the same"; `attractors` shows whether a model's are, and what that image is.
 *
 * Explosions are grouped greedily, in row order: each joins the first attractor within
 * `radius` of it, or starts a new one.
 *
 * @param points fixed points, one image per row, with their labels when known
 * @param options the explosion test, per-point convergence, the radius and the black level
 * @returns the profile
 *
 * @example Two rows reach one gray stain, one a blank image, one stays a digit
 * ```ts
 * import { explosionProfile } from "./explosions.ts";
 * const x = new Float32Array(4 * 4);
 * x.fill(0.1, 0, 8); // rows 0 and 1: a gray stain
 * x.set([0, 1, 1, 0], 8); // row 2: strokes
 * x.fill(0.001, 12, 16); // row 3: blank
 * const p = explosionProfile({ x, n: 4, features: 4, y: new Uint8Array([7, 7, 1, 1]) });
 * console.log(p.count, p.blank, p.byLabel, p.attractors.map((a) => a.rows)); // 3 1 [ 0, 1, 0, 0, 0, 0, 0, 2 ] [ [ 0, 1 ], [ 3 ] ]
 * ```
 */
export function explosionProfile(
  points: ArrayData,
  options: ExplosionProfileOptions = {},
): ExplosionProfile {
  const { converged, radius = 0.01, black = 0.01, ...test } = options;
  checkOption("radius", radius >= 0, radius, "pass a distance >= 0");
  if (converged && converged.length !== points.n) {
    throw new Error(
      `converged has ${converged.length} entries for ${points.n} points: pass the ` +
        "converged flags of the iteration that gave these points",
    );
  }
  const counted = countExplosions(points, test);
  const d = points.features;
  const attractors: ExplosionAttractor[] = [];
  let blank = 0;
  for (const i of counted.indices) {
    const row = points.x.subarray(i * d, (i + 1) * d);
    let sum = 0;
    for (let j = 0; j < d; j++) sum += row[j];
    if (sum / d < black) blank++;
    const near = attractors.find((a) => distance(a.point, row) < radius);
    if (near) {
      near.rows.push(i);
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j < d; j++) max = Math.max(max, row[j]);
    attractors.push({ rows: [i], converged: null, point: row.slice(), max, mean: sum / d });
  }
  for (const a of attractors) {
    a.converged = converged ? a.rows.filter((i) => converged[i]).length : null;
  }
  attractors.sort((a, b) => b.rows.length - a.rows.length || a.rows[0] - b.rows[0]);
  let byLabel: number[] | null = null;
  let perLabel: number[] | null = null;
  const y = points.y;
  if (y) {
    let classes = 0;
    for (let i = 0; i < points.n; i++) classes = Math.max(classes, y[i] + 1);
    byLabel = new Array(classes).fill(0);
    perLabel = new Array(classes).fill(0);
    for (let i = 0; i < points.n; i++) perLabel[y[i]]++;
    for (const i of counted.indices) byLabel[y[i]]++;
  }
  return {
    ...counted,
    blank,
    converged: converged ? counted.indices.filter((i) => converged[i]).length : null,
    byLabel,
    perLabel,
    attractors,
  };
}
