/**
 * Figure 2 of Kamyshanska & Memisevic (Sec. 2.4): a contractive autoencoder with 100 sigmoid
 * hidden units trained on 2-D data randomly distributed around a circle; on a regular grid, its
 * vector field r(x) - x, its energy E(x) (Eq. 12), the reconstructions of the grid points and
 * the squared reconstruction error ||r(x) - x||^2.
 *
 * The point of the figure: E is highest on the circle (the data are sinks, Eq. 39), while the
 * reconstruction error has minima both on the circle and at the centre, a stationary point that
 * is a minimum of E (a source): error alone cannot tell good from bad stationary points.
 * {@link figure2} measures that along rays from the centre and returns the numbers.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { laplacian } from "../../lib/energy/calculus.ts";
import { contractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { ContractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { WeightInit } from "../../lib/ops/noise.ts";
import { figureSvg, plotSvg } from "../../lib/plot/render.ts";
import { lineChart, scatterChart } from "../../lib/plot/svg.ts";
import { randomStream } from "../../lib/random.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { train } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { ResultsRow } from "../../lib/io/table.ts";
import { composeSvg, type EnergyFigure, heatmapPng, heatmapSvg } from "./figure_panels.ts";

/** Every setting of {@link figure2}. */
export interface Figure2Settings {
  /** Training points. The paper does not say; 1000. */
  points: number;
  /** Radius of the circle. The paper does not say; 1. */
  radius: number;
  /** Standard deviation of the radial noise. The paper does not say; 0.1. */
  noise: number;
  /** Hidden units: 100 (Sec. 2.4). */
  hidden: number;
  /** Weight of the contraction penalty (Eq. 40). Silent for Fig. 2; 0.2 (Sec. 4.3's smallest). */
  contraction: number;
  /** Initial weights. The paper does not say; Glorot (0.01 learns too slowly in 2-D). */
  init: WeightInit;
  /** Epochs. The paper does not say; 1000. */
  epochs: number;
  /** Minibatch size: 100 (Sec. 4.4). */
  batchSize: number;
  /** Learning rate. The paper does not say; 0.02 (0.1 collapses the model). */
  learningRate: number;
  /** Momentum: 0.9 (Sec. 4.4). */
  momentum: number;
  /** Grid points per side. The paper does not say; 41. */
  grid: number;
  /** The grid spans [-extent, extent]^2. The paper does not say; 2 radii. */
  extent: number;
  /** Seed of the data, the initial weights and the shuffling. */
  seed: number;
}

/** Options for {@link figure2}: a preset and any settings to override. */
export interface Figure2Options extends Partial<Figure2Settings> {
  /** `"paper"` (default) or `"smoke"` (a few seconds, for tests). */
  preset?: "smoke" | "paper";
  /** Where training progress goes. */
  progress?: ProgressReporter;
}

/** The presets of {@link figure2}. */
export const FIGURE2_PRESETS: Readonly<Record<"smoke" | "paper", Figure2Settings>> = {
  paper: {
    points: 1000,
    radius: 1,
    noise: 0.1,
    hidden: 100,
    contraction: 0.2,
    init: "glorot",
    epochs: 1000,
    batchSize: 100,
    learningRate: 0.02,
    momentum: 0.9,
    grid: 41,
    extent: 2,
    seed: 1,
  },
  smoke: {
    points: 300,
    radius: 1,
    noise: 0.1,
    hidden: 100,
    contraction: 0.2,
    init: "glorot",
    epochs: 40,
    batchSize: 100,
    learningRate: 0.05,
    momentum: 0.9,
    grid: 15,
    extent: 2,
    seed: 1,
  },
};

/** The numbers that make Figure 2's point, all measured on the trained model. */
export interface Figure2Measures {
  /** Mean energy on the circle of the data's radius. */
  energyOnCircle: number;
  /** Energy at the centre. */
  energyAtCentre: number;
  /** Mean energy at the grid's four corners. */
  energyAtCorners: number;
  /** Mean squared reconstruction error on the circle. */
  errorOnCircle: number;
  /** Squared reconstruction error at the centre. */
  errorAtCentre: number;
  /** Mean squared reconstruction error on the circle of half the radius (between the two). */
  errorAtHalfRadius: number;
  /** Mean squared reconstruction error at the corners. */
  errorAtCorners: number;
  /** Mean Laplacian of E (divergence of r(x) - x, Eq. 38) on the circle: < 0 is a sink. */
  laplacianOnCircle: number;
  /** Laplacian at the centre: > 0 is a source. */
  laplacianAtCentre: number;
  /** The radius where the mean energy over angles is largest. */
  energyMaxRadius: number;
  /** Radii of the local minima of the mean reconstruction error over angles. */
  errorMinimaRadii: number[];
  /** Fraction of training points where the model is absorbing (Eq. 39). */
  absorbingFraction: number;
  /** The last epoch's training loss. */
  finalLoss: number;
}

