/**
 * The evaluation of Sec. 5.5: transform the training, validation and test rows to fixed points
 * of x^i = r(x^(i-1)) (Eq. 9, stopping rule of Sec. 5.4), fit logistic regression on the
 * transformed training rows, and report its accuracies, the walkback objective (Eq. 8) and the
 * explosions (Sec. 6.1).
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { type ArrayData, checkData, firstRows } from "../../lib/data/rows.ts";
import {
  countExplosions,
  type FixedPointResult,
  iterateToFixedPoints,
  pixelFractions,
} from "../../lib/eval/fixed_points.ts";
import { linearProbe, type ProbeResult } from "../../lib/eval/probe.ts";
import type { WalkbackDae } from "../../lib/models/walkback.ts";
import type { IdaeConfig } from "./config.ts";

/** The walkback objective and the usual denoising error on a data set. */
export interface WalkbackErrors {
  /** MSE^WB: Eq. 8, (1 / k) sum_i ||x - r^i(x~)||^2, averaged over the rows. */
  walkback: number;
  /** MSE: the usual denoising error ||x - r(x~)||^2 of Eq. 4 (the first walkback step). */
  firstStep: number;
}

/**
 * The paper's MSE^WB and MSE on `data` (Sec. 5.5): the walkback chain with the training
 * corruption, from a fixed seed so that the numbers repeat. Errors are squared distances
 * summed over the pixels (the paper's values are about 12-14 on MNIST).
 *
 * @param model the trained model; its own k is used
 * @param data the rows
 * @param options the noise seed and the rows per batch
 * @returns the two averages
 *
 * @example
 * ```ts
 * import { walkbackErrors } from "./evaluate.ts";
 * import { walkbackDae } from "../../lib/models/walkback.ts";
 *
 * const dae = walkbackDae({ inputs: 4, hidden: 3, walkbackK: 1, seed: 1 });
 * const data = { x: new Float32Array(8).fill(0.5), n: 2, features: 4 };
 * const e = await walkbackErrors(dae, data);
 * console.log(e.walkback === e.firstStep); // true: with k = 1 they are the same
 * dae.dispose();
 * ```
 */
export async function walkbackErrors(
  model: WalkbackDae,
  data: ArrayData,
  options: { seed?: number; batchSize?: number } = {},
): Promise<WalkbackErrors> {
  checkData(data, "walkback error data");
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 1000;
  const d = data.features;
  const k = model.config.walkbackK;
  let walkback = 0;
  let firstStep = 0;
  for (let from = 0, b = 0; from < data.n; from += batchSize, b++) {
    const to = Math.min(data.n, from + batchSize);
    const sums = tf.tidy(() => {
      const x = tf.tensor2d(data.x.subarray(from * d, to * d), [to - from, d]);
      const steps = model.walkback(x, { training: true, seed: seed * 100003 + b }, k);
      const errors = steps.map((r) => tf.sum(tf.square(tf.sub(x, r))));
      return tf.stack([tf.div(tf.addN(errors), k), errors[0]]);
    });
    const [wb, first] = await sums.data();
    sums.dispose();
    walkback += wb;
    firstStep += first;
  }
  return { walkback: walkback / data.n, firstStep: firstStep / data.n };
}

/** The rows transformed to fixed points: the first rows of each split (see `evaluation`). */
export interface IdaeEvaluationSets {
  /** Rows the logistic regression is fitted on (transformed). */
  train: ArrayData;
  /** Rows it stops early on (transformed). */
  validation: ArrayData;
  /** Rows it is tested on (transformed). */
  test: ArrayData;
}

/**
 * The rows a config transforms: the first `evaluation.*Rows` of each split.
 *
 * @example
 * ```ts
 * import { idaeEvaluationSets } from "./evaluate.ts";
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 * const s = await idaeSplits("mnist", IDAE_PRESETS.smoke);
 * const e = idaeEvaluationSets(s, { ...IDAE_PRESETS.smoke, evaluation: { trainRows: 500 } });
 * console.log(e.train.n, e.validation.n, e.test.n); // 500 200 300
 * ```
 */
