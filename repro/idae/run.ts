/**
 * The whole Bahdanau & Jaeger (2014) reproduction, shared by `scripts/idae.ts` and
 * `notebooks/idae.ipynb`: train every model of Table 1a and 1b (Sec. 5.3), evaluate each
 * (Sec. 5.4-5.5), and assemble Table 1a, Table 1b, the pixel fractions of Sec. 6.1 and
 * Figures 3-7 as plain result objects.
 *
 * Every model trains through the one trainer with a checkpoint, and every evaluation is kept
 * beside it as JSON, both named with a hash of the settings they depend on: an interrupted
 * reproduction resumes where it stopped, and a changed setting starts its models afresh.
 *
 * @module
 */
import type { ReproRunOptions } from "../run_options.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { pixelFractions } from "../../lib/eval/fixed_points.ts";
import type { ProbeResult } from "../../lib/eval/probe.ts";
import {
  fileExists,
  readJsonIfExists,
  writeFileAtomic,
  writeJsonAtomic,
} from "../../lib/io/atomic.ts";
import type { WalkbackDae } from "../../lib/models/walkback.ts";
import { DivergenceError } from "../../lib/train/train.ts";
import { idaeCheckpointPath, idaeEpochsDone, idaeEvaluationPath } from "./checkpoints.ts";
import {
  type IdaeConfig,
  type IdaeModelSpec,
  idaeModelSpecs,
  idaeOnlySpecs,
  idaeSpecKey,
  validateIdaeConfig,
} from "./config.ts";
import {
  evaluateIdae,
  type IdaeEvaluation,
  type IdaeEvaluationSets,
  idaeEvaluationSets,
  rawPixelProbe,
} from "./evaluate.ts";
import { type IdaeFigure, idaeFigures, type IdaeKeptModels } from "./run_figures.ts";
import {
  type IdaeModelResult,
  idaeModelRows,
  idaePixelTable,
  type IdaeRow,
  type IdaeRowContext,
  idaeTable1a,
  idaeTable1b,
} from "./tables.ts";
import { type IdaeTiming, idaeTiming } from "./timing.ts";
import { trainIdae } from "./train.ts";

/** Options for {@link idaeReproduction}. */
export interface IdaeRunOptions extends ReproRunOptions {
  /** Called with a line at each stage (what is trained and evaluated, and how long it took). */
  log?: (line: string) => void;
  /**
   * Train nothing: use the models whose checkpoints hold every epoch (evaluating those not yet
   * evaluated) and list the others as not finished. For the tables of a long grid still under
   * way, even while another process trains it. Needs `checkpointDir`. Default false.
   */
  finishedOnly?: boolean;
  /**
   * Train only the models whose names (`idaeSpecKey`, e.g. `k3-sigma0.5-N250-a0.99-seed1`)
   * begin with one of these, whole parts between dashes (`k4-sigma0.7-N100-a0.99` is not
   * `...-a0.999`); the others are taken as under `finishedOnly`: used when finished,
   * listed as not finished otherwise. Two processes given disjoint lists train one grid at once
   * (one core each), each writing the tables of what is finished. Needs `checkpointDir`.
   */
  only?: readonly string[];
}

/** Everything {@link idaeReproduction} produced. */
export interface IdaeReproduction {
  /** Table 1a rows. */
  table1a: IdaeRow[];
  /** Table 1b rows, then logistic regression on raw pixels. */
  table1b: IdaeRow[];
  /** Black and white pixel fractions (Sec. 6.1), in percent. */
  pixels: IdaeRow[];
  /** One row per trained model (the points of Figure 5). */
  models: IdaeRow[];
  /** Every model's outcome. */
  results: IdaeModelResult[];
  /** Logistic regression on the raw pixels of the evaluation rows. */
  raw: ProbeResult;
  /** Figures 3-7. */
  figures: IdaeFigure[];
  /** Remarks on how the figures' samples were found. */
  notes: string[];
  /** Measured rates, and the wall time they predict for the quick and paper presets on MNIST. */
  timing: IdaeTiming;
  /** The rows transformed for the probe, per split. */
  rows: { train: number; validation: number; test: number };
}

/** What every step of one reproduction reads. */
interface RunContext {
  splits: DatasetSplits;
  config: IdaeConfig;
  options: IdaeRunOptions;
  seed: number;
  log: (line: string) => void;
  sets: IdaeEvaluationSets;
  specs: IdaeModelSpec[];
}

/** One model's outcome, and the model itself while a figure may need it. */
interface ModelRun {
  outcome: IdaeModelResult;
  model?: WalkbackDae;
  testPoints?: ArrayData | null;
}

