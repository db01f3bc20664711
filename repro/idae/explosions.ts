/**
 * What the explosions of the Bahdanau & Jaeger grid's trained models are (Sec. 6.1): for each
 * finished model, its test rows are iterated to fixed points as the evaluation does (Sec.
 * 5.4), and the explosions among them are split into blank and gray ones, converged or not,
 * by the class of the digit they started from, and by the distinct image they reached.
 * Shared by `scripts/idae_explosions.ts`; it trains nothing, and keeps each model's profile
 * beside its cached evaluation, so that a later run profiles only the models finished since.
 *
 * @module
 */
import type { DatasetSplits } from "../../lib/data/splits.ts";
import {
  describeExplosionTest,
  explosionProfile,
  iterateToFixedPoints,
} from "../../lib/eval/fixed_points.ts";
import { readJsonIfExists, writeJsonAtomic } from "../../lib/io/atomic.ts";
import { idaeCheckpointPath, idaeEpochsDone, idaeEvaluationPath } from "./checkpoints.ts";
import {
  type IdaeConfig,
  type IdaeModelSpec,
  idaeModelSpecs,
  idaeOnlySpecs,
  idaeSpecKey,
} from "./config.ts";
import { type IdaeEvaluation, idaeEvaluationSets } from "./evaluate.ts";
import { trainIdae } from "./train.ts";
import { grayColour, type Tile, tilePng } from "./tiles.ts";
import { idaePaperNumbers } from "./paper.ts";
import type { IdaeRow } from "./tables.ts";
import type { ArrayData } from "../../lib/data/rows.ts";

/** Options for {@link idaeExplosions}. */
export interface IdaeExplosionOptions {
  /** The dataset's name (in checkpoint names). */
  dataset: string;
  /** The grid's checkpoint folder (`repro:idae --checkpoints`); the profiles are kept there. */
  checkpointDir: string;
  /** The preset's name, recorded in each row. */
  preset: string;
  /** The backend's name, recorded in each row. */
  backend: string;
  /** The grid's base seed. Default 1. */
  seed?: number;
  /** Only the models whose names begin so (as `repro:idae --only`). Default all. */
  only?: readonly string[];
  /** Profile every model again, ignoring the kept profiles (never the checkpoints). */
  fresh?: boolean;
  /** How many attractors per model the figure shows. Default 4. */
  figureAttractors?: number;
  /** Called with a line per model. */
  log?: (line: string) => void;
}

/** What {@link idaeExplosions} returns. */
export interface IdaeExplosions {
  /** One row per model of the grid (those not finished carry a note). */
  rows: IdaeRow[];
  /** One row of tiles per finished model: its most visited explosion images. */
  figure: Uint8Array;
  /** The figure's caption. */
  caption: string;
  /** The table's notes. */
  notes: string;
}

/** Iterate one finished model's test rows and profile their explosions (the table's columns). */
async function profileModel(
  splits: Pick<DatasetSplits, "train">,
  config: IdaeConfig,
  spec: IdaeModelSpec,
  checkpoint: string,
  test: ArrayData,
  perRow: number,
): Promise<{ row: IdaeRow; images: number[][] }> {
  const start = performance.now();
  const { model } = await trainIdae(splits.train, spec, config, { checkpoint });
  let fp;
  try {
    fp = await iterateToFixedPoints((x) => model.reconstruct(x), test, config.iteration);
  } finally {
    model.dispose();
  }
  const p = explosionProfile(fp.points, { converged: fp.converged });
  const main = p.attractors[0];
  const row: IdaeRow = {
    ours: p.count,
    ex_test_evaluated: null,
    gray: p.count - p.blank,
    blank: p.blank,
    converged: p.converged,
    attractors: p.attractors.length,
    main_rows: main?.rows.length ?? 0,
    main_converged: main?.converged ?? null,
    main_max: main?.max ?? null,
    main_mean: main?.mean ?? null,
  };
  p.byLabel?.forEach((c, label) => (row[`ex_${label}`] = c));
  Object.assign(row, {
    test_rows: test.n,
    iterations: fp.iterations,
    rule_held: fp.stoppedByRule,
    explosion_test: describeExplosionTest(),
    seconds: (performance.now() - start) / 1000,
  });
  return { row, images: p.attractors.slice(0, perRow).map((a) => [...a.point]) };
}

