/**
 * How long a reproduction takes: the training and iteration rates measured on a run, and the
 * wall time they predict for another config.
 *
 * @module
 */
import { IDAE_PRESETS, type IdaeConfig } from "./config.ts";
import { type IdaeModelResult, meanAndSpread } from "./tables.ts";

/** Measured speeds from which a run's length is estimated. */
export interface IdaeRates {
  /** Training seconds per sample and walkback step (one row through one step of Eq. 8). */
  trainSecondsPerSampleStep: number;
  /** Fixed-point iteration: rows times iterations per second. */
  sampleIterationsPerSecond: number;
  /** Hidden units of the models the rates were measured on. */
  hidden: number;
}

/**
 * Measured rates of a finished run: the training cost per sample and walkback step, and the
 * fixed-point iteration throughput, each averaged over the models.
 *
 * @param results the models' outcomes
 * @param trainRows the rows each epoch trained on
 * @param hidden the models' hidden units
 * @returns the rates
 *
 * @example
 * ```ts
 * import { idaeRates } from "./timing.ts";
 *
 * const spec = { k: 2, sigma: 0.5, epochs: 2, annealingRate: 0.99, paperEpochs: 2, seed: 1 };
 * const r = idaeRates([{ spec, trainSeconds: 4, finalLoss: 1, evaluation: { sampleIterationsPerSecond: 5e4 } as never }], 1000, 500);
 * console.log(r); // { trainSecondsPerSampleStep: 0.001, sampleIterationsPerSecond: 50000, hidden: 500 }
 * ```
 */
export function idaeRates(
  results: readonly IdaeModelResult[],
  trainRows: number,
  hidden: number,
): IdaeRates {
  const per = results.filter((r) => r.trainSeconds > 0).map((r) =>
    r.trainSeconds / (r.spec.epochs * trainRows * r.spec.k)
  );
  const iter = results.map((r) => r.evaluation?.sampleIterationsPerSecond ?? NaN).filter((v) =>
    Number.isFinite(v)
  );
  return {
    trainSecondsPerSampleStep: meanAndSpread(per).mean,
    sampleIterationsPerSecond: meanAndSpread(iter).mean,
    hidden,
  };
}

/**
 * Estimate the seconds a config takes from measured rates: training (every model's epochs
 * times rows times k) and the fixed-point iteration at its cap (an upper bound: the stopping
 * rule often ends it sooner). Probes, MSE^WB and figures are not counted. Rates measured at
 * another hidden size are scaled in proportion to the hidden units (the matrix products
 * dominate); from small models this overestimates, since fixed costs per step do not shrink.
 *
 * @param config the settings to estimate
 * @param rates measured speeds (see {@link idaeRates})
 * @param rows the split sizes the config will use
 * @returns seconds for training, for the iteration, and their sum
 *
 * @example
 * ```ts
 * import { estimateIdaeSeconds } from "./timing.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 *
 * const e = estimateIdaeSeconds(IDAE_PRESETS.quick, {
 *   trainSecondsPerSampleStep: 1.4e-4, sampleIterationsPerSecond: 55000, hidden: 500,
 * }, { train: 50000, validation: 10000, test: 10000 });
 * console.log(Math.round(e.training), Math.round(e.iteration)); // 945 840
 * ```
 */
export function estimateIdaeSeconds(
  config: IdaeConfig,
  rates: IdaeRates,
  rows: { train: number; validation: number; test: number },
): { training: number; iteration: number; total: number } {
  let steps = 0;
  let models = 0;
  for (const grid of [config.table1a, config.table1b]) {
    for (const run of grid.runs) {
      const ks = grid.ks.reduce((a, b) => a + b, 0);
      steps += run.epochs * ks * grid.sigmas.length * config.seeds;
      models += grid.ks.length * grid.sigmas.length * config.seeds;
    }
  }
  const size = config.hidden / rates.hidden;
  const training = steps * rows.train * rates.trainSecondsPerSampleStep * size;
  const cap = (n: number, m?: number) => Math.min(n, m ?? n);
  const transformed = cap(rows.train, config.evaluation.trainRows) +
    cap(rows.validation, config.evaluation.validationRows) +
    cap(rows.test, config.evaluation.testRows);
  const iteration = (models * transformed * config.iteration.maxIterations * size) /
    rates.sampleIterationsPerSecond;
  return { training, iteration, total: training + iteration };
}

/** Measured speeds of a run and what they predict. */
export interface IdaeTiming extends IdaeRates {
  /** Per model: training and evaluation seconds. */
  perModel: { model: string; trainSeconds: number; evalSeconds: number | null }[];
  /**
   * Predicted seconds (training + iteration at its cap) for quick and paper on MNIST, from
   * these rates scaled to 500 hidden units (see {@link estimateIdaeSeconds}).
   */
  estimates: Record<string, { training: number; iteration: number; total: number }>;
}

const MNIST_ROWS = { train: 50000, validation: 10000, test: 10000 };

/**
 * A run's measured rates and the MNIST wall time they predict for the quick and paper presets.
 *
 * @param results the models' outcomes
 * @param trainRows the rows each epoch trained on
 * @param hidden the models' hidden units
 * @param perModel each model's training and evaluation seconds
 * @returns the rates, the per-model seconds and the estimates
 *
 * @example
 * ```ts
 * import { idaeTiming } from "./timing.ts";
 * const spec = { k: 1, sigma: 0.5, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed: 1 };
 * const ev = { sampleIterationsPerSecond: 5e4 } as never;
 * const t = idaeTiming([{ spec, trainSeconds: 1, finalLoss: 1, evaluation: ev }], 1e4, 500, []);
 * console.log(Object.keys(t.estimates), t.estimates.paper.total > t.estimates.quick.total); // [ "quick", "paper" ] true
 * ```
 */
export function idaeTiming(
  results: readonly IdaeModelResult[],
  trainRows: number,
  hidden: number,
  perModel: IdaeTiming["perModel"],
): IdaeTiming {
  const rates = idaeRates(results, trainRows, hidden);
  const estimates: IdaeTiming["estimates"] = {};
  for (const preset of ["quick", "paper"] as const) {
    estimates[preset] = estimateIdaeSeconds(IDAE_PRESETS[preset], rates, MNIST_ROWS);
  }
  return { ...rates, perModel, estimates };
}
