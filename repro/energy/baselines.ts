/**
 * The baselines of the 2007 benchmark sets, each computed once per set and settings (cached
 * beside the checkpoints): logistic regression on standardised pixels, a one-hidden-layer MLP,
 * an SVM with a Gaussian kernel, the published baseline's kind (`svm.ts`), and DBN-1, the
 * model of the "RBM" column Table 5 cites (an RBM's up-pass fine-tuned as a sigmoid network).
 *
 * @module
 */
import type { BenchmarkName } from "../../lib/data/benchmarks.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import { hashHex } from "../../lib/hash.ts";
import { writeFileAtomic } from "../../lib/io/atomic.ts";
import { classificationError } from "../../lib/eval/metrics.ts";
import { linearProbe } from "../../lib/eval/probe.ts";
import {
  classifierFromRbms,
  type DenseClassifier,
  denseClassifier,
} from "../../lib/models/classifier.ts";
import { rbm } from "../../lib/models/rbm.ts";
import { adam, type Optimizer, sgd } from "../../lib/train/optimizers.ts";
import { DivergenceError, train } from "../../lib/train/train.ts";
import type { ReproRunOptions } from "../run_options.ts";
import { type BenchmarkConfig, type Dbn1Settings, updatesFactor } from "./benchmarks_config.ts";
import type { EnergyData } from "./candidates.ts";
import { svmRbf } from "./svm.ts";

