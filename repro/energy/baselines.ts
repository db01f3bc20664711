/**
 * The baselines of the 2007 benchmark sets, each computed once per set and settings (cached
 * beside the checkpoints): logistic regression on standardised pixels, a one-hidden-layer MLP
 * and an SVM with a Gaussian kernel, the published baseline's kind (`svm.ts`).
 *
 * @module
 */
import type { BenchmarkName } from "../../lib/data/benchmarks.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import { hashHex } from "../../lib/hash.ts";
import { writeFileAtomic } from "../../lib/io/atomic.ts";
import { classificationError } from "../../lib/eval/metrics.ts";
import { linearProbe } from "../../lib/eval/probe.ts";
import { denseClassifier } from "../../lib/models/classifier.ts";
import { adam } from "../../lib/train/optimizers.ts";
import { train } from "../../lib/train/train.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { BenchmarkConfig } from "./benchmarks_config.ts";
import type { EnergyData } from "./candidates.ts";
import { svmRbf } from "./svm.ts";

/** A baseline of one set. */
export interface BaselineResult {
  /** `logistic regression`, `MLP` or `SVM-RBF`. */
  model: string;
  /** Test error, a fraction. */
  testError: number;
  /** Validation error of the chosen fit, a fraction. */
  validationError: number;
  /** Training error, a fraction. */
  trainError: number;
  /** The chosen setting, as text. */
  setting: string;
  /** Seconds spent (of the first run, when read from the cache). */
  seconds: number;
}

/**
 * A result computed once: read from a JSON file beside the checkpoints (named by a hash of
 * the settings) when there, else computed and written there.
 */
async function cached<T>(
  options: ReproRunOptions,
  name: string,
  settings: unknown,
  compute: () => Promise<T>,
): Promise<T> {
  if (!options.checkpointDir) return compute();
  const path = `${options.checkpointDir}/energy-${options.dataset}-${
    hashHex(settings)
  }-${name}.json`;
  if (!options.fresh) {
    try {
      return JSON.parse(await Deno.readTextFile(path)) as T;
    } catch { /* absent or unreadable: compute it */ }
  }
  const value = await compute();
  await writeFileAtomic(path, new TextEncoder().encode(JSON.stringify(value)));
  return value;
}

/**
 * Logistic regression on standardised pixels (`linearProbe`), a one-hidden-layer MLP and, when
 * the config has its grid, an SVM with a Gaussian kernel (`svmRbf`).
 */
export async function benchmarkBaselines(
  set: BenchmarkName,
  data: EnergyData,
  classes: number,
  config: BenchmarkConfig,
  options: ReproRunOptions,
  seed: number,
): Promise<BaselineResult[]> {
  const b = config.baseline;
  const n = { train: data.train.n, validation: data.validation.n, test: data.test.n };
  // the SVM's grid is left out of the other baselines' cache keys: it does not change them
  const others = { ...b, svm: undefined };
  const logistic = await cached(
    options,
    "baseline-logistic",
    { set, n, seed, b: others },
    async () => {
      const r = await linearProbe(data, {
        classes,
        l2: b.l2,
        epochs: b.epochs,
        standardize: true,
        seed,
        progress: options.progress,
      });
      return {
        model: "logistic regression",
        testError: r.testError,
        validationError: r.validationError,
        trainError: r.trainError,
        setting: `standardised pixels, l2 ${r.l2}`,
        seconds: r.seconds,
      };
    },
  );
  const mlp = await cached(
    options,
    "baseline-mlp",
    { set, n, seed, b: others },
    () => trainMlp(data, classes, config, options, seed),
  );
  if (!b.svm) return [logistic, mlp];
  const grid = b.svm;
  const svm = await cached(options, "baseline-svm", { set, n, grid }, async () => {
    const r = await svmRbf(data, {
      ...grid,
      onGridPoint: (p) =>
        console.error(
          `${set}: SVM-RBF C ${p.C}, gamma0 x ${p.gammaScale}: validation error ` +
            `${(100 * p.validationError).toFixed(2)}%`,
        ),
    });
    return {
      model: "SVM-RBF",
      testError: r.testError,
      validationError: r.validationError,
      trainError: r.trainError,
      setting: `C ${r.C}, gamma ${r.gamma.toPrecision(3)} (gamma0 x ${r.gammaScale}), ` +
        `${r.supportVectors} support vectors, refit on train + validation (scikit-learn ` +
        `${r.sklearn})`,
      seconds: r.seconds,
    };
  });
  return [logistic, mlp, svm];
}

/** A 784-h-classes ReLU network trained with Adam, best validation epoch kept. */
async function trainMlp(
  data: EnergyData,
  classes: number,
  config: BenchmarkConfig,
  options: ReproRunOptions,
  seed: number,
): Promise<BaselineResult> {
  const b = config.baseline;
  const net = denseClassifier({
    inputs: data.train.features,
    classes,
    layers: [{ units: b.mlpHidden, activation: "relu" }],
    seed,
  });
  const optimizer = adam();
  const error = (d: ArrayData) => classificationError(d, (x) => net.logits(x));
  try {
    const r = await train(net, data.train, {
      epochs: b.mlpEpochs,
      batchSize: 100,
      optimizer,
      learningRate: b.mlpLearningRate,
      seed,
      validate: () => error(data.validation),
      restoreBest: true,
      progress: options.progress,
      signal: options.signal,
      label: `baseline-mlp-${options.dataset}`,
    });
    return {
      model: "MLP",
      testError: await error(data.test),
      validationError: r.bestValidation,
      trainError: await error(data.train),
      setting: `${b.mlpHidden} ReLU units, Adam lr ${b.mlpLearningRate}, ` +
        `best of ${b.mlpEpochs} epochs (${r.bestEpoch + 1})`,
      seconds: r.seconds,
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
