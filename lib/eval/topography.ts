/**
 * Topographic maps: whether filters laid out on a 2-D grid of units, as the overlapping pools
 * of `toroidalPools` lay them out, are more alike in orientation and spatial frequency between
 * grid neighbours than between random pairs (NYU deep learning week 9; Kavukcuoglu et al.
 * 2009; Hyvarinen & Hoyer 2001).
 *
 * **Orientation and frequency of a filter.** A filter is a `side` x `side` image, row-major,
 * row 0 at the top. Its mean is subtracted, it is zero-padded to `size` x `size` (default
 * `size` = `side`) and its 2-D discrete Fourier power spectrum P(kx, ky) = |sum_{r,c} w(r, c)
 * exp(-2 pi i (kx c + ky r) / size)|^2 is taken. Bin k maps to the signed frequency k / size,
 * or k / size - 1 above size / 2, in cycles per pixel; the frequency along y (up) is minus that
 * along the rows. The peak is the bin of largest power, DC (0, 0) excluded; with (fx, fy) its
 * frequencies,
 *
 * - `orientation` = atan2(fy, fx) in degrees, mod 180, in [0, 180): the direction of the wave
 *   vector, counter-clockwise from the x axis (to the right) as displayed; a grating
 *   cos(2 pi f (x cos t + y sin t)) has orientation t, and stripes that run vertically have
 *   orientation 0. (The stripes themselves run at orientation + 90.)
 * - `frequency` = sqrt(fx^2 + fy^2) in cycles per pixel, in (0, sqrt(2) / 2].
 * - `share` = the power of the peak bin and its mirror bin (-kx, -ky) (one bin when they are
 *   the same) over the total power without DC, in [0, 1]: 1 for a grating on the DFT grid,
 *   lower for a round blob (whose power spreads over directions) or noise, whose orientation
 *   means little. Zero padding spreads a peak over about (size / side)^2 bins, so compare
 *   shares measured at one `size` only.
 *
 * Both are known to the resolution of the DFT grid, 1 / size cycles per pixel per axis; a
 * larger `size` interpolates the spectrum more finely (zero padding adds no information, but
 * places the peak of a grating between grid bins better). A filter with no power outside DC
 * gets NaN orientation and frequency and share 0.
 *
 * **Topography.** Unit i sits at row floor(i / cols), column i % cols of a rows x cols grid.
 * Its neighbours are the units one step right and one step down (`neighbourhood` 4), plus the
 * two diagonal steps down (`neighbourhood` 8), each unordered pair counted once; with `wrap`
 * (default, as `toroidalPools`) the steps wrap around the edges of the torus. For a difference
 * d between two filters,
 *
 * - orientation: the circular difference mod 180, min(|a - b| mod 180, 180 - |a - b| mod 180),
 *   in degrees in [0, 90] (random orientations: mean 45);
 * - frequency: |log2(f_a / f_b)|, in octaves;
 *
 * {@link topography} reports the mean of d over neighbour pairs (`neighbours`), its mean over
 * all unordered pairs of distinct units (`allPairs`), and a permutation test: the filters are
 * shuffled over the grid positions `permutations` times (seeded) and the neighbour mean taken
 * each time. `shuffledMean` and `shuffledStd` are the mean and standard deviation of that
 * null distribution (its expectation is `allPairs`), z = (shuffledMean - neighbours) /
 * shuffledStd (positive: neighbours more alike than chance) and p = (1 + #{shuffled <=
 * neighbours}) / (1 + permutations), one-sided. Pairs with a NaN filter are left out. The
 * weighted orientation statistic weights each pair by share_a * share_b, so that filters
 * without a clear orientation count less.
 *
 * @module
 */
import type { Tensor2D } from "../tf.ts";
import { permutation, randomStream } from "../random.ts";

export type { Tensor2D } from "../tf.ts";

