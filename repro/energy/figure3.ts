/**
 * Figure 3 of Kamyshanska & Memisevic (Sec. 4): on MNIST-small (the first 10,000 MNIST training
 * digits, Larochelle et al. 2007), one autoencoder per class is trained on the 6s and one on the
 * 9s, for each activation; the energies E(x) (Eq. 11) and squared reconstruction errors that the
 * two models assign to test 6s and 9s are drawn as distributions. "All models yield fairly well
 * separated confidence scores, when the appropriate anti-derivatives are used" (Sec. 4).
 *
 * Separation is measured per activation on the difference of the two models' scores, since each
 * energy has its own unknown constant (Sec. 4, Eq. 45): the fraction of test digits where
 * E_6 - E_9 has the right sign (zero offset), and the area under the ROC curve of that
 * difference (any offset); the same for the reconstruction error, with -error as the score.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { loadDataset } from "../../lib/data/mnist.ts";
import { pickRows } from "../../lib/data/rows.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { EnergyActivationName } from "../../lib/energy/energy.ts";
import { contractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { ContractiveAutoencoder } from "../../lib/models/contractive.ts";
import type { WeightInit } from "../../lib/ops/noise.ts";
import { histogramChart } from "../../lib/plot/svg.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { DivergenceError, train } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import type { ResultsRow } from "../../lib/io/table.ts";
import { composeSvg, type EnergyFigure } from "./figure_panels.ts";

/** The activations of Figure 3. */
export type Figure3Activation = "sigmoid" | "tanh" | "linear" | "modulus" | "relu" | "square";

/**
 * How each activation's model is regularised (Sec. 4.2): the contraction penalty for
 * differentiable activations, denoising for modulus and ReLU (Fig. 3's legend names them so).
 */
export const FIGURE3_MODELS: Readonly<
  Record<Figure3Activation, { regulariser: "contraction" | "denoising" }>
> = {
  sigmoid: { regulariser: "contraction" },
  tanh: { regulariser: "contraction" },
  linear: { regulariser: "contraction" },
  modulus: { regulariser: "denoising" },
  relu: { regulariser: "denoising" },
  square: { regulariser: "contraction" },
};

/**
 * Learning rates per activation. The paper does not give them; these are the largest of 0.01,
 * 0.001, 0.0001 at which both models trained here (100 epochs) without diverging or stalling:
 * unbounded units need smaller steps, since the loss sums the squared error over 784 pixels
 * (linear, modulus and square diverged at 0.01, square at 0.001; a ReLU 6-model stalled at a
 * loss three times the 9-model's at 0.01).
 */
const LEARNING_RATES: Readonly<Record<Figure3Activation, number>> = {
  sigmoid: 0.01,
  tanh: 0.01,
  linear: 0.001,
  modulus: 0.001,
  relu: 0.001,
  square: 0.0001,
};

/** Every setting of {@link figure3}. */
export interface Figure3Settings {
  /** The activations, in order. Default all six of Fig. 3. */
  activations: Figure3Activation[];
  /** Training rows: the first 10,000 MNIST training digits (MNIST-small, Sec. 4). */
  trainRows: number;
  /**
   * Test digits per class, from the MNIST test set (0: all, 958 6s and 1009 9s). MNIST-small's
   * own test set is not shipped; the official test digits stand in.
   */
  testPerClass: number;
  /** The two classes compared: 6 and 9 (Fig. 3). */
  classes: [number, number];
  /** Hidden units. Silent for Fig. 3; 100 (the smallest of Sec. 4.4's 100-500). */
  hidden: number;
  /** Contraction weight (Eq. 40): 0.5, the middle of Sec. 4.3's 0.2, 0.5, 1.0. */
  contraction: number;
  /** Masking noise of the denoising models: 0.2 (Sec. 4.3 tried 0.2 and 0.5). */
  corruption: number;
  /** Initial weights. The paper does not say; 0.01. */
  init: WeightInit;
  /** Epochs per model. Sec. 4.3 chose them "by visual inspection"; 100 (Sec. 4.4's count). */
  epochs: number;
  /** Minibatch size: 100 (Sec. 4.4). */
  batchSize: number;
  /** Learning rate per activation. The paper does not say; see `LEARNING_RATES`. */
  learningRates: Record<Figure3Activation, number>;
  /** Momentum: 0.9 (Sec. 4.4). */
  momentum: number;
  /** Seed of the initial weights, noise and shuffling. */
  seed: number;
}

