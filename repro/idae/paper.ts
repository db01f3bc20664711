/**
 * The numbers and settings of Bahdanau & Jaeger (2014), "Smart decisions by small adjustments:
 * iterating denoising autoencoders": the settings of Sec. 5.1-5.5 (with our choice, said so,
 * where the paper is silent), Tables 1a and 1b, the raw-pixel baseline of Sec. 6.2 and the pixel
 * fractions of Sec. 6.1. Everything here is the paper's; nothing is measured.
 *
 * @module
 */
import type { IdaeConfig, IdaeModelSpec } from "./config.ts";

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * The paper's settings (the `paper` preset). Where the paper is silent, the choice is ours and
 * the comment says so.
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_SETTINGS } from "./paper.ts";
 * console.log(IDAE_PAPER_SETTINGS.hidden, IDAE_PAPER_SETTINGS.learningRate); // 500 0.1
 * ```
 */
export const IDAE_PAPER_SETTINGS: Readonly<IdaeConfig> = {
  hidden: 500, // Sec. 5.2
  batchSize: 20, // Sec. 5.3: b = 20 in the walkback series
  learningRate: 0.1, // Sec. 5.3: rho = 0.1
  // Eq. 8: r^i(x~), the digit corrupted once and the DAE iterated from there (see
  // lib/models/walkback.ts); "every" is the chain of Bengio et al. (2013)
  chainNoise: "first",
  seeds: 5, // Sec. 5.3: "repeated 5 times with different random seeds"
  table1a: {
    ks: [1, 2, 3],
    sigmas: [0.3, 0.5, 0.7], // Sec. 5.2: low, middle, high corruption
    // Sec. 5.3 gives this series "b = 20, N in {100, 250}, α = 0.9"; 0.9 is not among its
    // annealing rates {0.99, 0.999}, and we read it as 0.999 (the rate that classified best
    // without walkback, Sec. 5.3's reason for the choice). Table 1a does not say its N: we train
    // the longer N = 250, as in the best rows of Table 1b. `--annealing-rate 0.99` trains the
    // other reading.
    runs: [{ epochs: 250, annealingRate: 0.999 }],
  },
  table1b: {
    ks: [4, 5],
    sigmas: [0.7], // Sec. 5.3: "Only tried for the high corruption level"
    runs: [
      { epochs: 100, annealingRate: 0.99 },
      { epochs: 100, annealingRate: 0.999 },
      { epochs: 250, annealingRate: 0.99 },
      { epochs: 250, annealingRate: 0.999 },
    ],
  },
  iteration: {
    tolerance: 1e-4, // Sec. 5.4
    convergedFraction: 0.75, // Sec. 5.4: "more than 75% percents of the samples"
    // Not given: the paper iterates until the rule holds, "usually after several hundred
    // iterations" (Sec. 3); 1000 leaves room for that and bounds a run that never settles.
    maxIterations: 1000,
  },
  evaluation: {},
  // Sec. 6.2: "usual logistic regression with no regularization"; the fit itself (optimizer,
  // epochs) is not given, so the probe's Adam with early stopping on the transformed
  // validation set (Sec. 5.4 transforms it too) is our choice.
  probe: { l2: [0], epochs: 100, patience: 10, learningRate: 0.001 },
  figures: {
    snapshots: [0, 1, 25, 500], // Fig. 4
    candidates: 200,
    minDistance: 5, // Fig. 4 and 6: "Euclidean distance ... at least 5"
    samples: 12, // Fig. 6
    trajectory: 500, // Fig. 7: "distance to the 500th steps"
  },
};

/** A cell pair of Table 1a: test accuracy and test explosions, means of 5 seeds. */
export interface IdaePaperTable1aRow {
  /** Walkback steps. */
  k: number;
  /** Corruption level. */
  sigma: number;
  /** acc_test. */
  accTest: number;
  /** EX_test: explosions among the 10,000 transformed test digits. */
  exTest: number;
}

/**
 * Table 1a of the paper (MNIST, mean of five seeds).
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_TABLE1A } from "./paper.ts";
 * console.log(IDAE_PAPER_TABLE1A.find((r) => r.k === 3 && r.sigma === 0.7)); // { k: 3, sigma: 0.7, accTest: 0.915, exTest: 147.6 }
 * ```
 */
export const IDAE_PAPER_TABLE1A: readonly IdaePaperTable1aRow[] = [
  { k: 1, sigma: 0.3, accTest: 0.823, exTest: 368.8 },
  { k: 1, sigma: 0.5, accTest: 0.859, exTest: 585.6 },
  { k: 1, sigma: 0.7, accTest: 0.822, exTest: 887.8 },
  { k: 2, sigma: 0.3, accTest: 0.858, exTest: 240.4 },
  { k: 2, sigma: 0.5, accTest: 0.899, exTest: 206.2 },
  { k: 2, sigma: 0.7, accTest: 0.893, exTest: 360.4 },
  { k: 3, sigma: 0.3, accTest: 0.866, exTest: 173.2 },
  { k: 3, sigma: 0.5, accTest: 0.909, exTest: 101.4 },
  { k: 3, sigma: 0.7, accTest: 0.915, exTest: 147.6 },
];

/** A row of Table 1b; null where the source text is illegible. */
export interface IdaePaperTable1bRow {
  /** Walkback steps (4 or 5). */
  k: number;
  /** Epochs N. */
  epochs: number;
  /** The annealing rate α. */
  annealingRate: number;
  /** acc_train. */
  accTrain: number | null;
  /** acc_test. */
  accTest: number | null;
  /** MSE^WB_train. */
  mseWbTrain: number | null;
  /** MSE^WB_test. */
  mseWbTest: number | null;
  /** EX_train (of 50,000 training digits). */
  exTrain: number | null;
  /** EX_test (of 10,000 test digits). */
  exTest: number | null;
}

