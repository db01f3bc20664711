/**
 * What Makhzani & Frey (2014), "k-Sparse Autoencoders", report and prescribe: the numbers of
 * their Tables 1 and 3 and the training settings of Sec. 4, each with where it comes from.
 * Everything a preset adds that the paper does not give lives in `config.ts`.
 *
 * @module
 */

/** A row of one of the paper's tables: its label and the paper's test error %. */
export interface KSparsePaperRow {
  /** The row's label, as our tables print it. */
  row: string;
  /** The paper's test error %. */
  paper: number;
}

/**
 * The paper's Table 1 (MNIST, 1000 hidden units, logistic regression on the features, test
 * error %).
 *
 * @example
 * ```ts
 * import { KSPARSE_PAPER_TABLE1 } from "./paper.ts";
 * console.log(KSPARSE_PAPER_TABLE1.find((r) => r.row.endsWith("k = 25"))?.paper); // 1.35
 * ```
 */
export const KSPARSE_PAPER_TABLE1: readonly KSparsePaperRow[] = [
  { row: "Raw pixels", paper: 7.20 },
  { row: "RBM", paper: 1.81 },
  { row: "Dropout autoencoder (50% hidden)", paper: 1.80 },
  { row: "Denoising autoencoder (20% input dropout)", paper: 1.95 },
  { row: "Dropout + denoising autoencoder (20% input, 50% hidden)", paper: 1.60 },
  { row: "k-sparse autoencoder, k = 40", paper: 1.54 },
  { row: "k-sparse autoencoder, k = 25", paper: 1.35 },
  { row: "k-sparse autoencoder, k = 10", paper: 2.10 },
];

/**
 * The paper's Table 3 (MNIST, supervised fine-tuning, 1000 hidden units, test error %).
 *
 * @example
 * ```ts
 * import { KSPARSE_PAPER_TABLE3 } from "./paper.ts";
 * console.log(KSPARSE_PAPER_TABLE3[0]); // { row: "Without pre-training", paper: 1.6 }
 * ```
 */
export const KSPARSE_PAPER_TABLE3: readonly KSparsePaperRow[] = [
  { row: "Without pre-training", paper: 1.60 },
  { row: "RBM + fine-tuning", paper: 1.24 },
  { row: "Shallow dropout autoencoder + fine-tuning (50% hidden)", paper: 1.05 },
  { row: "Denoising autoencoder + fine-tuning (20% input dropout)", paper: 1.20 },
  { row: "Deep dropout autoencoder + fine-tuning (layer-wise pre-training)", paper: 0.85 },
  { row: "k-sparse autoencoder + fine-tuning (k = 25)", paper: 1.08 },
  { row: "Deep k-sparse autoencoder + fine-tuning (layer-wise pre-training)", paper: 0.97 },
];

/**
 * The paper's value of a row of Table 1 or 3, or null where the paper has none (another
 * dataset than MNIST, or a row the paper does not have).
 *
 * @example
 * ```ts
 * import { KSPARSE_PAPER_TABLE1, paperValue } from "./paper.ts";
 * console.log(paperValue(KSPARSE_PAPER_TABLE1, "RBM", "mnist")); // 1.81
 * console.log(paperValue(KSPARSE_PAPER_TABLE1, "RBM", "fashion-mnist")); // null
 * ```
 */
export function paperValue(
  table: readonly KSparsePaperRow[],
  row: string,
  dataset: string,
): number | null {
  if (dataset !== "mnist") return null;
  return table.find((r) => r.row === row)?.paper ?? null;
}

/** The paper's training settings (Sec. 4.1, 4.2), which the `paper` preset uses. */
export const KSPARSE_PAPER_SETTINGS = {
  /** Hidden units of the MNIST models (Table 1). */
  hidden: 1000,
  /** The k values of Table 1. */
  ks: [40, 25, 10],
  /** Training epochs (Sec. 4.2.2). */
  epochs: 5000,
  /** SGD learning rate (Sec. 4.2.2). */
  learningRate: 0.01,
  /** SGD momentum (Sec. 4.2.2). */
  momentum: 0.9,
  /** The k schedule starts at this k and ramps down to the target k (Sec. 4.2.1). */
  kScheduleFrom: 100,
  /** The fraction of training over which the k schedule ramps down (Sec. 4.2.1: first half). */
  kScheduleFraction: 0.5,
  /** The k values Figure 1 draws filters for. */
  figure1Ks: [70, 40, 25, 10],
  /** The k values whose hidden activities Figure 4 shows. */
  histogramKs: [70, 15],
  /** Fine-tuning epochs (Sec. 4.2.2). */
  fineTuneEpochs: 200,
  /** Fine-tuning learning rate, decreased linearly from the first to the second (Sec. 4.2.2). */
  fineTuneLearningRate: [1, 0.001] as [number, number],
  /** Fine-tuning momentum (Sec. 4.2.2). */
  fineTuneMomentum: 0.25,
  /** The k of the fine-tuned networks (Sec. 4.5, 4.6: the k = 25 model). */
  fineTuneK: 25,
  /** The alpha of the fine-tuned networks' alpha*k layer (Sec. 4.5: alpha = 3). */
  fineTuneAlpha: 3,
  /** Training, validation and test rows of MNIST (Sec. 4.1). */
  splits: { train: 50_000, validation: 10_000, test: 10_000 },
} as const;
