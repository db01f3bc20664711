/**
 * The whole Makhzani & Frey reproduction as one function, shared by `scripts/ksparse.ts` and
 * `notebooks/ksparse.ipynb`: Table 1 (features + logistic regression), Table 3 (supervised
 * fine-tuning, shallow and deep), Figure 1 (filters), Figure 4 (hidden activities) and the
 * k-schedule ablation of Sec. 4.2.1 (dead units with and without the schedule).
 *
 * Every training run goes through the one trainer with a checkpoint, so an interrupted
 * reproduction resumes where it stopped.
 *
 * @module
 */
import type { ReproRunOptions } from "../run_options.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { classificationError, codeStatistics } from "../../lib/eval/metrics.ts";
import { linearProbe } from "../../lib/eval/probe.ts";
import {
  type Autoencoder,
  autoencoder,
  KSPARSE_TABLE1_AUTOENCODERS,
} from "../../lib/models/autoencoder.ts";
import {
  classifierFromAutoencoders,
  classifierFromKSparse,
  type DenseClassifier,
  denseClassifier,
} from "../../lib/models/classifier.ts";
import type { KSparseAutoencoder } from "../../lib/models/ksparse.ts";
import { fineTuningStages, stackCodes } from "../../lib/models/stack.ts";
import { sgd } from "../../lib/train/optimizers.ts";
import { linearSchedule } from "../../lib/train/schedules.ts";
import { DivergenceError, train } from "../../lib/train/train.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import {
  type ComparisonKind,
  KSPARSE_PAPER_TABLE1,
  KSPARSE_PAPER_TABLE3,
  type KSparseConfig,
  ksparseDiagnostics,
  probeKSparse,
  trainKSparse,
} from "./ksparse.ts";
import { type ArrayData, mapRows } from "../../lib/data/rows.ts";
import { hashHex } from "../../lib/hash.ts";

/** Options for {@link ksparseReproduction}. */
export interface KSparseRunOptions extends ReproRunOptions {
  /** Also run Table 3 (fine-tuning). Default true. */
  table3?: boolean;
}

/** A results row: `row`, `paper`, `ours` and the run's settings. */
export type Row = Record<string, unknown>;

/** Everything {@link ksparseReproduction} produced. */
export interface KSparseReproduction {
  /** Table 1 rows (error %). */
  table1: Row[];
  /** Table 3 rows (error %), empty when not run. */
  table3: Row[];
  /** The schedule ablation: dead-unit fractions for k = ablationK with and without it. */
  ablation: Row[];
  /** Training loss per epoch of each k-sparse model. */
  curves: { name: string; x: number[]; y: number[] }[];
  /** Weights W [inputs, hidden] for each k of Figure 1. */
  filters: { k: number; W: Float32Array }[];
  /** Hidden activities on validation digits for Figure 4, by model. */
  activities: { name: string; values: Float32Array }[];
}

const COMPARISON_ROWS: Record<ComparisonKind, string> = {
  dropout: "Dropout autoencoder (50% hidden)",
  denoising: "Denoising autoencoder (20% input dropout)",
  dropoutDenoising: "Dropout + denoising autoencoder (20% input, 50% hidden)",
};

/** Rows of validation digits whose activities Figure 4 shows. */
const HISTOGRAM_ROWS = 500;

/**
 * Run the reproduction of Makhzani & Frey (2014) on `splits` with `config`.
 *
 * @example
 * ```ts
 * import { loadDataset, splitDataset } from "../../lib/data/mod.ts";
 * import { KSPARSE_PRESETS } from "./ksparse.ts";
 * import { ksparseReproduction } from "./ksparse_run.ts";
 * const splits = splitDataset(await loadDataset("mnist"), { trainSize: 200, validationSize: 100, testSize: 100 });
 * const s = KSPARSE_PRESETS.smoke;
 * const r = await ksparseReproduction(splits, {
 *   ...s, ks: [25], figure1Ks: [25], histogramKs: [], comparisons: [], epochs: 1, alphas: [1],
 *   fineTune: { ...s.fineTune, epochs: 1, deep: false },
 * }, { dataset: "mnist", preset: "smoke", backend: "cpu" });
 * console.log(r.table1.length, r.table3.length); // 8 7
 * ```
 */