function checkRunOptions(options: IdaeRunOptions): void {
  const noFolder = !options.checkpointDir || options.fresh;
  if (options.finishedOnly && noFolder) {
    throw new Error(
      "finishedOnly reads the finished models from checkpointDir: pass a checkpoint folder, " +
        "and not fresh",
    );
  }
  if (options.only && noFolder) {
    throw new Error(
      "only leaves the other models to other processes and reads them from checkpointDir: " +
        "pass a checkpoint folder, and not fresh",
    );
  }
}

/** The model's checkpoint and cached evaluation (none without a folder; removed when fresh). */
async function modelFiles(ctx: RunContext, spec: IdaeModelSpec) {
  const dir = ctx.options.checkpointDir;
  if (!dir) return { checkpoint: undefined, evaluation: undefined };
  const checkpoint = idaeCheckpointPath(dir, spec, ctx.config, ctx.options.dataset);
  const evaluation = idaeEvaluationPath(dir, spec, ctx.config, ctx.options.dataset);
  if (ctx.options.fresh) {
    for (const f of [checkpoint, evaluation]) await Deno.remove(f).catch(() => {});
  }
  return { checkpoint, evaluation };
}

/**
 * The paper's schedule (rate times the annealing rate after every epoch) does not depend on N,
 * so a model of N epochs not yet started begins from the grid's finished model of fewer epochs
 * and the same settings (Table 1b's N = 250 from its N = 100): the same numbers, fewer epochs.
 */
async function startFromShorterRun(ctx: RunContext, spec: IdaeModelSpec, checkpoint: string) {
  if (await fileExists(checkpoint)) return;
  const shorter = ctx.specs
    .filter((s) =>
      s.k === spec.k && s.sigma === spec.sigma && s.annealingRate === spec.annealingRate &&
      s.seed === spec.seed && s.epochs < spec.epochs
    )
    .sort((a, b) => b.epochs - a.epochs);
  for (const s of shorter) {
    const path = idaeCheckpointPath(ctx.options.checkpointDir!, s, ctx.config, ctx.options.dataset);
    if ((await idaeEpochsDone(path)) !== s.epochs) continue;
    await writeFileAtomic(checkpoint, await Deno.readFile(path));
    ctx.log(`  starts from the finished ${s.epochs}-epoch model ${idaeSpecKey(s)}`);
    return;
  }
}

const noResult = (spec: IdaeModelSpec, note: string): IdaeModelResult => ({
  spec,
  trainSeconds: 0,
  finalLoss: NaN,
  evaluation: null,
  note,
});

/** Train (or resume) one model and evaluate it, or read its kept evaluation. */
async function runModel(ctx: RunContext, spec: IdaeModelSpec, train: boolean): Promise<ModelRun> {
  if (!train) {
    const done = await idaeEpochsDone((await modelFiles(ctx, spec)).checkpoint!);
    if (done < spec.epochs) {
      const note = `not finished: ${done} of ${spec.epochs} epochs trained`;
      ctx.log(`  ${note}`);
      return { outcome: noResult(spec, note) };
    }
  }
  const files = await modelFiles(ctx, spec);
  if (files.checkpoint) await startFromShorterRun(ctx, spec, files.checkpoint);
  let trained;
  try {
    trained = await trainIdae(ctx.splits.train, spec, ctx.config, {
      checkpoint: files.checkpoint,
      progress: ctx.options.progress,
      signal: ctx.options.signal,
    });
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    return { outcome: noResult(spec, `diverged: ${e.message.split(". ")[0]}`) };
  }
  const { model, result } = trained;
  const cachePath = files.evaluation;
  let evaluation = cachePath ? await readJsonIfExists<IdaeEvaluation>(cachePath) : undefined;
  let testPoints: ArrayData | null = null;
  if (evaluation) ctx.log(`  evaluation read from ${cachePath}`);
  else {
    const done = await evaluateIdae(model, ctx.splits, ctx.sets, ctx.config, {
      seed: spec.seed,
      log: ctx.log,
    });
    evaluation = done.evaluation;
    testPoints = done.testPoints;
    if (cachePath) await writeJsonAtomic(cachePath, evaluation);
  }
  const outcome: IdaeModelResult = {
    spec,
    trainSeconds: result.seconds,
    finalLoss: result.history.at(-1)?.loss ?? NaN,
    evaluation,
  };
  return { outcome, model, testPoints };
}

/**
 * The models the figures need, kept while the grid runs: the k = 1 models of the first seed
 * (Figures 3 and 4, the pixel table) and the best model so far (Figures 6 and 7).
 */
class KeptModels implements IdaeKeptModels {
  figureModels: { sigma: number; model: WalkbackDae }[] = [];
  best: { result: IdaeModelResult; model: WalkbackDae; testPoints: ArrayData | null } | null = null;

  constructor(private readonly ctx: RunContext) {}

