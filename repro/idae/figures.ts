/**
 * The figures of Bahdanau & Jaeger (2014): image grids (PNG) of reconstructions (Figure 3),
 * trajectories (Figure 4) and fixed points (Figure 6), and SVG charts of accuracy and
 * explosions against the test MSE (Figure 5) and of step lengths (Figure 7). The sample
 * choices follow the paper's captions and are pure functions, tested on their own.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { type ArrayData, rowOf } from "../../lib/data/rows.ts";
import type { FixedPointTrack } from "../../lib/eval/fixed_points.ts";
import type { WalkbackDae } from "../../lib/models/walkback.ts";
import { lineChart, scatterChart } from "../../lib/plot/svg.ts";
import { permutation, randomStream } from "../../lib/random.ts";
import type { IdaeModelResult } from "./tables.ts";
import { grayColour, sensitiveColour, type Tile, tilePng } from "./tiles.ts";

/**
 * Figure 3: one digit through the DAE of each corruption level, one row per level. Columns:
 * the corrupted input (intensities clipped to [-1, 1]), the original, the reconstruction of
 * the corrupted input, the original pushed through without noise; then the last three again
 * in the sensitive colour scheme ({@link sensitiveColour}).
 *
 * @param models the DAEs, low to high corruption
 * @param digit one image
 * @param seed seed of the corruption
 * @returns the PNG bytes
 *
 * @example
 * ```ts
 * import { figure3Png } from "./figures.ts";
 * import { walkbackDae } from "../../lib/models/walkback.ts";
 *
 * const dae = walkbackDae({ hidden: 10, sigma: 0.3, seed: 1 });
 * const png = await figure3Png([{ sigma: 0.3, model: dae }], new Float32Array(784).fill(0.5), 1);
 * console.log(png.length > 100); // true
 * dae.dispose();
 * ```
 */
export async function figure3Png(
  models: readonly { sigma: number; model: WalkbackDae }[],
  digit: Float32Array,
  seed: number,
): Promise<Uint8Array> {
  const rows: Tile[][] = [];
  for (const { model } of models) {
    const [noisy, recon, pushed] = tf.tidy(() => {
      const x = tf.tensor2d(digit, [1, digit.length]);
      const corrupted = model.corrupt(x, seed);
      return [corrupted, model.reconstruct(corrupted), model.reconstruct(x)] as Tensor2D[];
    });
    const [a, b, c] = await Promise.all([noisy.data(), recon.data(), pushed.data()]);
    tf.dispose([noisy, recon, pushed]);
    rows.push([
      { values: a, colour: grayColour(-1, 1) },
      { values: digit },
      { values: b },
      { values: c },
      { values: digit, colour: sensitiveColour },
      { values: b, colour: sensitiveColour },
      { values: c, colour: sensitiveColour },
    ]);
  }
  return tilePng(rows, { scale: 3 });
}

/** Options for {@link selectFigure4Samples}. */
export interface Figure4SelectionOptions {
  /** The row that comes first (the digit of Figure 3). */
  first: number;
  /** How many more rows to pick (the paper: 5). */
  count: number;
  /** Minimum ||x - x*|| under every model (the paper: 5). */
  minDistance: number;
  /** Seed of the random choice. */
  seed: number;
}

/**
 * Figure 4's samples: `first`, then `count` rows "chosen randomly with the constraints that
 * Euclidean distance between the sample and the resulting fixed point must be at least 5 for
 * the three considered models and that they all must represent different classes". When too
 * few rows qualify, the rest are the unused classes' rows farthest from their fixed points,
 * and `relaxed` says so.
 *
 * @param labels the class of each candidate row
 * @param distances per model, ||x - x*|| for each candidate row
 * @param options first row, count, minimum distance, seed
 * @returns the chosen rows, `first` first
 *
 * @example
 * ```ts
 * import { selectFigure4Samples } from "./figures.ts";
 *
 * const labels = [8, 0, 0, 1, 2];
 * const d = [[9, 6, 6, 1, 7], [9, 7, 8, 9, 9]];
 * const s = selectFigure4Samples(labels, d, { first: 0, count: 2, minDistance: 5, seed: 1 });
 * console.log(s.rows.length, s.rows[0], s.rows.includes(3), s.relaxed); // 3 0 false false
 * ```
 */
