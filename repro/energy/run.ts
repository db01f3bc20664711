/**
 * The whole Table 2 reproduction, returning plain results that `tables.ts` and `figures.ts`
 * turn into tables and figures. Each row validates its grid of settings (Sec. 4.4): pretrain
 * (Sec. 4.3), fine-tune on the training split keeping the best validation epoch, and keep the
 * setting with the lowest validation error; with `retrain`, that setting is fine-tuned again on
 * train + validation for its best number of epochs and evaluated on the test set (Sec. 4.4).
 *
 * Every training run has its own checkpoint named by a hash of its settings, so an interrupted
 * reproduction resumes where it stopped and pretrained models are shared across settings.
 *
 * @module
 */
import type { ReproRunOptions } from "../run_options.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import { hashHex } from "../../lib/hash.ts";
import type { EnergyConfig } from "./config.ts";
import { ENERGY_PAPER_TABLE2, type EnergyPaperRow } from "./paper.ts";
import { concatRows, type EnergyTrainContext } from "./train.ts";
import {
  type Candidate,
  candidates,
  type EnergyData,
  trainCandidate,
  type Trained,
} from "./candidates.ts";

/** One row of Table 2 as run. */
export interface EnergyRowResult {
  /** The row's id (`csae-sigmoid`). */
  id: string;
  /** The row's label. */
  row: string;
  /** Test error at the chosen setting, a fraction. */
  testError: number;
  /** Validation error at the chosen setting's best epoch, a fraction. */
  validationError: number;
  /** Training error of the final model, a fraction. */
  trainError: number;
  /** Fine-tuning epochs of the final model (the best validation epoch, or the retrained run's). */
  epochs: number;
  /** Settings validated for this row. */
  candidates: number;
  /** The chosen setting (hidden, factors, contraction, corruption, learning rate, L2). */
  setting: Candidate["setting"];
  /** Whether the final model was fine-tuned again on train + validation. */
  retrained: boolean;
  /** Training seconds: pretraining, every fine-tuning and the retraining. */
  seconds: number;
  /** Why settings were dropped (a diverged run), when any were; errors are NaN if all were. */
  note?: string;
}

/** Filters of one model: W [inputs, count] row-major, and how many columns. */
export interface EnergyFilters {
  /** The row's id. */
  id: string;
  /** The row's label. */
  row: string;
  /** Weights [inputs, count], row-major. */
  W: Float32Array;
  /** Number of filters (columns). */
  count: number;
}

/** Everything {@link energyReproduction} measured, as plain values. */
export interface EnergyResults {
  /** What the run was: dataset, preset, fine-tuning epochs, seed and backend. */
  run: { dataset: string; preset: string; epochs: number; seed: number; backend: string };
  /** Table 2's rows, in the paper's order. */
  rows: EnergyRowResult[];
  /** Figure 5: class 0's filters of the sigmoid CSAE before and after fine-tuning. */
  figure5: { pretrained: EnergyFilters; fineTuned: EnergyFilters } | null;
  /** Figure 7: the final filters of each CSAE row (class 0's, or the factored model's W^x). */
  figure7: EnergyFilters[];
  /** Validation error % against fine-tuning epoch of each row's chosen setting. */
  curves: { name: string; x: number[]; y: number[] }[];
}

/**
 * Run the reproduction of Table 2 on `splits` with `config`.
 *
 * @example
 * ```ts
 * import { loadSplits } from "../../lib/data/splits.ts";
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { energyReproduction } from "./run.ts";
 * const splits = await loadSplits("mnist", { train: 200, validation: 100, test: 100 });
 * const r = await energyReproduction(splits, { ...ENERGY_PRESETS.smoke, rows: ["csae-linear"] }, {
 *   dataset: "mnist", preset: "smoke", backend: "cpu",
 * });
 * console.log(r.rows.length, r.rows[0].id); // 1 csae-linear
 * ```
 */
export async function energyReproduction(
  splits: DatasetSplits,
  config: EnergyConfig,
  options: ReproRunOptions,
): Promise<EnergyResults> {
  const seed = options.seed ?? 1;
  const ctx = energyTrainContext(config, options, seed);
  const data = {
    train: splits.train as ArrayData,
    validation: splits.validation as ArrayData,
    test: splits.test as ArrayData,
    trainValidation: concatRows(splits.train, splits.validation),
  };
  const results: EnergyResults = {
    run: {
      dataset: options.dataset,
      preset: options.preset,
      epochs: config.fineTune.epochs,
      seed,
      backend: options.backend,
    },
    rows: [],
    figure5: null,
    figure7: [],
    curves: [],
  };
  for (const paperRow of ENERGY_PAPER_TABLE2) {
    if (!config.rows.includes(paperRow.id)) continue;
    await runRow(paperRow, data, config, ctx, results);
  }
  return results;
}