export function idaeEvaluationSets(
  splits: Pick<DatasetSplits, "train" | "validation" | "test">,
  config: Pick<IdaeConfig, "evaluation">,
): IdaeEvaluationSets {
  return {
    train: firstRows(splits.train, config.evaluation.trainRows),
    validation: firstRows(splits.validation, config.evaluation.validationRows),
    test: firstRows(splits.test, config.evaluation.testRows),
  };
}

/**
 * Logistic regression on the raw pixels of the evaluation rows: the paper's baseline
 * (Sec. 6.2: the best model is "a 1% gain over usual logistic regression").
 *
 * @example
 * ```ts
 * import { idaeEvaluationSets, rawPixelProbe } from "./evaluate.ts";
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 * const c = IDAE_PRESETS.smoke;
 * const sets = idaeEvaluationSets(await idaeSplits("mnist", c), c);
 * const p = await rawPixelProbe(sets, c);
 * console.log(p.testError < 0.5); // true
 * ```
 */
export function rawPixelProbe(
  sets: IdaeEvaluationSets,
  config: Pick<IdaeConfig, "probe">,
): Promise<ProbeResult> {
  return linearProbe(sets, config.probe);
}

/** What {@link evaluateIdae} measures for one model (Sec. 5.5; counts are raw). */
export interface IdaeEvaluation {
  /** acc_train: logistic regression on the transformed training rows, on those rows. */
  accTrain: number;
  /** Its accuracy on the transformed validation rows (used for early stopping). */
  accValidation: number;
  /** acc_test: on the transformed test rows. */
  accTest: number;
  /** MSE^WB_train (Eq. 8) on the whole training split. */
  mseWbTrain: number;
  /** MSE^WB_test on the whole test split. */
  mseWbTest: number;
  /** MSE_test, the usual denoising error (Eq. 4) on the test split: Figure 5's x axis. */
  mseTest: number;
  /** Explosions among the transformed training rows (EX_train before scaling). */
  exTrain: number;
  /** Explosions among the transformed test rows (EX_test before scaling). */
  exTest: number;
  /** Transformed training rows. */
  trainRows: number;
  /** Transformed test rows. */
  testRows: number;
  /** Iterations taken on the training rows (Sec. 5.4). */
  iterationsTrain: number;
  /** Iterations taken on the test rows. */
  iterationsTest: number;
  /** Whether the stopping rule held on the test rows (false: stopped at the cap). */
  stoppedByRuleTest: boolean;
  /** Fraction of test rows whose last step was below the tolerance. */
  convergedTest: number;
  /** Fractions of black (< 0.01) and white (> 0.95) pixels of the test fixed points. */
  pixels: { black: number; white: number };
  /** The probe's predicted class per transformed test row (Figure 6). */
  testPredictions: number[];
  /** Seconds the evaluation took. */
  seconds: number;
  /** Sample-iterations per second of the fixed-point iteration. */
  sampleIterationsPerSecond: number;
}

/** Options for {@link evaluateIdae}. */
export interface EvaluateIdaeOptions {
  /** Seed of the probe's shuffling and of the corruption in MSE^WB. Default 0. */
  seed?: number;
  /** Called with a line at each stage, for logs. */
  log?: (line: string) => void;
}

/** What {@link evaluateIdae} returns: the numbers and the test fixed points. */
export interface IdaeEvaluated {
  /** The measurements. */
  evaluation: IdaeEvaluation;
  /** The transformed test rows, with their labels. */
  testPoints: ArrayData;
}