/** Options for {@link figure3}: a preset and any settings to override. */
export interface Figure3Options extends Partial<Omit<Figure3Settings, "learningRates">> {
  /** Learning rates of some activations, the others keep the preset's. */
  learningRates?: Partial<Record<Figure3Activation, number>>;
  /** `"paper"` (default) or `"smoke"` (seconds, for tests). */
  preset?: "smoke" | "paper";
  /** Where training progress goes. */
  progress?: ProgressReporter;
}

const ALL: Figure3Activation[] = ["sigmoid", "tanh", "linear", "modulus", "relu", "square"];

/** The presets of {@link figure3}. */
export const FIGURE3_PRESETS: Readonly<Record<"smoke" | "paper", Figure3Settings>> = {
  paper: {
    activations: ALL,
    trainRows: 10000,
    testPerClass: 0,
    classes: [6, 9],
    hidden: 100,
    contraction: 0.5,
    corruption: 0.2,
    init: 0.01,
    epochs: 100,
    batchSize: 100,
    learningRates: { ...LEARNING_RATES },
    momentum: 0.9,
    seed: 1,
  },
  smoke: {
    activations: ALL,
    trainRows: 2000,
    testPerClass: 100,
    classes: [6, 9],
    hidden: 16,
    contraction: 0.5,
    corruption: 0.2,
    init: 0.01,
    epochs: 3,
    batchSize: 50,
    learningRates: { ...LEARNING_RATES },
    momentum: 0.9,
    seed: 1,
  },
};

/** How well one score separates the two classes of test digits. */
export interface Separability {
  /** Fraction of test digits whose score difference (model A - model B) has the right sign. */
  sign: number;
  /** Area under the ROC curve of the difference: 0.5 is chance, 1 perfect, any offset. */
  auc: number;
}

/** One activation's pair of models and their scores on the test digits. */
export interface Figure3Model {
  /** The hidden activation. */
  activation: Figure3Activation;
  /** `"contraction"` or `"denoising"`. */
  regulariser: "contraction" | "denoising";
  /** Training digits of each class. */
  trainDigits: [number, number];
  /** Final training loss of each model (NaN where it diverged). */
  finalLoss: [number, number];
  /** The error message where a model diverged. */
  diverged?: string;
  /** Energies: `[model][test class]`, e.g. `energy[0][1]` is the 6-model on the test 9s. */
  energy: [[Float32Array, Float32Array], [Float32Array, Float32Array]];
  /** Squared reconstruction errors, indexed like `energy`. */
  error: [[Float32Array, Float32Array], [Float32Array, Float32Array]];
  /** Separation by energy, E_A - E_B (high energy = the model likes x). */
  energySeparability: Separability;
  /** Separation by error, err_B - err_A (low error = the model likes x). */
  errorSeparability: Separability;
  /** Training seconds of both models. */
  seconds: number;
}

/** What {@link figure3} returns. */
export interface Figure3Result {
  /** The settings used. */
  settings: Figure3Settings;
  /** One entry per activation. */
  models: Figure3Model[];
  /** `figure3.svg` (score differences, all activations) and one file per activation. */
  figures: EnergyFigure[];
  /** Test digits of each class. */
  testDigits: [number, number];
  /** Wall-clock seconds. */
  seconds: number;
}

function rowsOfClass(data: ArrayData & { y: Uint8Array }, label: number, limit: number): ArrayData {
  const idx: number[] = [];
  for (let i = 0; i < data.n && (limit <= 0 || idx.length < limit); i++) {
    if (data.y[i] === label) idx.push(i);
  }
  return pickRows(data, idx);
}

function scores(ae: ContractiveAutoencoder, d: ArrayData): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor2d(d.x, [d.n, d.features]) as Tensor2D;
    const err = tf.sum(tf.square(tf.sub(ae.reconstruct(x), x)), 1);
    return [ae.energy(x).dataSync() as Float32Array, err.dataSync() as Float32Array];
  });
}

/** Fraction right in sign and ROC area of a score that should be high on `pos`, low on `neg`. */
export function separability(pos: ArrayLike<number>, neg: ArrayLike<number>): Separability {
  const p = Array.from(pos);
  const n = Array.from(neg);
  const sign = (p.filter((v) => v > 0).length + n.filter((v) => v < 0).length) /
    (p.length + n.length);
  // the ROC area over finite scores (a diverged model's NaNs count only against `sign`)
  const fp = p.filter(Number.isFinite);
  const fn = n.filter(Number.isFinite);
  const all = [...fp.map((v) => [v, 1]), ...fn.map((v) => [v, 0])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i + 1;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const rank = (i + j + 1) / 2; // mean 1-based rank of the tie group
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += rank;
    i = j;
  }
  const auc = (rankSum - fp.length * (fp.length + 1) / 2) / (fp.length * fn.length);
  return { sign, auc: Number.isFinite(auc) ? auc : NaN };
}