/** The dominant orientation and frequency of one filter, from {@link filterOrientations}. */
export interface FilterOrientation {
  /** Direction of the peak's wave vector, degrees in [0, 180), counter-clockwise from x. */
  orientation: number;
  /** Spatial frequency of the peak, cycles per pixel. */
  frequency: number;
  /** The peak's frequency along x (to the right), cycles per pixel. */
  fx: number;
  /** The peak's frequency along y (up), cycles per pixel. */
  fy: number;
  /** Power of the peak and its mirror bin over the power without DC, in [0, 1]. */
  share: number;
}

/** Options of {@link filterOrientations}. */
export interface SpectrumOptions {
  /** Size of the (zero-padded) DFT grid, at least `side`. Default `side`. */
  size?: number;
}

/** Where filters sit and how the permutation test runs, for {@link topography}. */
export interface TopographyOptions {
  /** Rows of the grid of units. */
  rows: number;
  /** Columns of the grid; rows * cols must be the number of filters. */
  cols: number;
  /** Wrap around the edges, as `toroidalPools` does. Default true. */
  wrap?: boolean;
  /** 4: right and down neighbours; 8: also the diagonals. Default 4. */
  neighbourhood?: 4 | 8;
  /** Shuffles of the permutation test. Default 1000. */
  permutations?: number;
  /** Seed of the shuffles. Default 0. */
  seed?: number;
}

/** One topography statistic: a difference between neighbours, against chance. */
export interface TopographyStat {
  /** Mean difference over neighbour pairs. */
  neighbours: number;
  /** Mean difference over all pairs of distinct units. */
  allPairs: number;
  /** neighbours / allPairs: below 1 when neighbours are more alike. */
  ratio: number;
  /** Mean of the neighbour mean over the shuffles. */
  shuffledMean: number;
  /** Standard deviation of the neighbour mean over the shuffles. */
  shuffledStd: number;
  /** (shuffledMean - neighbours) / shuffledStd: positive when neighbours are more alike. */
  z: number;
  /** One-sided permutation p-value, (1 + #{shuffled <= neighbours}) / (1 + permutations). */
  p: number;
}

/** The topography of a map of filters, from {@link topography}. */
export interface Topography {
  /** Orientation difference, degrees in [0, 90]. */
  orientation: TopographyStat;
  /** Orientation difference with pairs weighted by share_a * share_b. */
  weightedOrientation: TopographyStat;
  /** Frequency difference |log2(f_a / f_b)|, octaves. */
  frequency: TopographyStat;
  /** Number of filters. */
  units: number;
  /** Filters with a defined orientation (some power outside DC). */
  measured: number;
  /** Number of neighbour pairs on the grid. */
  pairs: number;
  /** Mean share of the measured filters: how oriented they are. */
  meanShare: number;
  /** Shuffles of the permutation test. */
  permutations: number;
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`${name} must be an integer >= ${min}, got ${v}`);
  }
}

/** Frequency of DFT bin k of n, in cycles per sample, in (-1/2, 1/2]. */
function binFrequency(k: number, n: number): number {
  return k <= n / 2 ? k / n : k / n - 1;
}

/**
 * The dominant orientation, frequency and peak share of each filter, from the peak of its
 * 2-D DFT power spectrum (DC removed); see the module documentation for the definitions.
 *
 * @param filters rows of `side` x `side` filters, row-major ([units, side * side])
 * @param side the filters' height and width
 * @param options the DFT size
 * @returns one record per filter, in order
 *
 * @example
 * ```ts
 * import { filterOrientations } from "./topography.ts";
 * // vertical stripes, 2 cycles across 8 pixels: orientation 0, 0.25 cycles per pixel
 * const w = Float32Array.from({ length: 64 }, (_, i) => Math.cos((2 * Math.PI * 2 * (i % 8)) / 8));
 * const [o] = filterOrientations(w, 8);
 * console.log(o.orientation, o.frequency, o.share.toFixed(2)); // 0 0.25 1.00
 * ```
 */
