/**
 * Iterating a reconstruction function to its fixed points, as Bahdanau & Jaeger (2014) do
 * with a denoising autoencoder (Eq. 9, Sec. 5.4), and the statistics they report on the
 * fixed points: the fractions of black and white pixels; the "explosions" (Sec. 6.1) are in
 * `explosions.ts`, re-exported here.
 *
 *   x^0 = x,   x^i = r(x^(i-1))   (no noise)
 *
 * All samples are stepped together, in batches, and stop at the same iteration: the first
 * one at which the step length ||x^i - x^(i-1)||_2 is below 1e-4 for more than 75% of the
 * samples (Sec. 5.4), or at a cap on the iterations.
 *
 * @module
 */
import { rowDistances } from "../ops/_kernels/wasm_native.ts";
import { tf } from "../tf.ts";
import type { Tensor1D, Tensor2D } from "../tf.ts";
import { type ArrayData, checkData } from "../data/rows.ts";
import { checkOption, distance } from "./_fixed_point_util.ts";

export {
  countExplosions,
  describeExplosionTest,
  EXPLOSION_DEFAULTS,
  type ExplosionAttractor,
  type ExplosionCount,
  type ExplosionOptions,
  type ExplosionProfile,
  explosionProfile,
  type ExplosionProfileOptions,
  isExplosion,
} from "./explosions.ts";

/** Options for {@link iterateToFixedPoints}. */
export interface FixedPointOptions {
  /** A sample has converged when its last step is shorter than this. Default 1e-4 (Sec. 5.4). */
  tolerance?: number;
  /**
   * Stop once more than this fraction of the samples has converged. Default 0.75 (Sec. 5.4:
   * "more than 75% percents of the samples"). Pass 1 to run to `maxIterations`.
   */
  convergedFraction?: number;
  /**
   * Stop after this many iterations whether or not the samples converged. Default 500, the
   * length of the paper's trajectories (Fig. 4, 7); the paper reports convergence "usually
   * after several hundred iterations" (Sec. 3) and gives no cap.
   */
  maxIterations?: number;
  /** Rows stepped in one call of `reconstruct`. Default 1000. */
  batchSize?: number;
  /**
   * Iterations i at which to keep a copy of all the points x^i (Fig. 4: 0, 1, 25, 500).
   * Those past the iteration the run stopped at are not taken.
   */
  snapshots?: readonly number[];
  /**
   * Rows whose whole trajectory to record, for their step lengths and their distance to the
   * final point at each iteration (Fig. 7). Default none.
   */
  track?: readonly number[];
}

/** The trajectory of one tracked sample (Fig. 7). */
export interface FixedPointTrack {
  /** Row of the sample in the data. */
  index: number;
  /** ||x^i - x^(i-1)||_2 for i = 1..iterations (entry i - 1). */
  stepLengths: Float64Array;
  /** ||x^i - x^final||_2 for i = 0..iterations (entry i); the last entry is 0. */
  distanceToFinal: Float64Array;
}

/** What {@link iterateToFixedPoints} returns. */
export interface FixedPointResult {
  /** The points x^I at the iteration I the run stopped at, with the data's labels. */
  points: ArrayData;
  /** I: the number of steps taken. */
  iterations: number;
  /** True when the stopping rule held; false when the run stopped at `maxIterations`. */
  stoppedByRule: boolean;
  /** Mean over the samples of ||x^i - x^(i-1)||_2, for i = 1..I (entry i - 1). */
  meanStepLengths: Float64Array;
  /** Per sample, the length of its last step ||x^I - x^(I-1)||_2. */
  finalStepLengths: Float32Array;
  /** Per sample, 1 when its last step was shorter than `tolerance`, else 0. */
  converged: Uint8Array;
  /** The fraction of samples that converged. */
  convergedFraction: number;
  /** The requested snapshots that were reached, in increasing order of iteration. */
  snapshots: { iteration: number; points: ArrayData }[];
  /** The trajectories of the `track` rows, in the order requested. */
  tracks: FixedPointTrack[];
}

