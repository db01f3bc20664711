/**
 * How a walkback DAE's accuracy on fixed points depends on run length (the paper trained for
 * N = 100-500 epochs, Sec. 5.3): one model trained with the paper's schedule and evaluated as in
 * Sec. 5.5 at roughly doubling epochs. The schedule does not depend on N, so the state after an
 * evaluated epoch E is the finished E-epoch model: where the grid (`repro:idae`) of the same
 * preset, seed and chain trains that model, it is handed over under the grid's checkpoint name
 * with its evaluation.
 *
 * @module
 */
import { fractionFlag, integerFlag, type ScriptArgs, UsageError } from "../cli.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { describeExplosionTest } from "../../lib/eval/fixed_points.ts";
import {
  fileExists,
  readJsonIfExists,
  writeFileAtomic,
  writeJsonAtomic,
} from "../../lib/io/atomic.ts";
import { lineChart } from "../../lib/plot/svg.ts";
import type { ProgressReporter } from "../../lib/types.ts";
import { idaeCheckpointPath, idaeEvaluationPath } from "./checkpoints.ts";
import {
  CHAIN_NOISE_FLAG,
  type IdaeConfig,
  type IdaeModelSpec,
  idaeModelSpecs,
  idaeSpecKey,
} from "./config.ts";
import { evaluateIdae, type IdaeEvaluationSets } from "./evaluate.ts";
import { idaePresetConfig } from "./grid.ts";
import { idaePaperNumbers } from "./paper.ts";
import { trainIdae } from "./train.ts";

/** The trend script's own flags and their usage lines, for `startScript`. */
export const IDAE_TREND_FLAGS: Readonly<Record<string, string>> = {
  k: "K  walkback steps (default 1)",
  sigma: "S  corruption sigma (default 0.5)",
  "chain-noise": CHAIN_NOISE_FLAG.usage,
  "evaluate-at": "E1,E2  epochs to evaluate after (default doubling to --epochs)",
  "annealing-rate": "A  annealing rate α of the learning rate (default 0.99; Table 1a's is " +
    "0.999, see repro/idae/paper.ts)",
  "batch-size": "B  minibatch size (default the preset's, 20 in paper; Sec. 5.3 tried 20 " +
    "and 50 without walkback)",
};

/**
 * The trend runs' annealing rate when none is given; names carry `-a<A>` for any other, so
 * runs of the default keep their names.
 */
export const IDAE_TREND_ANNEALING_RATE = 0.99;

/** One trend run: the model, its settings, when it is evaluated, and its names. */
export interface IdaeTrendSettings {
  /** The model trained. */
  spec: IdaeModelSpec;
  /** The preset's settings with the flags applied. */
  config: IdaeConfig;
  /** The preset's batch size: a model of another one is never handed to the grid. */
  presetBatch: number;
  /** Epochs after which the model is evaluated. */
  evalAt: Set<number>;
  /** Whether the chain is corrupted before every step (another model from k = 2 on). */
  every: boolean;
  /** The run's name, e.g. `trend-k1-sigma0.5-a0.999-b50`. */
  name: string;
  /** The results' file stem: the name, `-N<epochs>`, and `-seed<S>` for a seed other than 1. */
  file: string;
}

function evaluationEpochs(asked: string | undefined, epochs: number): Set<number> {
  const evalAt = new Set<number>();
  if (asked !== undefined) {
    for (const part of asked.split(",")) {
      const e = integerFlag("evaluate-at", part.trim(), 1)!;
      if (e > epochs) {
        throw new UsageError(
          `--evaluate-at ${e} is past the run's ${epochs} epochs: pass ${epochs} or less`,
        );
      }
      evalAt.add(e);
    }
    return evalAt;
  }
  for (let e = Math.max(1, Math.round(epochs / 16)); e < epochs; e *= 2) evalAt.add(e);
  evalAt.add(epochs);
  return evalAt;
}

/**
 * A trend run's settings from the script's flags (--k, --sigma, --annealing-rate,
 * --batch-size, --chain-noise, --evaluate-at, --epochs, --seed).
 *
 * @param args the parsed script arguments
 * @returns the settings
 * @throws UsageError naming a bad flag and what it accepts
 *
 * @example
 * ```ts
 * import { parseScriptArgs } from "../cli.ts";
 * import { idaeTrendSettings } from "./trend.ts";
 * const args = parseScriptArgs("idae-trend", ["--preset", "smoke", "--k", "2", "--epochs", "4"], "quick", {
 *   k: "K", sigma: "S", "annealing-rate": "A", "evaluate-at": "E", "batch-size": "B", "chain-noise": "C",
 * });
 * const s = idaeTrendSettings(args);
 * console.log(s.file, [...s.evalAt]); // trend-k2-sigma0.5-N4 [ 1, 2, 4 ]
 * ```
 */