/** The explosions table's notes: how the fixed points were found and what each column is. */
function explosionNotes(config: IdaeConfig, testRows: number): string {
  return `Each finished model's first ${testRows} test rows iterated to fixed points as its ` +
    `evaluation does (Sec. 5.4: tolerance ${config.iteration.tolerance}, more than ` +
    `${100 * config.iteration.convergedFraction}% of the rows, at most ` +
    `${config.iteration.maxIterations} iterations). ours: the explosions among them (raw ` +
    `count) by the explosion_test (isExplosion's defaults); paper: the paper's EX_test (mean ` +
    `of 5 seeds, of 10,000 test digits) for the model's Table 1b row where legible, else its ` +
    `Table 1a cell; ex_test_evaluated is the count of the grid's ` +
    `cached evaluation of the same model (the same iteration, so the same number). gray and ` +
    `blank split them by the mean pixel (at least or below 0.01, the paper's black); ` +
    `converged: those whose last step was below the tolerance. An attractor is a distinct ` +
    `explosion image: explosions within 0.01 (Euclidean) of each other are one; main_* ` +
    `describe the most visited (rows reaching it, of them converged, its brightest and mean ` +
    `pixel). ex_<c>: explosions among the test digits of class c. Sec. 6.1: "for a single ` +
    `DAE all the fully converged explosions were exactly the same and had no pixels of ` +
    `high intensity" (maximum 0.149 in its Figure 4).`;
}

/**
 * Profile the explosions of every finished model of an idae grid (`repro:idae` with the same
 * config and seed), on the test rows its evaluation transforms.
 *
 * @param splits the dataset's splits (`idaeSplits`)
 * @param config the grid's settings
 * @param options where the checkpoints are, which models, names for the rows
 * @returns the table rows, a figure of the explosion images, caption and notes
 *
 * @example
 * ```ts
 * import { idaeExplosions } from "./explosions.ts";
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 *
 * const c = IDAE_PRESETS.smoke;
 * const r = await idaeExplosions(await idaeSplits("mnist", c), c, {
 *   dataset: "mnist", checkpointDir: await Deno.makeTempDir(), preset: "smoke", backend: "wasm",
 * });
 * console.log(r.rows[0].note); // not finished: 0 of 1 epochs trained
 * ```
 */
export async function idaeExplosions(
  splits: Pick<DatasetSplits, "train" | "validation" | "test">,
  config: IdaeConfig,
  options: IdaeExplosionOptions,
): Promise<IdaeExplosions> {
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const perRow = options.figureAttractors ?? 4;
  const specs = idaeOnlySpecs(idaeModelSpecs(config, seed), options.only);
  const test = idaeEvaluationSets(splits, config).test;
  const rows: IdaeRow[] = [];
  const tiles: Tile[][] = [];
  const shown: string[] = [];
  for (const spec of specs) {
    const name = idaeSpecKey(spec);
    const base: IdaeRow = {
      row: `k = ${spec.k}, σ = ${spec.sigma}, N = ${spec.epochs}, α = ${spec.annealingRate}` +
        (seed === spec.seed && config.seeds === 1 ? "" : `, seed ${spec.seed}`),
      paper: options.dataset === "mnist" ? idaePaperNumbers(spec)?.exTest ?? null : null,
      ours: null,
    };
    const checkpoint = idaeCheckpointPath(options.checkpointDir, spec, config, options.dataset);
    const done = await idaeEpochsDone(checkpoint);
    if (done < spec.epochs) {
      const note = `not finished: ${done} of ${spec.epochs} epochs trained`;
      log(`${name}: ${note}`);
      rows.push({ ...base, model: name, note });
      continue;
    }
    // a model's profile is kept beside its cached evaluation (the same settings decide both),
    // so that a later run profiles only the models finished since
    const evaluationPath = idaeEvaluationPath(
      options.checkpointDir,
      spec,
      config,
      options.dataset,
    );
    const cachePath = evaluationPath.replace(/\.eval\.json$/, ".explosions.json");
    let cached = options.fresh
      ? undefined
      : await readJsonIfExists<{ row: IdaeRow; images: number[][] }>(cachePath);
    if (cached) log(`${name}: read from ${cachePath}`);
    else {
      cached = await profileModel(splits, config, spec, checkpoint, test, perRow);
      await writeJsonAtomic(cachePath, cached);
      const r = cached.row;
      log(
        `${name}: ${r.ours} explosions (${r.blank} blank, ${r.converged} converged) in ` +
          `${r.attractors} attractor(s); the main one: ${r.main_rows} rows, max pixel ` +
          `${typeof r.main_max === "number" ? r.main_max.toFixed(3) : "-"}`,
      );
    }
    rows.push({
      ...base,
      ...cached.row,
      ex_test_evaluated: (await readJsonIfExists<IdaeEvaluation>(evaluationPath))?.exTest ?? null,
      preset: options.preset,
      backend: options.backend,
      model: name,
    });
    tiles.push(cached.images.map((values) => ({ values, colour: grayColour(0, 0.5) })));
    shown.push(name);
  }
  return {
    rows,
    figure: tilePng(tiles),
    caption: `Explosion images: one row per finished model (${shown.join("; ") || "none"}), ` +
      `its ${perRow} most visited attractors from the left, gray scale stretched so that 0 is ` +
      `black and 0.5 (the explosion test's bound on the brightest pixel) white`,
    notes: explosionNotes(config, test.n),
  };
}