/** A baseline of one set. */
export interface BaselineResult {
  /** `logistic regression`, `MLP`, `SVM-RBF` or `DBN-1`. */
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

/** A file beside the checkpoints named by the run's data and a hash of `settings`. */
function cachePath(options: ReproRunOptions, settings: unknown, suffix: string) {
  if (!options.checkpointDir) return undefined;
  return `${options.checkpointDir}/energy-${options.dataset}-${hashHex(settings)}-${suffix}`;
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
  const path = cachePath(options, settings, `${name}.json`);
  if (!path) return compute();
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
 * the config has their settings, an SVM with a Gaussian kernel (`svmRbf`) and DBN-1, in this
 * order.
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
  // the SVM's grid and DBN-1's settings are left out of the other baselines' cache keys: they
  // do not change them
  const others = { ...b, svm: undefined, dbn1: undefined };
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
  const out = [logistic, mlp];
  if (b.svm) out.push(await svmBaseline(set, data, n, b.svm, options));
  if (b.dbn1) {
    const d = scaledDbn1(b.dbn1, data.train.n, config);
    const key = { set, n, seed, d };
    const ckpt = cachePath(options, key, "dbn1-rbm.ckpt");
    out.push(
      await cached(
        options,
        "baseline-dbn1",
        key,
        () => trainDbn1(data, classes, d, ckpt, options, seed),
      ),
    );
  }
  return out;
}

/** The SVM-RBF baseline of one set (cached by its grid). */
function svmBaseline(
  set: BenchmarkName,
  data: EnergyData,
  n: Record<string, number>,
  grid: NonNullable<BenchmarkConfig["baseline"]["svm"]>,
  options: ReproRunOptions,
): Promise<BaselineResult> {
  return cached(options, "baseline-svm", { set, n, grid }, async () => {
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
}

/** DBN-1's settings with both phases' epochs scaled to the set's size (`minUpdates`). */
function scaledDbn1(d: Dbn1Settings, rows: number, config: BenchmarkConfig): Dbn1Settings {
  const factor = (epochs: number) => updatesFactor(rows, BATCH, epochs, config);
  return {
    ...d,
    pretrainEpochs: d.pretrainEpochs * factor(d.pretrainEpochs),
    epochs: d.epochs * factor(d.epochs),
  };
}

/** Minibatch size of the MLP's and DBN-1's training. */
const BATCH = 100;

/** A fitted network's errors (fractions) and its best validation epoch (0-based). */
interface Fit {
  testError: number;
  validationError: number;
  trainError: number;
  bestEpoch: number;
  seconds: number;
}

/**
 * Train a classifier on the training rows, keep its epoch of lowest validation error and
 * score it on every split; the optimizer and network are disposed.
 */
async function fitClassifier(
  net: DenseClassifier,
  optimizer: Optimizer,
  data: EnergyData,
  run: { epochs: number; learningRate: number; seed: number; label: string },
  options: ReproRunOptions,
): Promise<Fit> {
  const error = (d: ArrayData) => classificationError(d, (x) => net.logits(x));
  try {
    const r = await train(net, data.train, {
      ...run,
      batchSize: BATCH,
      optimizer,
      validate: () => error(data.validation),
      restoreBest: true,
      progress: options.progress,
      signal: options.signal,
    });
    return {
      testError: await error(data.test),
      validationError: r.bestValidation,
      trainError: await error(data.train),
      bestEpoch: r.bestEpoch,
      seconds: r.seconds,
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}

/**
 * DBN-1 (Larochelle et al., 2007): a binary RBM trained by CD-1 on the training images (their
 * grey levels read as probabilities, or binary visibles drawn from them with `sampleData`; the
 * labels unused), then its up-pass
 * sigmoid(x W + b) as the hidden layer of a network under a new softmax, fine-tuned by SGD at
 * each of the settings' rates; the rate and epoch of lowest validation error are kept. The
 * RBM resumes from its checkpoint.
 */
async function trainDbn1(
  data: EnergyData,
  classes: number,
  d: Dbn1Settings,
  checkpoint: string | undefined,
  options: ReproRunOptions,
  seed: number,
): Promise<BaselineResult> {
  const label = `baseline-dbn1-${options.dataset}`;
  const model = rbm({
    visible: data.train.features,
    hidden: d.hidden,
    k: 1,
    seed,
    sampleData: d.sampleData ?? false,
  });
  const fits: { lr: number; fit: Fit }[] = [];
  let seconds = 0;
  try {
    const opt = sgd({ momentum: d.momentum });
    seconds += (await train(model, data.train, {
      epochs: d.pretrainEpochs,
      batchSize: BATCH,
      optimizer: opt,
      learningRate: d.pretrainLearningRate,
      seed,
      checkpoint,
      progress: options.progress,
      signal: options.signal,
      label: `${label}-rbm`,
    }).finally(() => opt.dispose())).seconds;
    for (const lr of d.learningRate) {
      const net = classifierFromRbms(model, { classes, seed });
      const run = { epochs: d.epochs, learningRate: lr, seed, label: `${label}-lr${lr}` };
      try {
        const fit = await fitClassifier(net, sgd({ momentum: d.momentum }), data, run, options);
        fits.push({ lr, fit });
        seconds += fit.seconds;
      } catch (e) {
        if (!(e instanceof DivergenceError)) throw e;
        console.error(`${label}: fine-tuning at ${lr} diverged (${e.message.split(". ")[0]})`);
      }
    }
  } finally {
    model.dispose();
  }
  if (fits.length === 0) {
    throw new Error(
      `DBN-1 diverged at every fine-tuning rate (${d.learningRate.join(", ")}): ` +
        "give it lower rates (baseline.dbn1.learningRate)",
    );
  }
  // the first rate of lowest validation error
  const { lr, fit } = fits.reduce((a, b) => b.fit.validationError < a.fit.validationError ? b : a);
  return {
    model: "DBN-1",
    testError: fit.testError,
    validationError: fit.validationError,
    trainError: fit.trainError,
    setting: `RBM of ${d.hidden} units, CD-1 ${d.pretrainEpochs} epochs at ` +
      `${d.pretrainLearningRate}${
        d.sampleData ? " on visibles sampled from the grey levels" : ""
      }` +
      `; fine-tuned at ${lr} (of ${d.learningRate.join(", ")}), ` +
      `best of ${d.epochs} epochs (${fit.bestEpoch + 1}); momentum ${d.momentum}`,
    seconds,
  };
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
  const run = {
    epochs: b.mlpEpochs,
    learningRate: b.mlpLearningRate,
    seed,
    label: `baseline-mlp-${options.dataset}`,
  };
  const fit = await fitClassifier(net, adam(), data, run, options);
  return {
    model: "MLP",
    testError: fit.testError,
    validationError: fit.validationError,
    trainError: fit.trainError,
    setting: `${b.mlpHidden} ReLU units, Adam lr ${b.mlpLearningRate}, ` +
      `best of ${b.mlpEpochs} epochs (${fit.bestEpoch + 1})`,
    seconds: fit.seconds,
  };
}
