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
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { laplacian } from "../../lib/energy/calculus.ts";
import { contractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { ContractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { WeightInit } from "../../lib/ops/noise.ts";
import { randomStream } from "../../lib/random.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { train } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { ResultsRow } from "../../lib/io/table.ts";
import type { EnergyFigure } from "./figure_panels.ts";
import { panels } from "./figure2_panels.ts";

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
  /** The grid spans [-extent, extent]^2. The paper does not say; 1.5 radii. */
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
    extent: 1.5,
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
  /** Mean squared reconstruction error on the circle where the energy is largest. */
  errorAtEnergyMaxRadius: number;
  /** Radii of the local minima of the mean reconstruction error over angles. */
  errorMinimaRadii: number[];
  /**
   * The local minima of the squared error on the grid (below their 8 neighbours), by the kind
   * of stationary point of E they sit at, from the Hessian W diag(h'(u)) W^T - I (Eq. 34):
   * energy maxima (sinks, "good"), saddles, and energy minima (sources, "bad").
   */
  errorMinimaOnGrid: { maxima: number; saddles: number; minima: number };
  /** Fraction of training points where the model is absorbing (Eq. 39). */
  absorbingFraction: number;
  /** The last epoch's training loss. */
  finalLoss: number;
}

/** A local minimum of the squared error on the grid and what E does there. */
export interface StationaryPoint {
  /** Its coordinates. */
  x: number;
  /** Its coordinates. */
  y: number;
  /** The squared reconstruction error there. */
  error: number;
  /** The energy there. */
  energy: number;
  /** `"maximum"` (a sink), `"saddle"` or `"minimum"` (a source) of E, from its Hessian. */
  kind: "maximum" | "saddle" | "minimum";
}

/** What {@link figure2} returns. */
export interface Figure2Result {
  /** The settings used. */
  settings: Figure2Settings;
  /** The panels: (a) data, (b) field, (c) energy, (d) reconstructions, (e) error, and more. */
  figures: EnergyFigure[];
  /** The numbers of the figure's point. */
  measures: Figure2Measures;
  /** The grid's local minima of the squared error, each with the kind of stationary point. */
  stationary: StationaryPoint[];
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
export interface Evaluated {
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

export function radialProfile(ae: ContractiveAutoencoder, s: Figure2Settings) {
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

/**
 * The kind of stationary point of a 2-D sigmoid autoencoder's energy at (x, y), from the
 * Hessian W diag(h'(u)) W^T - I (Eq. 34): both eigenvalues negative is a maximum (a sink),
 * opposite signs a saddle, both positive a minimum (a source).
 *
 * @param W the weights [2, hidden], row-major
 * @param b the hidden biases [hidden]
 * @param x the point's first coordinate
 * @param y the point's second coordinate
 * @returns `"maximum"`, `"saddle"` or `"minimum"`
 *
 * @example
 * ```ts
 * import { hessianKind } from "./figure2.ts";
 * // two units, W = 4 I, at the origin: h' = 1/4, Hessian 4 I - I = 3 I
 * console.log(hessianKind(new Float32Array([4, 0, 0, 4]), new Float32Array(2), 0, 0)); // minimum
 * ```
 */
export function hessianKind(
  W: Float32Array,
  b: Float32Array,
  x: number,
  y: number,
): StationaryPoint["kind"] {
  const hidden = b.length;
  let a = -1, c = -1, d = 0; // [[a, d], [d, c]]
  for (let k = 0; k < hidden; k++) {
    const h = 1 / (1 + Math.exp(-(x * W[k] + y * W[hidden + k] + b[k])));
    const g = h * (1 - h);
    a += g * W[k] * W[k];
    c += g * W[hidden + k] * W[hidden + k];
    d += g * W[k] * W[hidden + k];
  }
  const det = a * c - d * d;
  return det < 0 ? "saddle" : a + c < 0 ? "maximum" : "minimum";
}

/** The interior grid points whose error is below all 8 neighbours', classified. */
function stationaryPoints(
  ae: ContractiveAutoencoder,
  xs: number[],
  g: Evaluated,
): StationaryPoint[] {
  const n = xs.length;
  const W = ae.params.W.dataSync() as Float32Array;
  const b = ae.params.b.dataSync() as Float32Array;
  const out: StationaryPoint[] = [];
  for (let j = 1; j < n - 1; j++) {
    for (let i = 1; i < n - 1; i++) {
      const v = g.error[j * n + i];
      let lowest = true;
      for (let dj = -1; dj <= 1 && lowest; dj++) {
        for (let di = -1; di <= 1; di++) {
          if ((di || dj) && g.error[(j + dj) * n + i + di] <= v) lowest = false;
        }
      }
      if (!lowest) continue;
      const kind = hessianKind(W, b, xs[i], xs[j]);
      out.push({ x: xs[i], y: xs[j], error: v, energy: g.energy[j * n + i], kind });
    }
  }
  return out;
}

function measure(
  ae: ContractiveAutoencoder,
  s: Figure2Settings,
  data: Float32Array,
  profile: ReturnType<typeof radialProfile>,
  stationary: StationaryPoint[],
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
    errorAtEnergyMaxRadius: profile.error[top],
    errorMinimaRadii: localMinima(profile.error).map((i) => profile.radius[i]),
    errorMinimaOnGrid: {
      maxima: stationary.filter((p) => p.kind === "maximum").length,
      saddles: stationary.filter((p) => p.kind === "saddle").length,
      minima: stationary.filter((p) => p.kind === "minimum").length,
    },
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
    const xs = gridAxes(s);
    const points = Float32Array.from(xs.flatMap((y) => xs.flatMap((x) => [x, y])));
    const grid = evaluate(ae, points);
    const stationary = stationaryPoints(ae, xs, grid);
    const measures = measure(ae, s, data, profile, stationary, loss[loss.length - 1]);
    const figures = panels(xs, points, grid, s, data, profile);
    return {
      settings: s,
      figures,
      measures,
      stationary,
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
    ["squared error on the circle of the largest energy", m.errorAtEnergyMaxRadius],
    ["squared error at half the radius", m.errorAtHalfRadius],
    ["squared error at the centre", m.errorAtCentre],
    ["squared error at the grid corners", m.errorAtCorners],
    [
      "radii of the local minima of the error",
      m.errorMinimaRadii.map((v) => v.toFixed(3)).join(" "),
    ],
    ["error minima on the grid at maxima of E (sinks)", m.errorMinimaOnGrid.maxima],
    ["error minima on the grid at saddles of E", m.errorMinimaOnGrid.saddles],
    ["error minima on the grid at minima of E (sources)", m.errorMinimaOnGrid.minima],
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