  private isFigureModel(s: IdaeModelSpec): boolean {
    const first = this.ctx.config.table1a.runs[0];
    return s.k === 1 && s.seed === this.ctx.seed && this.ctx.config.table1a.ks.includes(1) &&
      s.epochs === first.epochs && s.annealingRate === first.annealingRate;
  }

  /** Keep the model if a figure needs it, else dispose it. */
  offer(run: ModelRun): void {
    const { outcome, model } = run;
    if (!model || !outcome.evaluation) return;
    let kept = false;
    if (this.isFigureModel(outcome.spec)) {
      this.figureModels.push({ sigma: outcome.spec.sigma, model });
      kept = true;
    }
    const best = this.best;
    if (!best || outcome.evaluation.accTest > best.result.evaluation!.accTest) {
      if (best && !this.figureModels.some((f) => f.model === best.model)) best.model.dispose();
      this.best = { result: outcome, model, testPoints: run.testPoints ?? null };
      kept = true;
    }
    if (!kept) model.dispose();
  }

  dispose(): void {
    const models = new Set(this.figureModels.map((f) => f.model));
    if (this.best) models.add(this.best.model);
    for (const m of models) m.dispose();
  }
}

/** Train and evaluate every model of the grid in order, keeping those the figures need. */
async function runGrid(ctx: RunContext, kept: KeptModels) {
  const results: IdaeModelResult[] = [];
  const perModel: IdaeTiming["perModel"] = [];
  const toTrain = idaeOnlySpecs(ctx.specs, ctx.options.only);
  for (const [i, spec] of ctx.specs.entries()) {
    const name = idaeSpecKey(spec);
    ctx.log(`model ${i + 1}/${ctx.specs.length}: ${name}`);
    const train = !ctx.options.finishedOnly && toTrain.includes(spec);
    const run = await runModel(ctx, spec, train);
    results.push(run.outcome);
    const ev = run.outcome.evaluation;
    if (run.model && ev) {
      perModel.push({
        model: name,
        trainSeconds: run.outcome.trainSeconds,
        evalSeconds: ev.seconds,
      });
    }
    kept.offer(run);
  }
  return { results, perModel };
}

/**
 * Run the reproduction of Bahdanau & Jaeger (2014) on `splits` with `config`.
 *
 * @param splits the dataset's splits (see `idaeSplits`)
 * @param config the settings (see `IDAE_PRESETS`)
 * @param options names for the rows, seed, checkpoints, progress
 * @returns the tables, figures and per-model results
 *
 * @example
 * ```ts
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 * import { idaeReproduction } from "./run.ts";
 * const s = IDAE_PRESETS.smoke;
 * const config = {
 *   ...s, hidden: 20, seeds: 1,
 *   table1a: { ...s.table1a, ks: [1], sigmas: [0.5] },
 *   table1b: { ...s.table1b, ks: [2] },
 * };
 * const r = await idaeReproduction(await idaeSplits("mnist", config), config, {
 *   dataset: "mnist", preset: "smoke", backend: "cpu",
 * });
 * console.log(r.table1a.length, r.results.length, r.figures.length > 4); // 1 2 true
 * ```
 */
export async function idaeReproduction(
  splits: DatasetSplits,
  config: IdaeConfig,
  options: IdaeRunOptions,
): Promise<IdaeReproduction> {
  validateIdaeConfig(config);
  const seed = options.seed ?? 1;
  const sets = idaeEvaluationSets(splits, config);
  const ctx: RunContext = {
    splits,
    config,
    options,
    seed,
    log: options.log ?? (() => {}),
    sets,
    specs: [],
  };
  const raw = await rawPixelProbe(sets, config);
  ctx.log(`raw pixels: logistic regression acc_test ${(1 - raw.testError).toFixed(4)}`);
  checkRunOptions(options);
  ctx.specs = idaeModelSpecs(config, seed);
  const kept = new KeptModels(ctx);
  try {
    const { results, perModel } = await runGrid(ctx, kept);
    const { figures, notes } = await idaeFigures(kept, results, sets, config, seed);
    const context: IdaeRowContext = {
      paper: options.dataset === "mnist",
      preset: options.preset,
      backend: options.backend,
    };
    const rawAcc = {
      accTrain: 1 - raw.trainError,
      accTest: 1 - raw.testError,
      seconds: raw.seconds,
    };
    return {
      table1a: idaeTable1a(results, config.table1a, context),
      table1b: idaeTable1b(results, config.table1b, rawAcc, context),
      pixels: idaePixelTable(
        results,
        pixelFractions(sets.test),
        kept.best?.result ?? null,
        context,
      ),
      models: idaeModelRows(results, context),
      results,
      raw,
      figures,
      notes,
      timing: idaeTiming(results, splits.train.n, config.hidden, perModel),
      rows: { train: sets.train.n, validation: sets.validation.n, test: sets.test.n },
    };
  } finally {
    kept.dispose();
  }
}