const ILLEGIBLE = {
  accTrain: null,
  accTest: null,
  mseWbTrain: null,
  mseWbTest: null,
  exTrain: null,
  exTest: null,
};

/**
 * Table 1b of the paper (MNIST, sigma = 0.7, mean of five seeds). The table is garbled in
 * the text this package reads: only the rows k = 4, N = 100 (its first two lines, labelled)
 * and k = 5, N = 250 (its last two lines; Sec. 6.2 names them as the two best, 0.932, with
 * "similar" accuracies for both rates and about 10% lower MSE^WB_train at α = 0.99) can be
 * read; the other four rows are left null rather than guessed.
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_TABLE1B } from "./paper.ts";
 * const best = IDAE_PAPER_TABLE1B.filter((r) => r.accTest === 0.932);
 * console.log(best.map((r) => `${r.k}/${r.epochs}/${r.annealingRate}`)); // ["5/250/0.99", "5/250/0.999"]
 * ```
 */
export const IDAE_PAPER_TABLE1B: readonly IdaePaperTable1bRow[] = [
  {
    k: 4,
    epochs: 100,
    annealingRate: 0.99,
    accTrain: 0.925,
    accTest: 0.925,
    mseWbTrain: 12.636,
    mseWbTest: 12.849,
    exTrain: 241.6,
    exTest: 51.4,
  },
  {
    k: 4,
    epochs: 100,
    annealingRate: 0.999,
    accTrain: 0.925,
    accTest: 0.922,
    mseWbTrain: 13.324,
    mseWbTest: 13.561,
    exTrain: 221.0,
    exTest: 51.2,
  },
  { k: 4, epochs: 250, annealingRate: 0.99, ...ILLEGIBLE },
  { k: 4, epochs: 250, annealingRate: 0.999, ...ILLEGIBLE },
  { k: 5, epochs: 100, annealingRate: 0.99, ...ILLEGIBLE },
  { k: 5, epochs: 100, annealingRate: 0.999, ...ILLEGIBLE },
  {
    k: 5,
    epochs: 250,
    annealingRate: 0.99,
    accTrain: 0.935,
    accTest: 0.932,
    mseWbTrain: 12.032,
    mseWbTest: 12.321,
    exTrain: 100.4,
    exTest: 40.8,
  },
  {
    k: 5,
    epochs: 250,
    annealingRate: 0.999,
    accTrain: 0.936,
    accTest: 0.932,
    mseWbTrain: 13.364,
    mseWbTest: 13.712,
    exTrain: 102.6,
    exTest: 25.4,
  },
];

/**
 * The paper's acc_test and EX_test for one model on MNIST: its Table 1b row (sigma = 0.7, k,
 * N, α) where the table has one, legible or not, else its Table 1a cell (which states no N
 * or α), else null.
 *
 * @param model k, sigma, the paper's N and annealing rate
 * @returns the two numbers (null where illegible), or null for a model the paper has no row of
 *
 * @example
 * ```ts
 * import { idaePaperNumbers } from "./paper.ts";
 * console.log(idaePaperNumbers({ k: 5, sigma: 0.7, paperEpochs: 250, annealingRate: 0.999 })); // { accTest: 0.932, exTest: 25.4 }
 * console.log(idaePaperNumbers({ k: 2, sigma: 0.3, paperEpochs: 250, annealingRate: 0.999 })); // { accTest: 0.858, exTest: 240.4 }
 * ```
 */
export function idaePaperNumbers(
  model: Pick<IdaeModelSpec, "k" | "sigma" | "paperEpochs" | "annealingRate">,
): { accTest: number | null; exTest: number | null } | null {
  const b = same(model.sigma, 0.7)
    ? IDAE_PAPER_TABLE1B.find((r) =>
      r.k === model.k && r.epochs === model.paperEpochs &&
      same(r.annealingRate, model.annealingRate)
    )
    : undefined;
  const row = b ?? IDAE_PAPER_TABLE1A.find((r) => r.k === model.k && same(r.sigma, model.sigma));
  return row ? { accTest: row.accTest, exTest: row.exTest } : null;
}

/**
 * Logistic regression on raw MNIST pixels, as the paper implies it (Sec. 6.2: the best
 * 93.2% "is a 1% gain over usual logistic regression with no regularization").
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_RAW_PIXELS } from "./paper.ts";
 * console.log(IDAE_PAPER_RAW_PIXELS); // 0.922
 * ```
 */
export const IDAE_PAPER_RAW_PIXELS = 0.922;

/**
 * Pixel fractions of Sec. 6.1 (MNIST test set), in percent: the originals, and the fixed points
 * of the three no-walkback (k = 1) models of Figure 4, by corruption level.
 *
 * @example
 * ```ts
 * import { IDAE_PAPER_PIXELS } from "./paper.ts";
 * console.log(IDAE_PAPER_PIXELS.originals); // { black: 80.7, white: 8.1 }
 * ```
 */
export const IDAE_PAPER_PIXELS: {
  readonly originals: { black: number; white: number };
  readonly fixedPoints: readonly { sigma: number; black: number; white: number }[];
} = {
  originals: { black: 80.7, white: 8.1 },
  fixedPoints: [
    { sigma: 0.3, black: 71.4, white: 10.4 },
    { sigma: 0.5, black: 68.4, white: 8.9 },
    { sigma: 0.7, black: 65.8, white: 6.3 },
  ],
};

/** The paper's set sizes: explosion counts are scaled to them (Sec. 5.1). */
export const PAPER_ROWS = { train: 50000, test: 10000 } as const;