export function filterOrientations(
  filters: Float32Array | Tensor2D,
  side: number,
  options: SpectrumOptions = {},
): FilterOrientation[] {
  checkInt("side", side, 1);
  const size = options.size ?? side;
  checkInt("size", size, side);
  const d = side * side;
  let values: Float32Array;
  if (filters instanceof Float32Array) values = filters;
  else {
    if (filters.rank !== 2 || filters.shape[1] !== d) {
      throw new Error(`filters must be [units, ${d}] for side ${side}, got [${filters.shape}]`);
    }
    values = filters.dataSync() as Float32Array;
  }
  if (values.length % d !== 0) {
    throw new Error(`${values.length} values are not whole ${side} x ${side} filters`);
  }
  const units = values.length / d;
  // e^{-2 pi i k t / size} for t < side, k < size
  const cos = new Float64Array(size * side);
  const sin = new Float64Array(size * side);
  for (let k = 0; k < size; k++) {
    for (let t = 0; t < side; t++) {
      const a = (-2 * Math.PI * ((k * t) % size)) / size;
      cos[k * side + t] = Math.cos(a);
      sin[k * side + t] = Math.sin(a);
    }
  }
  const w = new Float64Array(d);
  const reA = new Float64Array(side * size); // rows transformed: [r, kx]
  const imA = new Float64Array(side * size);
  const power = new Float64Array(size * size); // [ky, kx]
  const out: FilterOrientation[] = [];
  for (let u = 0; u < units; u++) {
    let mean = 0;
    for (let p = 0; p < d; p++) mean += values[u * d + p];
    mean /= d;
    for (let p = 0; p < d; p++) w[p] = values[u * d + p] - mean;
    for (let r = 0; r < side; r++) {
      for (let kx = 0; kx < size; kx++) {
        let re = 0;
        let im = 0;
        for (let c = 0; c < side; c++) {
          const v = w[r * side + c];
          re += v * cos[kx * side + c];
          im += v * sin[kx * side + c];
        }
        reA[r * size + kx] = re;
        imA[r * size + kx] = im;
      }
    }
    let total = 0;
    for (let ky = 0; ky < size; ky++) {
      for (let kx = 0; kx < size; kx++) {
        let re = 0;
        let im = 0;
        for (let r = 0; r < side; r++) {
          const ar = reA[r * size + kx];
          const ai = imA[r * size + kx];
          const br = cos[ky * side + r];
          const bi = sin[ky * side + r];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        const pw = ky === 0 && kx === 0 ? 0 : re * re + im * im;
        power[ky * size + kx] = pw;
        total += pw;
      }
    }
    let best = -1;
    let bestPower = 0;
    for (let k = 0; k < size * size; k++) {
      if (power[k] > bestPower) {
        bestPower = power[k];
        best = k;
      }
    }
    if (best < 0 || !(total > 0)) {
      out.push({ orientation: NaN, frequency: NaN, fx: NaN, fy: NaN, share: 0 });
      continue;
    }
    const kx = best % size;
    const ky = Math.floor(best / size);
    const mirror = ((size - ky) % size) * size + ((size - kx) % size);
    const peak = mirror === best ? bestPower : bestPower + power[mirror];
    const fx = binFrequency(kx, size);
    const fy = ky === 0 ? 0 : -binFrequency(ky, size);
    let orientation = ((Math.atan2(fy, fx) * 180) / Math.PI) % 180;
    if (orientation < 0) orientation += 180;
    if (orientation >= 180) orientation -= 180;
    out.push({
      orientation,
      frequency: Math.hypot(fx, fy),
      fx,
      fy,
      share: Math.min(1, peak / total),
    });
  }
  return out;
}

/**
 * The circular difference of two orientations mod 180 degrees, in [0, 90].
 *
 * @example
 * ```ts
 * import { orientationDifference } from "./topography.ts";
 * console.log(orientationDifference(10, 170), orientationDifference(0, 90)); // 20 90
 * ```
 */
export function orientationDifference(a: number, b: number): number {
  const d = Math.abs(a - b) % 180;
  return Math.min(d, 180 - d);
}

/**
 * The neighbour pairs [i, j] (i < j) of a rows x cols grid of units, unit i at row
 * floor(i / cols) and column i % cols: right and down steps (`neighbourhood` 4), plus both
 * diagonal steps down (8), wrapped around the edges when `wrap` (default true). Each unordered
 * pair appears once; on grids too small for the steps to be distinct, repeats and self-pairs
 * are dropped.
 *
 * @example
 * ```ts
 * import { gridNeighbours } from "./topography.ts";
 * console.log(gridNeighbours(2, 2, { wrap: false })); // [[0, 1], [0, 2], [1, 3], [2, 3]]
 * console.log(gridNeighbours(3, 3).length); // 18
 * ```
 */
export function gridNeighbours(
  rows: number,
  cols: number,
  options: { wrap?: boolean; neighbourhood?: 4 | 8 } = {},
): [number, number][] {
  checkInt("rows", rows, 1);
  checkInt("cols", cols, 1);
  const wrap = options.wrap ?? true;
  const neighbourhood = options.neighbourhood ?? 4;
  if (neighbourhood !== 4 && neighbourhood !== 8) {
    throw new Error(`neighbourhood must be 4 or 8, got ${neighbourhood}`);
  }
  const steps: [number, number][] = [[0, 1], [1, 0]];
  if (neighbourhood === 8) steps.push([1, 1], [1, -1]);
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (const [dr, dc] of steps) {
        let r2 = r + dr;
        let c2 = c + dc;
        if (wrap) {
          r2 = (r2 + rows) % rows;
          c2 = (c2 + cols) % cols;
        } else if (r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols) continue;
        const a = r * cols + c;
        const b = r2 * cols + c2;
        if (a === b) continue;
        const i = Math.min(a, b);
        const j = Math.max(a, b);
        const key = i * rows * cols + j;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([i, j]);
      }
    }
  }
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