export function idaeTrendSettings(args: ScriptArgs): IdaeTrendSettings {
  const k = integerFlag("k", args.extra.k, 1) ?? 1;
  const sigma = Number(args.extra.sigma ?? 0.5);
  if (!(sigma > 0)) throw new UsageError(`--sigma must be a number > 0, got "${args.extra.sigma}"`);
  const annealingRate = fractionFlag("annealing-rate", args.extra["annealing-rate"]) ??
    IDAE_TREND_ANNEALING_RATE;
  const config = idaePresetConfig(args);
  const presetBatch = config.batchSize;
  config.batchSize = integerFlag("batch-size", args.extra["batch-size"], 1) ?? presetBatch;
  const epochs = args.epochs ?? 8 * config.table1a.runs[0].epochs;
  const spec: IdaeModelSpec = {
    k,
    sigma,
    epochs,
    annealingRate,
    paperEpochs: epochs,
    seed: args.seed,
  };
  const evalAt = evaluationEpochs(args.extra["evaluate-at"], epochs);
  const every = k > 1 && config.chainNoise === "every";
  const name = `trend-k${k}-sigma${sigma}` +
    (annealingRate === IDAE_TREND_ANNEALING_RATE ? "" : `-a${annealingRate}`) +
    (config.batchSize === presetBatch ? "" : `-b${config.batchSize}`) +
    (every ? "-noise-every" : "");
  const file = `${name}-N${epochs}${args.seed === 1 ? "" : `-seed${args.seed}`}`;
  return { spec, config, presetBatch, evalAt, every, name, file };
}

/** Where the trend run keeps its checkpoint and its rows, and what it hands to the grid. */
export interface IdaeTrendFiles {
  /** The run's own checkpoint. */
  checkpoint: string;
  /** The rows of earlier sessions, so that a resumed run reports the whole curve. */
  rowsFile: string;
  /** Grid checkpoint files by epochs done, for the trainer's `keepCheckpoints`. */
  keep: Record<number, string>;
  /** The grid's model handed over after each of those epochs. */
  handedOver: Record<number, IdaeModelSpec>;
}

/**
 * The trend run's files: its checkpoint and rows, and the grid's checkpoints it writes (the
 * grid's models this run passes through whose checkpoints do not exist yet).
 *
 * @param s the run's settings
 * @param dir the checkpoint folder
 * @param dataset the dataset's name
 * @param preset the preset's name
 */
export async function idaeTrendFiles(
  s: IdaeTrendSettings,
  dir: string,
  dataset: string,
  preset: string,
): Promise<IdaeTrendFiles> {
  const keep: Record<number, string> = {};
  const handedOver: Record<number, IdaeModelSpec> = {};
  const { spec, config } = s;
  for (const e of config.batchSize === s.presetBatch ? s.evalAt : []) {
    const grid = idaeModelSpecs(config, spec.seed).find((g) =>
      g.k === spec.k && Math.abs(g.sigma - spec.sigma) < 1e-9 && g.epochs === e &&
      g.annealingRate === spec.annealingRate && g.seed === spec.seed
    );
    if (!grid) continue;
    const path = idaeCheckpointPath(dir, grid, config, dataset);
    if (!(await fileExists(path))) {
      keep[e] = path;
      handedOver[e] = grid;
    }
  }
  const checkpoint = `${dir}/idae-${s.name}-${dataset}-${preset}-${idaeSpecKey(spec)}.ckpt`;
  return { checkpoint, rowsFile: `${checkpoint}.rows.json`, keep, handedOver };
}

/** Options of {@link runIdaeTrend}. */
export interface IdaeTrendRunOptions {
  /** The dataset's name (the paper's numbers are MNIST's). */
  dataset: string;
  /** The preset's name, for the rows. */
  preset: string;
  /** The backend's name, for the rows. */
  backend: string;
  /** The checkpoint folder (the grid's too). */
  checkpointDir: string;
  /** Progress reporter. */
  progress?: ProgressReporter;
  /** Stops training cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Called with a line at each stage. */
  log?: (line: string) => void;
}

/** The paper's acc_test for the model after E epochs (Table 1b's row of that N, else 1a's). */
function paperAt(s: IdaeTrendSettings, dataset: string, e: number): number | null {
  const { k, sigma, annealingRate } = s.spec;
  return dataset === "mnist"
    ? idaePaperNumbers({ k, sigma, paperEpochs: e, annealingRate })?.accTest ?? null
    : null;
}

/**
 * Train the trend run's model, evaluating it after each of its epochs (Sec. 5.5), and resume
 * an interrupted run with the rows of its earlier sessions.
 *
 * @returns the rows, sorted by epochs, and the training seconds over every session
 */