export async function ksparseReproduction(
  splits: DatasetSplits,
  config: KSparseConfig,
  options: KSparseRunOptions,
): Promise<KSparseReproduction> {
  const seed = options.seed ?? 1;
  const settings = {
    preset: options.preset,
    epochs: config.epochs,
    seed,
    backend: options.backend,
  };
  const mnist = options.dataset === "mnist";
  const paper1 = (row: string) =>
    mnist ? KSPARSE_PAPER_TABLE1.find((r) => r.row === row)?.paper ?? null : null;
  const paper3 = (row: string) =>
    mnist ? KSPARSE_PAPER_TABLE3.find((r) => r.row === row)?.paper ?? null : null;
  // The settings' hash is in every name: a checkpoint resumes only the run it came from.
  const tag = configHash(config);
  const checkpoint = async (name: string) => {
    if (!options.checkpointDir) return undefined;
    const path = `${options.checkpointDir}/ksparse-${options.dataset}-${options.preset}` +
      `-${tag}-s${seed}-${name}.ckpt`;
    if (options.fresh) await Deno.remove(path).catch(() => {});
    return path;
  };
  const histogramRows: ArrayData = {
    ...splits.validation,
    x: splits.validation.x.subarray(0, Math.min(HISTOGRAM_ROWS, splits.validation.n) * 784),
    n: Math.min(HISTOGRAM_ROWS, splits.validation.n),
  };
  const trainOptions = { progress: options.progress, signal: options.signal, seed };

  const table1: Row[] = [];
  const curves: KSparseReproduction["curves"] = [];
  const filters: KSparseReproduction["filters"] = [];
  const activities: KSparseReproduction["activities"] = [];
  const keep: { ksparse?: KSparseAutoencoder; denoising?: Autoencoder; dropout?: Autoencoder } = {};

  // Table 1, first row: logistic regression on the pixels.
  const raw = await linearProbe(splits, config.probe);
  table1.push({
    row: "Raw pixels",
    paper: paper1("Raw pixels"),
    ours: 100 * raw.testError,
    validation: 100 * raw.validationError,
    alpha: null,
    ...settings,
    epochs: 0,
    seconds: raw.seconds,
  });
  table1.push({ row: "RBM", paper: paper1("RBM"), ours: null, ...settings, epochs: null });

  // Table 1's other autoencoders: features are all hidden units (Sec. 4.4).
  for (const kind of config.comparisons) {
    const ae = autoencoder({
      inputs: splits.train.features,
      hidden: config.hidden,
      seed,
      initStd: config.comparisonTraining.initStd,
      ...KSPARSE_TABLE1_AUTOENCODERS[kind],
    });
    const optimizer = sgd({ momentum: config.momentum });
    const result = await train(ae, splits.train, {
      ...trainOptions,
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer,
      learningRate: config.comparisonTraining.learningRate,
      checkpoint: await checkpoint(kind),
      label: COMPARISON_ROWS[kind],
    });
    optimizer.dispose();
    const f = (x: Tensor2D) => ae.encode(x);
    const probe = await linearProbe({
      train: await mapRows(splits.train, f),
      validation: await mapRows(splits.validation, f),
      test: await mapRows(splits.test, f),
    }, config.probe);
    table1.push({
      row: COMPARISON_ROWS[kind],
      paper: paper1(COMPARISON_ROWS[kind]),
      ours: 100 * probe.testError,
      validation: 100 * probe.validationError,
      alpha: null,
      ...settings,
      seconds: result.seconds + probe.seconds,
    });
    activities.push({ name: COMPARISON_ROWS[kind], values: (await mapRows(histogramRows, f)).x });
    if (kind === "denoising" || kind === "dropout") keep[kind] = ae;
    else ae.dispose();
  }

  // k-sparse autoencoders: Table 1 rows, Figure 1 filters, Figure 4 activities.
  const allKs = [...new Set([...config.ks, ...config.figure1Ks, ...config.histogramKs])]
    .sort((a, b) => b - a);
  let scheduledDead: { train: number; validation: number } | null = null;
  for (const k of allKs) {
    const { model, result } = await trainKSparse(splits, k, config, {
      ...trainOptions,
      checkpoint: await checkpoint(`k${k}`),
    });
    curves.push({
      name: `k = ${k}`,
      x: result.history.map((h) => h.epoch + 1),
      y: result.history.map((h) => h.loss),
    });
    if (config.ks.includes(k)) {
      const probe = await probeKSparse(model, splits, config.alphas, config.probe);
      const diag = await ksparseDiagnostics(model, splits.validation);
      const row = `k-sparse autoencoder, k = ${k}`;
      table1.push({
        row,
        paper: paper1(row),
        ours: 100 * probe.best.testError,
        validation: 100 * probe.best.validationError,
        alpha: probe.alpha,
        ...settings,
        seconds: result.seconds + probe.best.seconds,
        mse: diag.mse,
        dead: diag.deadFraction,
      });
    }
    if (config.figure1Ks.includes(k)) {
      filters.push({ k, W: (await model.params.W.data()) as Float32Array });
    }
    if (config.histogramKs.includes(k)) {
      activities.push({
        name: `k-sparse, k = ${k}`,
        values: (await mapRows(histogramRows, (x) => model.encode(x))).x,
      });
    }
    if (k === config.ablationK) scheduledDead = await deadFractions(model, splits);
    if (k === 25 && options.table3 !== false) keep.ksparse = model;
    else model.dispose();
  }

  // The schedule ablation (Sec. 4.2.1): the same k trained at k from the first epoch.
  const ablation: Row[] = [];
  {
    const { model, result } = await trainKSparse(splits, config.ablationK, config, {
      ...trainOptions,
      schedule: false,
      checkpoint: await checkpoint(`k${config.ablationK}-noschedule`),
    });
    const unscheduled = await deadFractions(model, splits);
    model.dispose();
    if (!scheduledDead) {
      const again = await trainKSparse(splits, config.ablationK, config, {
        ...trainOptions,
        checkpoint: await checkpoint(`k${config.ablationK}`),
      });
      scheduledDead = await deadFractions(again.model, splits);
      again.model.dispose();
    }
    for (
      const [row, dead] of [
        [
          `k = ${config.ablationK}, k scheduled from ${config.kScheduleFrom} (Sec. 4.2.1)`,
          scheduledDead,
        ],
        [`k = ${config.ablationK} from the first epoch`, unscheduled],
      ] as const
    ) {
      ablation.push({
        row,
        paper: null,
        ours: 100 * dead.train,
        validation: 100 * dead.validation,
        ...settings,
        seconds: result.seconds,
      });
    }
  }

  const table3 = options.table3 === false ? [] : await fineTuneTable(splits, config, {
    keep,
    seed,
    settings,
    paper3,
    checkpoint,
    trainOptions,
  });
  keep.ksparse?.dispose();
  keep.denoising?.dispose();
  keep.dropout?.dispose();
  return { table1, table3, ablation, curves, filters, activities };
}