type PairDiff = (a: number, b: number) => number;

/** Mean of diff over pairs (weighted by weight(a) * weight(b)), NaN pairs left out. */
function pairMean(
  pairs: readonly [number, number][],
  at: ArrayLike<number>,
  diff: PairDiff,
  weight: ArrayLike<number> | null,
): number {
  let sum = 0;
  let norm = 0;
  for (const [i, j] of pairs) {
    const a = at[i];
    const b = at[j];
    const d = diff(a, b);
    if (Number.isNaN(d)) continue;
    const w = weight ? weight[a] * weight[b] : 1;
    sum += w * d;
    norm += w;
  }
  return norm > 0 ? sum / norm : NaN;
}

function allPairsMean(units: number, diff: PairDiff, weight: ArrayLike<number> | null): number {
  let sum = 0;
  let norm = 0;
  for (let a = 0; a < units; a++) {
    for (let b = a + 1; b < units; b++) {
      const d = diff(a, b);
      if (Number.isNaN(d)) continue;
      const w = weight ? weight[a] * weight[b] : 1;
      sum += w * d;
      norm += w;
    }
  }
  return norm > 0 ? sum / norm : NaN;
}

/**
 * The topography of filters on a rows x cols grid: mean orientation and log-frequency
 * differences between grid neighbours against all pairs and against a seeded permutation test
 * (see the module documentation for the exact definitions).
 *
 * @param filters one {@link FilterOrientation} per unit, in unit order
 * @param options the grid, neighbourhood and permutation test
 * @returns the three statistics and counts
 *
 * @example
 * ```ts
 * import { topography } from "./topography.ts";
 * // a 4 x 8 torus whose orientation turns 22.5 degrees per column: a perfect map
 * const filters = Array.from({ length: 32 }, (_, i) => ({
 *   orientation: 22.5 * (i % 8), frequency: 0.25, fx: 0, fy: 0, share: 1,
 * }));
 * const t = topography(filters, { rows: 4, cols: 8, permutations: 200 });
 * console.log(t.orientation.neighbours, t.orientation.z > 3); // 11.25 true
 * ```
 */