/** The options of {@link iterateToFixedPoints} with their defaults, checked. */
function checkedOptions(options: FixedPointOptions, n: number) {
  const tolerance = options.tolerance ?? 1e-4; // Sec. 5.4
  const fraction = options.convergedFraction ?? 0.75; // Sec. 5.4
  const maxIterations = options.maxIterations ?? 500; // Fig. 4, 7
  const batchSize = options.batchSize ?? 1000;
  checkOption("tolerance", tolerance >= 0, tolerance, "pass a step length >= 0");
  checkOption(
    "convergedFraction",
    fraction >= 0 && fraction <= 1,
    fraction,
    "pass a fraction in [0, 1]",
  );
  checkOption(
    "maxIterations",
    Number.isInteger(maxIterations) && maxIterations >= 0,
    maxIterations,
    "pass a whole number >= 0",
  );
  checkOption(
    "batchSize",
    Number.isInteger(batchSize) && batchSize >= 1,
    batchSize,
    "pass a whole number >= 1",
  );
  const track = [...(options.track ?? [])];
  for (const i of track) {
    checkOption("track", Number.isInteger(i) && i >= 0 && i < n, i, `pass rows in 0..${n - 1}`);
  }
  const snapshots = new Set(options.snapshots ?? []);
  return { tolerance, fraction, maxIterations, batchSize, track, snapshots };
}

/**
 * One iteration x^i = r(x^(i-1)) of every batch, in place, with each row's step length
 * ||x^i - x^(i-1)||_2 written to `lengths`. Every batch is stepped first, then read back: the
 * device never waits on the host mid-pass.
 */
async function stepAll(
  reconstruct: (x: Tensor2D) => Tensor2D,
  points: Tensor2D[],
  starts: readonly number[],
  d: number,
  lengths: Float32Array,
): Promise<void> {
  const steps: Tensor1D[] = [];
  try {
    for (let b = 0; b < points.length; b++) {
      const x = points[b];
      const [next, step] = tf.tidy(() => {
        const y = reconstruct(x);
        if (y.rank !== 2 || y.shape[0] !== x.shape[0] || y.shape[1] !== d) {
          throw new Error(
            `The reconstruction returned shape [${y.shape}] for input [${x.shape}]: ` +
              `pass a function that maps each row to a row of the same width`,
          );
        }
        // ||x^i - x^(i-1)||_2 per row, one compiled pass where it can (../ops/_kernels/wasm_native.ts)
        return [y, rowDistances(y, x)] as [Tensor2D, Tensor1D];
      });
      points[b] = next;
      x.dispose();
      steps.push(step);
    }
    for (let b = 0; b < steps.length; b++) {
      lengths.set((await steps[b].data()) as Float32Array, starts[b]);
    }
  } finally {
    for (const s of steps) s.dispose();
  }
}

/** The snapshots and the tracked rows' trajectories, read from the batches as they move. */
class Recorder {
  readonly snapshots: { iteration: number; points: ArrayData }[] = [];
  private readonly trajectories: Float32Array[][];

  constructor(
    private readonly points: Tensor2D[],
    private readonly starts: readonly number[],
    private readonly data: ArrayData,
    private readonly options: ReturnType<typeof checkedOptions>,
  ) {
    this.trajectories = options.track.map(() => []);
  }

  /** Every row's current point. */
  async readAll(): Promise<Float32Array> {
    const { n, features: d } = this.data;
    const x = new Float32Array(n * d);
    for (let b = 0; b < this.points.length; b++) {
      x.set((await this.points[b].data()) as Float32Array, this.starts[b] * d);
    }
    return x;
  }

  /** Keep a snapshot at iteration `i` when asked for, and the tracked rows' points. */
  async record(i: number): Promise<void> {
    const { n, features: d, y } = this.data;
    if (this.options.snapshots.has(i)) {
      this.snapshots.push({ iteration: i, points: { x: await this.readAll(), y, n, features: d } });
    }
    const { track, batchSize } = this.options;
    for (let t = 0; t < track.length; t++) {
      const row = track[t];
      const b = Math.floor(row / batchSize);
      const local = row - this.starts[b];
      const one = this.points[b].slice([local, 0], [1, d]);
      this.trajectories[t].push((await one.data()) as Float32Array);
      one.dispose();
    }
  }

  /** The tracked rows' step lengths and distances to their last point (Fig. 7). */
  tracks(): FixedPointTrack[] {
    return this.options.track.map((index, t) => {
      const path = this.trajectories[t];
      const last = path[path.length - 1];
      const stepLengths = new Float64Array(path.length - 1);
      for (let i = 1; i < path.length; i++) stepLengths[i - 1] = distance(path[i], path[i - 1]);
      return {
        index,
        stepLengths,
        distanceToFinal: Float64Array.from(path, (p) => distance(p, last)),
      };
    });
  }
}

