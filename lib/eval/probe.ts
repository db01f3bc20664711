/**
 * The linear probe: multinomial logistic regression on any features, its L2 weight chosen
 * on the validation split, reporting test error. This is the "features + logistic
 * regression" protocol of Makhzani & Frey (Table 1) and Bahdanau & Jaeger (Sec. 5.5).
 *
 * @module
 */
import { softmaxRegression } from "../models/softmax.ts";
import { adam } from "../train/optimizers.ts";
import { train } from "../train/train.ts";
import type { ProgressReporter } from "../types.ts";
import { tf } from "../tf.ts";
import { classificationError } from "./metrics.ts";
import { type ArrayData, checkData, columnMoments, mapRows } from "../data/rows.ts";

/** Training, validation and test rows. */
export interface Splits {
  /** Rows to fit on. */
  train: ArrayData;
  /** Rows to choose hyperparameters and stop early on. */
  validation: ArrayData;
  /** Rows to report on. */
  test: ArrayData;
}

/** Options for {@link linearProbe}. */
export interface ProbeOptions {
  /** L2 weights to try; the one with the lowest validation error wins. Default [0, 1e-4, 1e-3]. */
  l2?: number[];
  /**
   * Standardise each feature with the training split's mean and standard deviation (plus
   * 1e-3) before fitting, all three splits alike; the splits given are not changed. Features
   * of very different scales (pooled maps, energies) then share one learning rate. Default
   * false.
   */
  standardize?: boolean;
  /** Maximum epochs per fit. Default 30. */
  epochs?: number;
  /** Stop a fit after this many epochs without a lower validation error. Default 5. */
  patience?: number;
  /** Minibatch size. Default 100. */
  batchSize?: number;
  /** Adam learning rate. Default 0.001. */
  learningRate?: number;
  /** Number of classes. Default 10. */
  classes?: number;
  /** Seed of the shuffling. Default 0. */
  seed?: number;
  /** Progress of each fit. */
  progress?: ProgressReporter;
  /** Also return the chosen fit's predicted class for every test row. Default false. */
  predictions?: boolean;
}

/** What {@link linearProbe} found. */
export interface ProbeResult {
  /** The chosen L2 weight. */
  l2: number;
  /** Validation error of the chosen fit. */
  validationError: number;
  /** Test error of the chosen fit. */
  testError: number;
  /** Training error of the chosen fit. */
  trainError: number;
  /** The chosen fit's predicted class per test row, when `options.predictions` is set. */
  testPredictions?: Int32Array;
  /** Every L2 weight tried, with its validation error and epochs. */
  grid: { l2: number; validationError: number; epochs: number }[];
  /** Seconds spent. */
  seconds: number;
}

/**
 * Fit softmax regression on `splits.train` for each L2 weight, keep the one with the
 * lowest validation error (early stopping on the same split), report its test error.
 *
 * @param splits features and labels of the three splits
 * @param options the L2 grid and the fit settings
 * @returns errors as fractions (0.012 is 1.2%)
 *
 * @example
 * ```ts
 * import { linearProbe } from "./probe.ts";
 * // two separable classes in 2-D
 * const make = (n: number) => {
 *   const x = new Float32Array(2 * n), y = new Uint8Array(n);
 *   for (let i = 0; i < n; i++) {
 *     y[i] = i % 2;
 *     x[2 * i] = y[i] ? 1 : -1;
 *     x[2 * i + 1] = (i % 7) / 7;
 *   }
 *   return { x, y, n, features: 2 };
 * };
 * const r = await linearProbe(
 *   { train: make(40), validation: make(10), test: make(10) },
 *   { classes: 2, l2: [0], epochs: 20, learningRate: 0.1 },
 * );
 * console.log(r.testError); // 0
 * ```
 */
export async function linearProbe(
  splits: Splits,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const start = performance.now();
  const { train: tr, validation: va, test: te } = splits;
  const classes = options.classes ?? 10;
  for (const [name, d] of Object.entries({ train: tr, validation: va, test: te })) {
    if (!d.y) throw new Error(`the ${name} split has no labels: a probe needs y`);
    if (d.features !== tr.features) {
      throw new Error(
        `the ${name} split has ${d.features} features but train has ${tr.features}`,
      );
    }
    checkData(d, `the ${name} split`);
    const bad = d.y.findIndex((c) => !(c >= 0 && c < classes));
    if (bad >= 0) {
      throw new Error(
        `the ${name} split's label ${bad} is ${d.y[bad]}, outside [0, ${classes}): pass ` +
          `classes: ${Math.max(...d.y) + 1} or fix the labels`,
      );
    }
    const nan = d.x.findIndex((v) => !Number.isFinite(v));
    if (nan >= 0) {
      throw new Error(
        `the ${name} split has a non-finite value (${d.x[nan]}) in row ${
          Math.floor(nan / d.features)
        }: clean or drop the row`,
      );
    }
  }
  if (options.standardize) {
    const [train, validation, test] = standardized([tr, va, te]);
    return linearProbe({ train, validation, test }, { ...options, standardize: false });
  }
  const grid: ProbeResult["grid"] = [];
  let best: Omit<ProbeResult, "grid" | "seconds"> | null = null;
  for (const l2 of options.l2 ?? [0, 1e-4, 1e-3]) {
    const clf = softmaxRegression({ inputs: tr.features, classes, l2 });
    const scores = (x: Parameters<typeof clf.logits>[0]) => clf.logits(x);
    const optimizer = adam();
    const result = await train(clf, tr, {
      epochs: options.epochs ?? 30,
      batchSize: options.batchSize ?? 100,
      optimizer,
      learningRate: options.learningRate ?? 0.001,
      seed: options.seed ?? 0,
      validate: () => classificationError(va, scores),
      patience: options.patience ?? 5,
      progress: options.progress,
      label: `probe l2=${l2}`,
    });
    grid.push({ l2, validationError: result.bestValidation, epochs: result.epochs });
    if (!best || result.bestValidation < best.validationError) {
      best = {
        l2,
        validationError: result.bestValidation,
        testError: await classificationError(te, scores),
        trainError: await classificationError(tr, scores),
      };
      if (options.predictions) {
        const labels = await mapRows(te, (x) => tf.cast(tf.argMax(scores(x), 1), "float32"));
        best.testPredictions = Int32Array.from(labels.x);
      }
    }
    clf.dispose();
    optimizer.dispose();
  }
  return { ...best!, grid, seconds: (performance.now() - start) / 1000 };
}

/** Copies of the splits with each feature standardised by the first split's mean and std. */
function standardized(splits: readonly ArrayData[]): ArrayData[] {
  const d = splits[0].features;
  const { mean, std } = columnMoments(splits[0]);
  const scale = std.map((v) => 1 / (v + 1e-3));
  return splits.map((s) => {
    const x = new Float32Array(s.x.length);
    for (let i = 0; i < s.n; i++) {
      for (let j = 0; j < d; j++) x[i * d + j] = (s.x[i * d + j] - mean[j]) * scale[j];
    }
    return { ...s, x };
  });
}