export async function runIdaeTrend(
  s: IdaeTrendSettings,
  files: IdaeTrendFiles,
  splits: Pick<DatasetSplits, "train" | "test">,
  sets: IdaeEvaluationSets,
  options: IdaeTrendRunOptions,
): Promise<{ rows: Record<string, unknown>[]; trainSeconds: number }> {
  const log = options.log ?? (() => {});
  const rows: Record<string, unknown>[] = await Deno.readTextFile(files.rowsFile)
    .then((t) => JSON.parse(t) as Record<string, unknown>[])
    .catch(() => []);
  // rows written before the test counted blank images carry no label; they used mean >= 0.01
  for (const r of rows) r.explosion_test ??= describeExplosionTest({ minMean: 0.01 });
  const { spec, config } = s;
  const evaluate = async (epoch: number, model: Parameters<typeof evaluateIdae>[0]) => {
    if (!s.evalAt.has(epoch) || rows.some((r) => r.epochs === epoch)) return;
    const { evaluation: e } = await evaluateIdae(model, splits, sets, config, {
      seed: spec.seed,
      log,
    });
    rows.push({
      row: `k = ${spec.k}, σ = ${spec.sigma} after ${epoch} epochs`,
      paper: paperAt(s, options.dataset, epoch),
      ours: e.accTest,
      epochs: epoch,
      acc_train: e.accTrain,
      mse_test: e.mseTest,
      mse_wb_test: e.mseWbTest,
      ex_test: e.exTest,
      explosion_test: describeExplosionTest(),
      test_rows: e.testRows,
      iterations: e.iterationsTest,
      rule_held: e.stoppedByRuleTest,
      black: e.pixels.black,
      white: e.pixels.white,
      preset: options.preset,
      seed: spec.seed,
      backend: options.backend,
    });
    await writeFileAtomic(files.rowsFile, JSON.stringify(rows));
    const grid = files.handedOver[epoch];
    if (grid) {
      const path = idaeEvaluationPath(options.checkpointDir, grid, config, options.dataset);
      if (!(await readJsonIfExists(path))) await writeJsonAtomic(path, e);
    }
    log(`epoch ${epoch}: acc_test ${e.accTest.toFixed(4)}`);
  };
  for (const [e, path] of Object.entries(files.keep)) {
    log(`the state after ${e} epochs is kept as the grid's model: ${path}`);
  }
  const { model, result } = await trainIdae(splits.train as ArrayData, spec, config, {
    checkpoint: files.checkpoint,
    keepCheckpoints: files.keep,
    progress: options.progress,
    signal: options.signal,
    onEpochEnd: (epoch, m) => evaluate(epoch + 1, m),
  });
  model.dispose();
  for (const [e, path] of Object.entries(files.keep)) {
    if (await fileExists(path)) continue;
    // a run resumed past epoch E had no state after E left to write
    log(
      `the state after ${e} epochs was not written (the run resumed past it): the grid trains ` +
        `that model itself`,
    );
  }
  rows.sort((a, b) => (a.epochs as number) - (b.epochs as number));
  for (const r of rows) r.paper = paperAt(s, options.dataset, r.epochs as number);
  return { rows, trainSeconds: result.seconds };
}

/**
 * The trend table's title, notes and digits.
 *
 * @param s the run's settings
 * @param sets the rows transformed for the probe
 * @param dataset the dataset's name
 */
export function idaeTrendTable(
  s: IdaeTrendSettings,
  sets: IdaeEvaluationSets,
  dataset: string,
): { title: string; notes: string; columnDigits: Record<string, number> } {
  const { spec, config } = s;
  const chain = spec.k > 1
    ? `, walkback chain corrupted ${s.every ? "before every step" : "once (Eq. 8)"}`
    : "";
  return {
    title: `Walkback DAE (k = ${spec.k}, σ = ${spec.sigma}) test accuracy against training ` +
      `epochs, ${dataset}`,
    notes: `One run of ${spec.epochs} epochs (plain SGD, batch ${config.batchSize}, rate ` +
      `${config.learningRate} times ${spec.annealingRate} after every epoch, ${config.hidden} ` +
      `hidden${chain}), evaluated along the way as in Sec. 5.5: fixed points of the first ` +
      `${sets.train.n} training, ${sets.validation.n} validation and ${sets.test.n} test rows ` +
      `(at most ${config.iteration.maxIterations} iterations), logistic regression on the ` +
      `transformed training rows; "ours" is acc_test, "paper" the paper's: Table 1b's row of ` +
      `the row's N and α where it has a legible one (k = 4, 5), else the Table 1a value ` +
      `(epochs not stated, N in {100, 250}); ex_test is the raw count among test_rows, by the ` +
      `explosion_test (isExplosion's thresholds; "mean >= 0.01" rows leave out blank fixed ` +
      `points); black and white are the pixel fractions of the test fixed points (originals: ` +
      `0.807 and 0.081).`,
    columnDigits: {
      paper: 3,
      ours: 4,
      acc_train: 4,
      mse_test: 3,
      mse_wb_test: 3,
      black: 3,
      white: 3,
    },
  };
}

/** The trend's chart: acc_test against epochs, log scale. */
export function idaeTrendChart(
  s: IdaeTrendSettings,
  rows: readonly Record<string, unknown>[],
): string {
  const { k, sigma } = s.spec;
  return lineChart({
    series: [{
      name: `k = ${k}, σ = ${sigma}`,
      x: rows.map((r) => r.epochs as number),
      y: rows.map((r) => r.ours as number),
    }],
    logX: true,
    xLabel: "epochs",
    yLabel: "acc_test",
    title: `Walkback DAE k = ${k}, σ = ${sigma}: accuracy on fixed points against run length`,
  });
}