/**
 * The shared training context of a reproduction run: batch, momentum, seed, and checkpoint
 * names (a hash of each run's settings, the split sizes and the batch in every name).
 *
 * @example
 * ```ts
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { energyTrainContext } from "./run.ts";
 * const ctx = energyTrainContext(ENERGY_PRESETS.smoke, { dataset: "mnist", preset: "smoke", backend: "cpu" }, 1);
 * console.log(ctx.batchSize, await ctx.checkpoint("x", {})); // 100 undefined
 * ```
 */
export function energyTrainContext(
  config: EnergyConfig,
  options: ReproRunOptions,
  seed: number,
): EnergyTrainContext {
  const checkpoint = async (name: string, settings: unknown) => {
    if (!options.checkpointDir) return undefined;
    // the settings' hash is in every name: a checkpoint resumes only the run it came from
    const tag = hashHex({ settings, sizes: config.sizes ?? null, batch: config.batchSize });
    const path = `${options.checkpointDir}/energy-${options.dataset}-${tag}-s${seed}-${name}.ckpt`;
    if (options.fresh) await Deno.remove(path).catch(() => {});
    return path;
  };
  return {
    batchSize: config.batchSize,
    momentum: config.momentum,
    seed,
    checkpoint,
    progress: options.progress,
    signal: options.signal,
  };
}

/** Validate a row's settings, retrain the best if asked, evaluate, record filters. */
async function runRow(
  paperRow: EnergyPaperRow,
  data: EnergyData,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
  results: EnergyResults,
): Promise<void> {
  const grid = candidates(paperRow, config);
  let best: Trained | null = null;
  let seconds = 0;
  const diverged: string[] = [];
  for (const candidate of grid) {
    const trained = await divergenceAsNull(
      () => trainCandidate(paperRow, candidate, data, config, ctx, null),
      diverged,
      ctx,
    );
    if (!trained) continue;
    seconds += trained.seconds;
    if (!best || trained.validationError < best.validationError) {
      best?.dispose();
      best = trained;
    } else trained.dispose();
  }
  const note = `all ${grid.length} settings diverged: ${diverged[0]}`;
  if (!best) {
    results.rows.push({
      id: paperRow.id,
      row: paperRow.row,
      testError: NaN,
      validationError: NaN,
      trainError: NaN,
      epochs: 0,
      candidates: grid.length,
      setting: grid[0].setting,
      retrained: false,
      seconds,
      note,
    });
    return;
  }
  let final = best;
  if (config.retrain) {
    const again = await divergenceAsNull(
      () => trainCandidate(paperRow, best.candidate, data, config, ctx, best.epochs),
      diverged,
      ctx,
    );
    if (again) {
      final = again;
      seconds += final.seconds;
    }
  }
  await recordRow(paperRow, { best, final, grid: grid.length, seconds, diverged }, data, results);
}

/** Evaluate a row's final model and record its errors, curve and filters, then free it. */
async function recordRow(
  paperRow: EnergyPaperRow,
  run: { best: Trained; final: Trained; grid: number; seconds: number; diverged: string[] },
  data: EnergyData,
  results: EnergyResults,
): Promise<void> {
  const { best, final, diverged } = run;
  const retrained = final !== best;
  results.rows.push({
    id: paperRow.id,
    row: paperRow.row,
    testError: await final.error(data.test),
    validationError: best.validationError,
    trainError: await final.error(retrained ? data.trainValidation : data.train),
    epochs: final.epochs,
    candidates: run.grid,
    setting: best.candidate.setting,
    retrained,
    seconds: run.seconds,
    ...(diverged.length ? { note: `${diverged.length} run(s) diverged: ${diverged[0]}` } : {}),
  });
  results.curves.push({
    name: paperRow.row,
    x: best.curve.map((_, i) => i + 1),
    y: best.curve.map((e) => 100 * e),
  });
  const filters = await final.filters();
  if (filters) results.figure7.push({ id: paperRow.id, row: paperRow.row, ...filters });
  if (paperRow.id === "csae-sigmoid" && filters && best.pretrainedFilters) {
    results.figure5 = {
      pretrained: { id: paperRow.id, row: paperRow.row, ...best.pretrainedFilters },
      fineTuned: { id: paperRow.id, row: paperRow.row, ...filters },
    };
  }
  if (final !== best) final.dispose();
  best.dispose();
}

/**
 * The run's result, or null when it diverged: its message is kept in `diverged` and reported
 * as a progress line, and the setting is dropped.
 */
export async function divergenceAsNull<T>(
  run: () => Promise<T>,
  diverged: string[],
  ctx: EnergyTrainContext,
): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if ((e as Error).name !== "DivergenceError") throw e;
    const message = (e as Error).message.split(". ")[0];
    diverged.push(message);
    await ctx.progress?.end?.(`${message}; this setting is dropped`);
    return null;
  }
}