/** What {@link figure2} returns. */
export interface Figure2Result {
  /** The settings used. */
  settings: Figure2Settings;
  /** The panels: (a) data, (b) field, (c) energy, (d) reconstructions, (e) error, and more. */
  figures: EnergyFigure[];
  /** The numbers of the figure's point. */
  measures: Figure2Measures;
  /** Mean energy, error and Laplacian over angles, per radius. */
  profile: { radius: number[]; energy: number[]; error: number[]; laplacian: number[] };
  /** Training loss per epoch. */
  loss: number[];
  /** Wall-clock seconds (training and evaluation). */
  seconds: number;
}

/** Points around a circle: angle uniform, radius normal around `radius`, seeded. */
function circleData(s: Figure2Settings): Float32Array {
  const rng = randomStream(s.seed, "figure2:circle");
  const x = new Float32Array(2 * s.points);
  for (let i = 0; i < s.points; i++) {
    const a = 2 * Math.PI * rng.uniform();
    const r = s.radius + s.noise * rng.normal();
    x[2 * i] = r * Math.cos(a);
    x[2 * i + 1] = r * Math.sin(a);
  }
  return x;
}

/** Energy, squared error, Laplacian and reconstruction at each of the [n, 2] points. */
interface Evaluated {
  energy: Float32Array;
  error: Float32Array;
  laplacian: Float32Array;
  recon: Float32Array;
}