/**
 * The evaluation of Sec. 5.5 for one trained model: the training, validation and test rows
 * are each iterated to fixed points separately (Sec. 5.4); logistic regression is fitted on the
 * transformed training rows; its accuracies, the walkback objective on the whole training and
 * test splits, and the explosions (`countExplosions` with its default test: every pixel
 * below 0.5 and pixel standard deviation below 0.1, blank images included) are reported.
 *
 * @param model the trained model
 * @param splits the whole splits (for MSE^WB)
 * @param sets the rows to transform (see {@link idaeEvaluationSets})
 * @param config iteration and probe settings
 * @param options seed and log
 * @returns the measurements and the transformed test rows
 *
 * @example
 * ```ts
 * import { evaluateIdae, idaeEvaluationSets } from "./evaluate.ts";
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 * import { trainIdae } from "./train.ts";
 * const c = { ...IDAE_PRESETS.smoke, hidden: 30, evaluation: { trainRows: 200 } };
 * const splits = await idaeSplits("mnist", c);
 * const spec = { k: 1, sigma: 0.5, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed: 1 };
 * const { model } = await trainIdae(splits.train, spec, c);
 * const { evaluation } = await evaluateIdae(model, splits, idaeEvaluationSets(splits, c), c);
 * console.log(evaluation.trainRows, evaluation.testRows, evaluation.accTest > 0); // 200 300 true
 * model.dispose();
 * ```
 */
export async function evaluateIdae(
  model: WalkbackDae,
  splits: Pick<DatasetSplits, "train" | "test">,
  sets: IdaeEvaluationSets,
  config: Pick<IdaeConfig, "iteration" | "probe">,
  options: EvaluateIdaeOptions = {},
): Promise<IdaeEvaluated> {
  const start = performance.now();
  const seed = options.seed ?? 0;
  const log = options.log ?? (() => {});
  const reconstruct = (x: Parameters<WalkbackDae["reconstruct"]>[0]) => model.reconstruct(x);
  let sampleIterations = 0;
  let iterSeconds = 0;
  const transform = async (data: ArrayData, name: string): Promise<FixedPointResult> => {
    const t = performance.now();
    const r = await iterateToFixedPoints(reconstruct, data, { ...config.iteration });
    const s = (performance.now() - t) / 1000;
    sampleIterations += data.n * r.iterations;
    iterSeconds += s;
    log(
      `  ${name}: ${data.n} rows, ${r.iterations} iterations ` +
        `(${r.stoppedByRule ? "rule held" : "cap"}; ${(100 * r.convergedFraction).toFixed(1)}% ` +
        `converged), ${s.toFixed(1)} s`,
    );
    return r;
  };
  const trainFp = await transform(sets.train, "fixed points, train");
  const validFp = await transform(sets.validation, "fixed points, validation");
  const testFp = await transform(sets.test, "fixed points, test");
  const probe = await linearProbe(
    { train: trainFp.points, validation: validFp.points, test: testFp.points },
    { ...config.probe, seed, predictions: true },
  );
  const trainErr = await walkbackErrors(model, splits.train, { seed });
  const testErr = await walkbackErrors(model, splits.test, { seed });
  const evaluation: IdaeEvaluation = {
    accTrain: 1 - probe.trainError,
    accValidation: 1 - probe.validationError,
    accTest: 1 - probe.testError,
    mseWbTrain: trainErr.walkback,
    mseWbTest: testErr.walkback,
    mseTest: testErr.firstStep,
    exTrain: countExplosions(trainFp.points).count,
    exTest: countExplosions(testFp.points).count,
    trainRows: sets.train.n,
    testRows: sets.test.n,
    iterationsTrain: trainFp.iterations,
    iterationsTest: testFp.iterations,
    stoppedByRuleTest: testFp.stoppedByRule,
    convergedTest: testFp.convergedFraction,
    pixels: pixelFractions(testFp.points),
    testPredictions: [...probe.testPredictions!],
    seconds: (performance.now() - start) / 1000,
    sampleIterationsPerSecond: iterSeconds > 0 ? sampleIterations / iterSeconds : NaN,
  };
  log(
    `  probe: acc_train ${evaluation.accTrain.toFixed(4)}, acc_test ` +
      `${evaluation.accTest.toFixed(4)}; EX_test ${evaluation.exTest}; MSE^WB_test ` +
      `${evaluation.mseWbTest.toFixed(3)}; ${evaluation.seconds.toFixed(1)} s`,
  );
  return { evaluation, testPoints: testFp.points };
}