/**
 * Iterate x^i = r(x^(i-1)) without noise from every row of `data` until the stopping rule
 * of Sec. 5.4 holds or `maxIterations` is reached. The points stay on the device between
 * iterations; only the step lengths are read back each iteration.
 *
 * @param reconstruct r, a map [batch, features] -> [batch, features] such as
 *   `dae.reconstruct`; called inside `tf.tidy`
 * @param data the starting points x^0; their labels are kept
 * @param options tolerance, fraction, cap, batch size, snapshots and tracked rows
 * @returns the fixed points, step lengths, which samples converged, snapshots and tracks
 *
 * @example A contraction x -> 0.5 x + 1 converges to 2
 * ```ts
 * import { tf } from "../tf.ts";
 * import { iterateToFixedPoints } from "./fixed_points.ts";
 * const data = { x: new Float32Array([0, 10, -4, 6]), n: 2, features: 2 };
 * const r = await iterateToFixedPoints((x) => tf.add(tf.mul(x, 0.5), 1), data);
 * console.log([...r.points.x].map((v) => v.toFixed(3))); // ["2.000", "2.000", "2.000", "2.000"]
 * console.log(r.stoppedByRule, r.converged); // true Uint8Array(2) [ 1, 1 ]
 * ```
 */
export async function iterateToFixedPoints(
  reconstruct: (x: Tensor2D) => Tensor2D,
  data: ArrayData,
  options: FixedPointOptions = {},
): Promise<FixedPointResult> {
  checkData(data, "fixed-point data");
  const o = checkedOptions(options, data.n);
  const { n, features: d } = data;
  const starts: number[] = [];
  for (let from = 0; from < n; from += o.batchSize) starts.push(from);
  const points: Tensor2D[] = starts.map((from) => {
    const to = Math.min(n, from + o.batchSize);
    return tf.tensor2d(data.x.slice(from * d, to * d), [to - from, d]);
  });
  const recorder = new Recorder(points, starts, data, o);
  const meanSteps: number[] = [];
  const lengths = new Float32Array(n);
  let iterations = 0;
  let stoppedByRule = false;
  try {
    await recorder.record(0);
    while (iterations < o.maxIterations) {
      await stepAll(reconstruct, points, starts, d, lengths);
      iterations++;
      let sum = 0;
      let below = 0;
      for (let i = 0; i < n; i++) {
        sum += lengths[i];
        if (lengths[i] < o.tolerance) below++;
      }
      meanSteps.push(sum / n);
      await recorder.record(iterations);
      if (below > o.fraction * n) { // Sec. 5.4: "after it held for more than 75%"
        stoppedByRule = true;
        break;
      }
    }
    const x = await recorder.readAll();
    const converged = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      // before any step nothing has moved: every sample counts as converged
      if (iterations === 0 || lengths[i] < o.tolerance) {
        converged[i] = 1;
        count++;
      }
    }
    return {
      points: { x, y: data.y, n, features: d },
      iterations,
      stoppedByRule,
      meanStepLengths: Float64Array.from(meanSteps),
      finalStepLengths: lengths,
      converged,
      convergedFraction: count / n,
      snapshots: recorder.snapshots,
      tracks: recorder.tracks(),
    };
  } finally {
    for (const p of points) p.dispose();
  }
}

/** Fractions of black and white pixels, from {@link pixelFractions}. */
export interface PixelFractions {
  /** Fraction of all pixels below the black threshold. */
  black: number;
  /** Fraction of all pixels above the white threshold. */
  white: number;
}

/**
 * The fractions of black (< 0.01) and white (> 0.95) pixels over all pixels of `data`
 * (Sec. 6.1; the paper reports 80.7% and 8.1% for the MNIST originals, and 71.4 / 68.4 /
 * 65.8% black and 10.4 / 8.9 / 6.3% white for the fixed points at sigma = 0.3 / 0.5 / 0.7).
 *
 * @param data images with pixels in [0, 1], one per row
 * @param options the `black` and `white` thresholds
 * @returns the two fractions, in [0, 1]
 *
 * @example
 * ```ts
 * import { pixelFractions } from "./fixed_points.ts";
 * const data = { x: new Float32Array([0, 0.005, 0.5, 1]), n: 1, features: 4 };
 * console.log(pixelFractions(data)); // { black: 0.5, white: 0.25 }
 * ```
 */
export function pixelFractions(
  data: ArrayData,
  options: { black?: number; white?: number } = {},
): PixelFractions {
  checkData(data);
  const blackBelow = options.black ?? 0.01; // Sec. 6.1: "intensity less than 0.01"
  const whiteAbove = options.white ?? 0.95; // Sec. 6.1: "intensity more than 0.95"
  let black = 0;
  let white = 0;
  for (const v of data.x) {
    if (v < blackBelow) black++;
    if (v > whiteAbove) white++;
  }
  return { black: black / data.x.length, white: white / data.x.length };
}