export function topography(
  filters: readonly FilterOrientation[],
  options: TopographyOptions,
): Topography {
  const { rows, cols } = options;
  checkInt("rows", rows, 1);
  checkInt("cols", cols, 1);
  const units = rows * cols;
  if (filters.length !== units) {
    throw new Error(`topography: ${filters.length} filters for a ${rows} x ${cols} grid`);
  }
  const permutations = options.permutations ?? 1000;
  checkInt("permutations", permutations, 1);
  const pairs = gridNeighbours(rows, cols, options);
  const orientation = filters.map((f) => f.orientation);
  const logFrequency = filters.map((f) => Math.log2(f.frequency));
  const share = filters.map((f) => (Number.isNaN(f.orientation) ? 0 : f.share));
  const oriDiff: PairDiff = (a, b) => orientationDifference(orientation[a], orientation[b]);
  const freqDiff: PairDiff = (a, b) => Math.abs(logFrequency[a] - logFrequency[b]);
  const stats = [
    { diff: oriDiff, weight: null },
    { diff: oriDiff, weight: share },
    { diff: freqDiff, weight: null },
  ];
  const identity = Array.from({ length: units }, (_, i) => i);
  const observed = stats.map((s) => pairMean(pairs, identity, s.diff, s.weight));
  const shuffled = stats.map(() => new Float64Array(permutations));
  const rng = randomStream(options.seed ?? 0, "topography");
  for (let k = 0; k < permutations; k++) {
    const at = permutation(rng, units);
    stats.forEach((s, i) => (shuffled[i][k] = pairMean(pairs, at, s.diff, s.weight)));
  }
  const summary = stats.map((s, i): TopographyStat => {
    const all = allPairsMean(units, s.diff, s.weight);
    const null_ = shuffled[i].filter((v) => !Number.isNaN(v));
    const mean = null_.reduce((a, b) => a + b, 0) / null_.length;
    const std = Math.sqrt(null_.reduce((a, b) => a + (b - mean) ** 2, 0) / null_.length);
    const obs = observed[i];
    let below = 0;
    for (const v of null_) if (v <= obs) below++;
    return {
      neighbours: obs,
      allPairs: all,
      ratio: obs / all,
      shuffledMean: mean,
      shuffledStd: std,
      z: std > 0 ? (mean - obs) / std : NaN,
      p: (1 + below) / (1 + null_.length),
    };
  });
  const measured = filters.filter((f) => !Number.isNaN(f.orientation));
  return {
    orientation: summary[0],
    weightedOrientation: summary[1],
    frequency: summary[2],
    units,
    measured: measured.length,
    pairs: pairs.length,
    meanShare: measured.reduce((a, f) => a + f.share, 0) / measured.length,
    permutations,
  };
}

/**
 * {@link filterOrientations} then {@link topography}: the topography of the filters (rows of
 * `side` x `side` images, unit i at grid position (floor(i / cols), i % cols)).
 *
 * @example
 * ```ts
 * import { filterTopography } from "./topography.ts";
 * // 16 random 6 x 6 filters on a 4 x 4 torus: no map, so a z-score near 0
 * const w = Float32Array.from({ length: 16 * 36 }, (_, i) => Math.sin(i * i * 0.37));
 * const t = filterTopography(w, 6, { rows: 4, cols: 4, permutations: 100 });
 * console.log(t.pairs, Math.abs(t.orientation.z) < 4); // 32 true
 * ```
 */
export function filterTopography(
  filters: Float32Array | Tensor2D,
  side: number,
  options: TopographyOptions & SpectrumOptions,
): Topography {
  return topography(filterOrientations(filters, side, { size: options.size }), options);
}