function evaluate(ae: ContractiveAutoencoder, points: Float32Array): Evaluated {
  return tf.tidy(() => {
    const x = tf.tensor2d(points, [points.length / 2, 2]) as Tensor2D;
    const r = ae.reconstruct(x);
    return {
      energy: ae.energy(x).dataSync() as Float32Array,
      error: tf.sum(tf.square(tf.sub(r, x)), 1).dataSync() as Float32Array,
      laplacian: laplacian(ae.weights(), x, "sigmoid").dataSync() as Float32Array,
      recon: r.dataSync() as Float32Array,
    };
  });
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Points on the circle of radius `r`, `angles` of them. */
function ring(r: number, angles: number): number[] {
  return Array.from({ length: angles }, (_, k) => {
    const a = 2 * Math.PI * k / angles;
    return [r * Math.cos(a), r * Math.sin(a)];
  }).flat();
}

const ANGLES = 90;

function radialProfile(ae: ContractiveAutoencoder, s: Figure2Settings) {
  const steps = 60;
  const radius = Array.from({ length: steps + 1 }, (_, j) => j * s.extent / steps);
  const e = evaluate(ae, Float32Array.from(radius.flatMap((r) => ring(r, ANGLES))));
  const avg = (a: Float32Array) =>
    radius.map((_, j) => mean(a.subarray(j * ANGLES, (j + 1) * ANGLES)));
  return { radius, energy: avg(e.energy), error: avg(e.error), laplacian: avg(e.laplacian) };
}

/** Indices of the local minima of a sequence (an end counts when below its one neighbour). */
function localMinima(a: readonly number[]): number[] {
  return a.flatMap((v, i) =>
    (i === 0 || v < a[i - 1]) && (i === a.length - 1 || v < a[i + 1]) ? [i] : []
  );
}

function measure(
  ae: ContractiveAutoencoder,
  s: Figure2Settings,
  data: Float32Array,
  profile: ReturnType<typeof radialProfile>,
  finalLoss: number,
): Figure2Measures {
  const c = s.extent;
  const circle = evaluate(ae, Float32Array.from(ring(s.radius, ANGLES)));
  const half = evaluate(ae, Float32Array.from(ring(s.radius / 2, ANGLES)));
  const centre = evaluate(ae, new Float32Array(2));
  const corners = evaluate(ae, Float32Array.from([c, c, -c, c, -c, -c, c, -c]));
  const onData = evaluate(ae, data);
  const top = profile.energy.indexOf(Math.max(...profile.energy));
  return {
    energyOnCircle: mean(circle.energy),
    energyAtCentre: centre.energy[0],
    energyAtCorners: mean(corners.energy),
    errorOnCircle: mean(circle.error),
    errorAtCentre: centre.error[0],
    errorAtHalfRadius: mean(half.error),
    errorAtCorners: mean(corners.error),
    laplacianOnCircle: mean(circle.laplacian),
    laplacianAtCentre: centre.laplacian[0],
    energyMaxRadius: profile.radius[top],
    errorMinimaRadii: localMinima(profile.error).map((i) => profile.radius[i]),
    absorbingFraction: mean(Array.from(onData.laplacian, (l) => l < 0 ? 1 : 0)),
    finalLoss,
  };
}

/**
 * Figure 2: train the contractive autoencoder on the circle data, then draw and measure its
 * vector field, energy and reconstruction error on a regular grid.
 *
 * @param options a preset (`"paper"` by default, `"smoke"` for seconds) and overrides
 * @returns the panels, the measurements, the radial profile and the loss curve
 *
 * @example
 * ```ts ignore
 * import { figure2 } from "./figure2.ts";
 * const r = await figure2({ preset: "smoke" });
 * console.log(r.measures.energyOnCircle > r.measures.energyAtCorners); // true
 * ```
 */
export async function figure2(options: Figure2Options = {}): Promise<Figure2Result> {
  const { preset = "paper", progress, ...overrides } = options;
  const base = FIGURE2_PRESETS[preset];
  if (!base) throw new Error(`figure2: unknown preset "${preset}": use "smoke" or "paper"`);
  const s: Figure2Settings = { ...base, ...overrides };
  const t0 = performance.now();
  const data = circleData(s);
  const ae = contractiveAutoencoder({
    inputs: 2,
    hidden: s.hidden,
    activation: "sigmoid",
    contraction: s.contraction,
    init: s.init,
    seed: s.seed,
  });
  const optimizer = sgd({ momentum: s.momentum });
  try {
    const run = await train(ae, { x: data, n: s.points, features: 2 }, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      optimizer,
      learningRate: s.learningRate,
      seed: s.seed,
      progress,
      label: "figure2",
    });
    const loss = run.history.map((h) => h.loss);
    const profile = radialProfile(ae, s);
    const measures = measure(ae, s, data, profile, loss[loss.length - 1]);
    const figures = panels(ae, s, data, profile);
    return {
      settings: s,
      figures,
      measures,
      profile,
      loss,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    optimizer.dispose();
    ae.dispose();
  }
}

function gridAxes(s: Figure2Settings): number[] {
  return Array.from({ length: s.grid }, (_, i) => -s.extent + 2 * s.extent * i / (s.grid - 1));
}

function panels(
  ae: ContractiveAutoencoder,
  s: Figure2Settings,
  data: Float32Array,
  profile: ReturnType<typeof radialProfile>,
): EnergyFigure[] {
  const xs = gridAxes(s);
  const points = Float32Array.from(xs.flatMap((y) => xs.flatMap((x) => [x, y])));
  const g = evaluate(ae, points);
  const even = (a: ArrayLike<number>, o: number) => Array.from(a).filter((_, i) => i % 2 === o);
  const size = { width: 420, height: 420 };
  const dataSvg = scatterChart({
    ...size,
    title: "(a) training data",
    xDomain: [-s.extent, s.extent],
    yDomain: [-s.extent, s.extent],
    radius: 1.5,
    series: [{ name: "data", x: even(data, 0), y: even(data, 1) }],
  });
  const fieldSvg = vectorField(points, g.recon, s, "(b) vector field r(x) - x");
  const energySvg = heatmapSvg({ xs, ys: xs, values: g.energy }, {
    title: "(c) energy E(x)",
    overlay: data,
  });
  const reconSvg = scatterChart({
    ...size,
    title: "(d) reconstructions r(x) of the grid",
    xDomain: [-s.extent, s.extent],
    yDomain: [-s.extent, s.extent],
    radius: 1.5,
    series: [
      { name: "grid x", x: even(points, 0), y: even(points, 1), color: "#bab0ac" },
      { name: "r(x)", x: even(g.recon, 0), y: even(g.recon, 1), color: "#e15759" },
    ],
  });
  const errorSvg = heatmapSvg({ xs, ys: xs, values: g.error }, {
    title: "(e) ||r(x) - x||^2",
    overlay: data,
  });
  const profileSvg = composeSvg([
    lineChart({
      width: 420,
      height: 300,
      title: "energy along rays (mean over angles)",
      xLabel: "distance from the centre",
      series: [{ name: "E", x: profile.radius, y: profile.energy }],
    }),
    lineChart({
      width: 420,
      height: 300,
      title: "squared error along rays",
      xLabel: "distance from the centre",
      series: [{ name: "error", x: profile.radius, y: profile.error, color: "#e15759" }],
    }),
  ], 2);
  const all = composeSvg(
    [dataSvg, fieldSvg, energySvg, reconSvg, errorSvg],
    3,
    "Figure 2: contractive autoencoder (100 sigmoid units) on data around a circle",
  );
  return [
    { file: "figure2.svg", content: all },
    { file: "figure2a-data.svg", content: dataSvg },
    { file: "figure2b-field.svg", content: fieldSvg },
    { file: "figure2c-energy.svg", content: energySvg },
    { file: "figure2c-energy.png", content: heatmapPng({ xs, ys: xs, values: g.energy }, 8) },
    { file: "figure2d-reconstructions.svg", content: reconSvg },
    { file: "figure2e-error.svg", content: errorSvg },
    { file: "figure2e-error.png", content: heatmapPng({ xs, ys: xs, values: g.error }, 8) },
    { file: "figure2-profile.svg", content: profileSvg },
  ];
}

/** Arrows from each grid point along r(x) - x, scaled so the longest is 0.9 grid steps. */
function vectorField(
  points: Float32Array,
  recon: Float32Array,
  s: Figure2Settings,
  title: string,
): string {
  const step = 2 * s.extent / (s.grid - 1);
  let longest = 0;
  for (let i = 0; i < points.length; i += 2) {
    longest = Math.max(longest, Math.hypot(recon[i] - points[i], recon[i + 1] - points[i + 1]));
  }
  const k = longest > 0 ? 0.9 * step / longest : 1;
  const arrows: { x1: number; y1: number; x2: number; y2: number }[] = [];
  for (let i = 0; i < points.length; i += 2) {
    arrows.push({
      x1: points[i],
      y1: points[i + 1],
      x2: points[i] + k * (recon[i] - points[i]),
      y2: points[i + 1] + k * (recon[i + 1] - points[i + 1]),
    });
  }
  const domain = [-s.extent - step, s.extent + step];
  return figureSvg({
    width: 420,
    height: 420,
    title: `${title}, x${k.toPrecision(2)}`,
    plot: (width, height) =>
      plotSvg({
        width,
        height,
        x: { domain, label: "x1" },
        y: { domain, label: "x2" },
        marks: [
          Plot.frame(),
          Plot.arrow(arrows, {
            x1: "x1",
            y1: "y1",
            x2: "x2",
            y2: "y2",
            headLength: 4,
            stroke: "#4e79a7",
          }),
        ],
      }),
  });
}

/**
 * Figure 2's measurements as results rows (the paper prints no numbers: `paper` is null).
 *
 * @param r the result of {@link figure2}
 * @returns one row per measurement, ready for `writeResultsTable`
 */
export function figure2Table(r: Figure2Result): ResultsRow[] {
  const m = r.measures;
  const rows: [string, number | string][] = [
    ["energy on the circle", m.energyOnCircle],
    ["energy at the centre", m.energyAtCentre],
    ["energy at the grid corners", m.energyAtCorners],
    ["radius of the largest energy (data radius " + r.settings.radius + ")", m.energyMaxRadius],
    ["squared error on the circle", m.errorOnCircle],
    ["squared error at half the radius", m.errorAtHalfRadius],
    ["squared error at the centre", m.errorAtCentre],
    ["squared error at the grid corners", m.errorAtCorners],
    [
      "radii of the local minima of the error",
      m.errorMinimaRadii.map((v) => v.toFixed(3)).join(" "),
    ],
    ["Laplacian of E on the circle (< 0: sink)", m.laplacianOnCircle],
    ["Laplacian of E at the centre (> 0: source)", m.laplacianAtCentre],
    ["fraction of training points absorbing (Eq. 39)", m.absorbingFraction],
    ["final training loss", m.finalLoss],
  ];
  return rows.map(([row, ours]) => ({
    figure: "2",
    row,
    paper: null,
    ours,
    epochs: r.settings.epochs,
    seeds: String(r.settings.seed),
    seconds: Math.round(r.seconds * 10) / 10,
  }));
}