export function selectFigure4Samples(
  labels: ArrayLike<number>,
  distances: readonly ArrayLike<number>[],
  options: Figure4SelectionOptions,
): { rows: number[]; relaxed: boolean } {
  const n = labels.length;
  const minDist = (i: number) => Math.min(...distances.map((d) => d[i]));
  const rows = [options.first];
  const used = new Set([labels[options.first]]);
  const order = permutation(randomStream(options.seed, "figure4"), n);
  for (const i of order) {
    if (rows.length > options.count) break;
    if (used.has(labels[i]) || minDist(i) < options.minDistance) continue;
    rows.push(i);
    used.add(labels[i]);
  }
  const relaxed = rows.length <= options.count;
  if (relaxed) {
    const rest = [...Array(n).keys()].filter((i) => !rows.includes(i))
      .sort((a, b) => minDist(b) - minDist(a));
    for (const i of rest) {
      if (rows.length > options.count) break;
      if (!used.has(labels[i])) {
        rows.push(i);
        used.add(labels[i]);
      }
    }
    for (const i of rest) {
      if (rows.length > options.count) break;
      if (!rows.includes(i)) rows.push(i);
    }
  }
  return { rows, relaxed };
}

/**
 * Figure 4: trajectories x^i at the snapshot iterations. As in the paper, three samples share
 * a row (each shown at every snapshot), and the rows cycle through the models: with three
 * models, rows 1 and 4, 2 and 5, 3 and 6 belong to the low, middle and high corruption.
 *
 * @param snapshots per model, the points at each snapshot iteration (rows = candidates)
 * @param rows the candidate rows to show (see {@link selectFigure4Samples})
 * @returns the PNG bytes
 *
 * @example
 * ```ts
 * import { figure4Png } from "./figures.ts";
 *
 * const pts = { x: new Float32Array(2 * 784), n: 2, features: 784 };
 * const png = figure4Png([[pts, pts]], [0, 1]);
 * console.log(png[1]); // 80
 * ```
 */
export function figure4Png(
  snapshots: readonly (readonly ArrayData[])[],
  rows: readonly number[],
): Uint8Array {
  const perRow = 3;
  const grid: Tile[][] = [];
  for (let g = 0; g < rows.length; g += perRow) {
    for (const model of snapshots) {
      const line: Tile[] = [];
      for (const i of rows.slice(g, g + perRow)) {
        for (const snap of model) line.push({ values: rowOf(snap, i) });
      }
      grid.push(line);
    }
  }
  return tilePng(grid, { scale: 2 });
}

/**
 * Euclidean distance between row `i` of two data sets of the same width.
 *
 * @example
 * ```ts
 * import { rowDistance } from "./figures.ts";
 *
 * const a = { x: new Float32Array([0, 0]), n: 1, features: 2 };
 * const b = { x: new Float32Array([3, 4]), n: 1, features: 2 };
 * console.log(rowDistance(a, b, 0)); // 5
 * ```
 */
export function rowDistance(a: ArrayData, b: ArrayData, i: number): number {
  const u = rowOf(a, i), v = rowOf(b, i);
  let s = 0;
  for (let j = 0; j < u.length; j++) s += (u[j] - v[j]) ** 2;
  return Math.sqrt(s);
}

/**
 * Figure 6's samples from the best model's test fixed points: `count` random rows whose fixed
 * point is classified correctly and lies at least `minDistance` from the original, and `count`
 * random misclassified rows.
 *
 * @param originals the test rows, with labels
 * @param fixed their fixed points
 * @param predictions the probe's class for each fixed point
 * @param options count, minimum distance, seed
 * @returns the rows of each kind (fewer when too few qualify)
 *
 * @example
 * ```ts
 * import { selectFigure6Samples } from "./figures.ts";
 *
 * const o = { x: new Float32Array([0, 0, 0]), y: new Uint8Array([1, 1, 2]), n: 3, features: 1 };
 * const f = { x: new Float32Array([9, 1, 9]), n: 3, features: 1 };
 * const s = selectFigure6Samples(o, f, [1, 1, 0], { count: 2, minDistance: 5, seed: 1 });
 * console.log(s.good, s.bad); // [0] [2]
 * ```
 */
export function selectFigure6Samples(
  originals: ArrayData,
  fixed: ArrayData,
  predictions: ArrayLike<number>,
  options: { count: number; minDistance: number; seed: number },
): { good: number[]; bad: number[] } {
  if (!originals.y) throw new Error("Figure 6 needs labelled originals: pass data with y");
  const order = permutation(randomStream(options.seed, "figure6"), originals.n);
  const good: number[] = [];
  const bad: number[] = [];
  for (const i of order) {
    const right = predictions[i] === originals.y[i];
    if (
      right && good.length < options.count &&
      rowDistance(originals, fixed, i) >= options.minDistance
    ) {
      good.push(i);
    } else if (!right && bad.length < options.count) bad.push(i);
  }
  return { good, bad };
}

/**
 * Figure 6: the originals of the good samples over their fixed points, then the originals of
 * the misclassified samples over theirs.
 *
 * @example
 * ```ts
 * import { figure6Png } from "./figures.ts";
 *
 * const d = { x: new Float32Array(784), n: 1, features: 784 };
 * console.log(figure6Png(d, d, [0], [])[1]); // 80
 * ```
 */