const diff = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - b[i]);

async function trainPair(
  activation: Figure3Activation,
  train2: [ArrayData, ArrayData],
  test2: [ArrayData, ArrayData],
  s: Figure3Settings,
  progress?: ProgressReporter,
): Promise<Figure3Model> {
  const t0 = performance.now();
  const regulariser = FIGURE3_MODELS[activation].regulariser;
  const energy = [] as unknown as Figure3Model["energy"];
  const error = [] as unknown as Figure3Model["error"];
  const finalLoss: [number, number] = [NaN, NaN];
  let diverged: string | undefined;
  for (const m of [0, 1] as const) {
    const ae = contractiveAutoencoder({
      inputs: train2[m].features,
      hidden: s.hidden,
      activation: activation as EnergyActivationName,
      contraction: regulariser === "contraction" ? s.contraction : 0,
      corruption: regulariser === "denoising" ? s.corruption : 0,
      init: s.init,
      seed: s.seed + m,
    });
    const optimizer = sgd({ momentum: s.momentum });
    try {
      const run = await train(ae, train2[m], {
        epochs: s.epochs,
        batchSize: s.batchSize,
        optimizer,
        learningRate: s.learningRates[activation],
        seed: s.seed + m,
        progress,
        label: `figure3 ${activation} ${s.classes[m]}s`,
      });
      finalLoss[m] = run.history[run.history.length - 1].loss;
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      diverged = `${s.classes[m]}-model: ${(e as Error).message}`;
    } finally {
      optimizer.dispose();
    }
    const [e0, r0] = scores(ae, test2[0]);
    const [e1, r1] = scores(ae, test2[1]);
    energy[m] = [e0, e1];
    error[m] = [r0, r1];
    ae.dispose();
  }
  return {
    activation,
    regulariser,
    trainDigits: [train2[0].n, train2[1].n],
    finalLoss,
    ...(diverged ? { diverged } : {}),
    energy,
    error,
    energySeparability: separability(
      diff(energy[0][0], energy[1][0]),
      diff(energy[0][1], energy[1][1]),
    ),
    errorSeparability: separability(diff(error[1][0], error[0][0]), diff(error[1][1], error[0][1])),
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Figure 3: per activation, train a 6-model and a 9-model on MNIST-small, score the test 6s
 * and 9s with each model's energy and reconstruction error, and measure how well each score
 * separates them. A model that diverges is reported (`diverged`), not thrown.
 *
 * @param options a preset (`"paper"` by default, `"smoke"` for seconds) and overrides
 * @returns per activation the scores and separability, and the figures
 *
 * @example
 * ```ts ignore
 * import { figure3 } from "./figure3.ts";
 * const r = await figure3({ preset: "smoke", activations: ["sigmoid"] });
 * console.log(r.models[0].energySeparability.auc > 0.5); // true
 * ```
 */
export async function figure3(options: Figure3Options = {}): Promise<Figure3Result> {
  const { preset = "paper", progress, ...overrides } = options;
  const base = FIGURE3_PRESETS[preset];
  if (!base) throw new Error(`figure3: unknown preset "${preset}": use "smoke" or "paper"`);
  const s: Figure3Settings = {
    ...base,
    ...overrides,
    learningRates: { ...base.learningRates, ...overrides.learningRates },
  };
  for (const a of s.activations) {
    if (!Object.hasOwn(FIGURE3_MODELS, a)) {
      throw new Error(`figure3: unknown activation "${a}": use some of ${ALL.join(", ")}`);
    }
  }
  const t0 = performance.now();
  const mnist = await loadDataset("mnist");
  const small = { ...mnist.train, n: Math.min(s.trainRows, mnist.train.n) };
  small.x = small.x.subarray(0, small.n * small.features);
  small.y = small.y.subarray(0, small.n);
  const train2 = s.classes.map((c) => rowsOfClass(small, c, 0)) as [ArrayData, ArrayData];
  const test2 = s.classes.map((c) => rowsOfClass(mnist.test, c, s.testPerClass)) as [
    ArrayData,
    ArrayData,
  ];
  const models: Figure3Model[] = [];
  for (const a of s.activations) models.push(await trainPair(a, train2, test2, s, progress));
  return {
    settings: s,
    models,
    figures: figure3Figures(models, s.classes),
    testDigits: [test2[0].n, test2[1].n],
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The range holding all but the outer `q` of the finite values at each end. */
function innerRange(values: ArrayLike<number>[], q = 0.005): [number, number] | undefined {
  const all = values.flatMap((v) => Array.from(v)).filter(Number.isFinite).sort((a, b) => a - b);
  if (all.length === 0) return undefined;
  const lo = all[Math.floor(q * (all.length - 1))];
  const hi = all[Math.ceil((1 - q) * (all.length - 1))];
  return hi > lo ? [lo, hi] : undefined;
}

function pairHistogram(
  title: string,
  a: Float32Array,
  b: Float32Array,
  classes: [number, number],
  xLabel: string,
): string {
  return histogramChart({
    title,
    xLabel,
    yLabel: "test digits",
    width: 420,
    height: 240,
    bins: 40,
    range: innerRange([a, b]),
    series: [
      { name: `test ${classes[0]}s`, values: a },
      { name: `test ${classes[1]}s`, values: b, color: "#e15759" },
    ],
  });
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The figures of {@link figure3}: the overview and one 2 x 2 panel file per activation. */
function figure3Figures(models: Figure3Model[], classes: [number, number]): EnergyFigure[] {
  const [a, b] = classes;
  const overview = models.flatMap((m) => [
    pairHistogram(
      `${m.activation}: E${a} - E${b} (AUC ${m.energySeparability.auc.toFixed(3)})`,
      diff(m.energy[0][0], m.energy[1][0]),
      diff(m.energy[0][1], m.energy[1][1]),
      classes,
      "energy difference",
    ),
    pairHistogram(
      `${m.activation}: err${b} - err${a} (AUC ${m.errorSeparability.auc.toFixed(3)})`,
      diff(m.error[1][0], m.error[0][0]),
      diff(m.error[1][1], m.error[0][1]),
      classes,
      "error difference",
    ),
  ]);
  const figures: EnergyFigure[] = [{
    file: "figure3.svg",
    content: composeSvg(
      overview,
      2,
      `Figure 3: ${a}-model minus ${b}-model scores of test ${a}s and ${b}s (MNIST-small)`,
    ),
  }];
  for (const m of models) {
    const panels = [
      ...[0, 1].map((k) =>
        pairHistogram(
          `energy, ${classes[k]}-model`,
          m.energy[k][0],
          m.energy[k][1],
          classes,
          "E(x)",
        )
      ),
      ...[0, 1].map((k) =>
        pairHistogram(
          `error, ${classes[k]}-model`,
          m.error[k][0],
          m.error[k][1],
          classes,
          "||r(x) - x||^2",
        )
      ),
    ];
    const sep = `energy sign ${pct(m.energySeparability.sign)}, error sign ${
      pct(m.errorSeparability.sign)
    }`;
    figures.push({
      file: `figure3-${m.activation}.svg`,
      content: composeSvg(panels, 2, `${m.activation} (${m.regulariser}): ${sep}`),
    });
  }
  return figures;
}

/**
 * Figure 3's separability as results rows (the paper shows only the picture: `paper` is null).
 *
 * @param r the result of {@link figure3}
 * @returns four rows per activation (energy and error; sign and AUC), for `writeResultsTable`
 */
export function figure3Table(r: Figure3Result): ResultsRow[] {
  const [a, b] = r.settings.classes;
  return r.models.flatMap((m) =>
    (
      [
        ["energy", "sign", m.energySeparability.sign],
        ["energy", "AUC", m.energySeparability.auc],
        ["error", "sign", m.errorSeparability.sign],
        ["error", "AUC", m.errorSeparability.auc],
      ] as const
    ).map(([score, kind, ours]) => ({
      figure: "3",
      row: `${m.activation} (${m.regulariser}), ${score} ${a} vs ${b}, ${
        kind === "sign" ? "fraction with the right sign" : "ROC area"
      }`,
      paper: null,
      ours,
      activation: m.activation,
      score,
      measure: kind,
      trainDigits: m.trainDigits.join("/"),
      testDigits: r.testDigits.join("/"),
      epochs: r.settings.epochs,
      diverged: m.diverged ?? "",
      seconds: Math.round(m.seconds * 10) / 10,
    }))
  );
}