/** A short hash of the settings, for checkpoint names (FNV-1a of the JSON). */
function configHash(config: KSparseConfig): string {
  return hashHex(config);
}

/** Fraction of hidden units never among the k largest on the training and validation rows. */
async function deadFractions(
  model: KSparseAutoencoder,
  splits: DatasetSplits,
): Promise<{ train: number; validation: number }> {
  const dead = async (d: ArrayData) =>
    codeStatistics(await mapRows(d, (x) => model.encode(x))).deadFraction;
  return { train: await dead(splits.train), validation: await dead(splits.validation) };
}

interface FineTuneContext {
  keep: { ksparse?: KSparseAutoencoder; denoising?: Autoencoder; dropout?: Autoencoder };
  seed: number;
  settings: Row;
  paper3: (row: string) => number | null;
  checkpoint: (name: string) => Promise<string | undefined>;
  trainOptions: { progress?: ProgressReporter; signal?: AbortSignal; seed: number };
}

/** Table 3: fine-tune networks initialised from the trained autoencoders (Sec. 4.5, 4.6). */
async function fineTuneTable(
  splits: DatasetSplits,
  config: KSparseConfig,
  c: FineTuneContext,
): Promise<Row[]> {
  const ft = config.fineTune;
  const rows: Row[] = [];
  const run = async (net: DenseClassifier, name: string, stages: DenseClassifier[]) => {
    let seconds = 0, epochs = 0;
    for (const [i, stage] of stages.entries()) {
      // the deep network's stages past the softmax-only one train at a lower rate
      const scale = stages.length > 1 && i > 0 ? ft.deepScale : 1;
      const optimizer = sgd({ momentum: ft.momentum });
      const scores = (x: Tensor2D) => net.logits(x);
      const result = await train(stage, splits.train, {
        ...c.trainOptions,
        epochs: ft.epochs,
        batchSize: ft.batchSize,
        optimizer,
        // Sec. 4.2.2: learning rate 1 decreased linearly to 0.001, momentum 0.25
        learningRate: linearSchedule({
          from: scale * ft.learningRate[0],
          to: scale * ft.learningRate[1],
        }),
        validate: () => classificationError(splits.validation, scores),
        checkpoint: await c.checkpoint(`ft-${name}-stage${i}`),
        label: `${name} (stage ${i + 1}/${stages.length})`,
      });
      optimizer.dispose();
      seconds += result.seconds;
      epochs += result.epochs;
    }
    const scores = (x: Tensor2D) => net.logits(x);
    const test = await classificationError(splits.test, scores);
    const validation = await classificationError(splits.validation, scores);
    net.dispose();
    return { test, validation, seconds, epochs };
  };
  type Outcome = { test: number; validation: number; seconds: number; epochs: number };
  // A run that diverges is a result too: its row says so instead of ending the reproduction.
  const push = async (row: string, work: (() => Promise<Outcome>) | null) => {
    let r: Outcome | null = null;
    let note: string | null = work ? null : "not run yet";
    try {
      if (work) r = await work();
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      note = `diverged: ${e.message.split(". ")[0]}`;
    }
    rows.push({
      row,
      paper: c.paper3(row),
      ours: r ? 100 * r.test : null,
      validation: r ? 100 * r.validation : null,
      ...c.settings,
      epochs: r ? r.epochs : null,
      seconds: r ? r.seconds : null,
      note,
    });
  };
  // Sec. 4.5-4.6: fine-tuning keeps the alpha*k = 3 * 25 largest units
  const alphaK = Math.min(config.hidden, 3 * 25);

  // Without pre-training: the same 784-1000-10 network with an alpha*k layer, random init.
  await push("Without pre-training", () => {
    const net = denseClassifier({
      inputs: splits.train.features,
      layers: [{ units: config.hidden, activation: { kind: "ksparse", k: alphaK } }],
      seed: c.seed,
    });
    return run(net, "scratch", [net]);
  });
  await push("RBM + fine-tuning", null);
  const { dropout: dae, denoising, ksparse: ae1 } = c.keep;
  await push(
    "Shallow dropout autoencoder + fine-tuning (50% hidden)",
    dae
      ? () => {
        const net = classifierFromAutoencoders(dae, { seed: c.seed });
        return run(net, "dropout", [net]);
      }
      : null,
  );
  await push(
    "Denoising autoencoder + fine-tuning (20% input dropout)",
    denoising
      ? () => {
        const net = classifierFromAutoencoders(denoising, { seed: c.seed });
        return run(net, "denoising", [net]);
      }
      : null,
  );
  await push("Deep dropout autoencoder + fine-tuning (layer-wise pre-training)", null);
  await push(
    "k-sparse autoencoder + fine-tuning (k = 25)",
    ae1
      ? () => {
        const net = classifierFromKSparse(ae1, { seed: c.seed });
        return run(net, "ksparse", [net]);
      }
      : null,
  );
  await push(
    "Deep k-sparse autoencoder + fine-tuning (layer-wise pre-training)",
    ae1 && ft.deep
      ? async () => {
        // Sec. 4.6: a second k-sparse autoencoder on the first one's alpha*k codes, then
        // staged fine-tuning: softmax alone, then layer 2 + softmax, then everything.
        const codes = { train: await stackCodes(splits.train, (x) => ae1.features(x)) };
        const { model: ae2 } = await trainKSparse(codes, 25, config, {
          ...c.trainOptions,
          checkpoint: await c.checkpoint("k25-layer2"),
        });
        const deep = classifierFromKSparse([ae1, ae2], { seed: c.seed });
        ae2.dispose();
        return run(deep, "deep-ksparse", fineTuningStages(deep));
      }
      : null,
  );
  return rows;
}