export function figure6Png(
  originals: ArrayData,
  fixed: ArrayData,
  good: readonly number[],
  bad: readonly number[],
): Uint8Array {
  const line = (data: ArrayData, rows: readonly number[]): Tile[] =>
    rows.map((i) => ({ values: rowOf(data, i) }));
  return tilePng([
    line(originals, good),
    line(fixed, good),
    line(originals, bad),
    line(fixed, bad),
  ], { scale: 2 });
}

/**
 * Figure 5: test accuracy and test explosions (scaled to 10,000 digits) against the test MSE
 * (the usual denoising error, Eq. 4), one point per trained model, one series per corruption
 * level.
 *
 * @param results every model's outcome
 * @returns the two charts as SVG documents
 *
 * @example
 * ```ts
 * import { figure5Svgs } from "./figures.ts";
 *
 * const spec = { k: 1, sigma: 0.5, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed: 1 };
 * const ev = { accTest: 0.9, exTest: 3, testRows: 1000, mseTest: 20 } as never;
 * const { accuracy } = figure5Svgs([{ spec, trainSeconds: 1, finalLoss: 1, evaluation: ev }]);
 * console.log(accuracy.split("<circle").length - 1); // 1
 * ```
 */
export function figure5Svgs(
  results: readonly IdaeModelResult[],
): { accuracy: string; explosions: string } {
  const done = results.filter((r) => r.evaluation);
  const sigmas = [...new Set(done.map((r) => r.spec.sigma))].sort((a, b) => a - b);
  const series = (y: (r: IdaeModelResult) => number) =>
    sigmas.map((sigma) => {
      const group = done.filter((r) => r.spec.sigma === sigma);
      return {
        name: `σ = ${sigma}`,
        x: group.map((r) => r.evaluation!.mseTest),
        y: group.map(y),
      };
    });
  const xLabel = "MSE_test (denoising error, Eq. 4)";
  return {
    accuracy: scatterChart({
      title: "Figure 5: test accuracy against test MSE, one point per model",
      xLabel,
      yLabel: "acc_test",
      series: series((r) => r.evaluation!.accTest),
      legend: true,
    }),
    explosions: scatterChart({
      title: "Figure 5: explosions in the test set against test MSE",
      xLabel,
      yLabel: "EX_test (per 10,000 digits)",
      series: series((r) => (r.evaluation!.exTest * 10000) / r.evaluation!.testRows),
      legend: true,
    }),
  };
}

/**
 * Figure 7: for the samples of Figure 6, the step lengths ||x^i - x^(i-1)|| over the first
 * `steps` iterations (one chart each) and the distance to the last point of the trajectory,
 * all on log scales. Correctly classified samples are drawn in blue, misclassified in red.
 *
 * @param tracks the trajectories, good samples first
 * @param goodCount how many of `tracks` are good samples
 * @param steps the iteration counts of the step-length charts (the paper: 20 and 100)
 * @returns one SVG per step count, then the distance chart
 *
 * @example
 * ```ts
 * import { figure7Svgs } from "./figures.ts";
 *
 * const track = { index: 0, stepLengths: new Float64Array([1, 0.5, 0.25]), distanceToFinal: new Float64Array([1.5, 0.7, 0.25, 0]) };
 * const charts = figure7Svgs([track], 1, [2]);
 * console.log(charts.map((c) => c.name)); // ["figure7-steps2", "figure7-distance"]
 * ```
 */
export function figure7Svgs(
  tracks: readonly FixedPointTrack[],
  goodCount: number,
  steps: readonly number[],
): { name: string; svg: string }[] {
  const colour = (t: number) => (t < goodCount ? "#4e79a7" : "#e15759");
  const last = tracks.length ? tracks[0].distanceToFinal.length - 1 : 0;
  const charts = steps.map((s) => ({
    name: `figure7-steps${s}`,
    svg: lineChart({
      title: `Figure 7: first ${s} step lengths (blue: correct, red: misclassified)`,
      xLabel: "iteration i",
      yLabel: "||x^i - x^(i-1)||",
      logY: true,
      legend: false,
      series: tracks.map((t, j) => {
        const y = t.stepLengths.subarray(0, s);
        return { name: `row ${t.index}`, x: y.map((_, i) => i + 1), y, color: colour(j) };
      }),
    }),
  }));
  charts.push({
    name: "figure7-distance",
    svg: lineChart({
      title: `Figure 7: distance to step ${last} (blue: correct, red: misclassified)`,
      xLabel: "iteration i",
      yLabel: `||x^i - x^${last}||`,
      logY: true,
      legend: false,
      series: tracks.map((t, j) => ({
        name: `row ${t.index}`,
        x: t.distanceToFinal.map((_, i) => i),
        y: t.distanceToFinal,
        color: colour(j),
      })),
    }),
  });
  return charts;
}
