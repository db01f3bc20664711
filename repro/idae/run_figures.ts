/**
 * Figures 3-7 of Bahdanau & Jaeger (2014) from a finished grid: the k = 1 models iterated on
 * the first test rows (Figures 3 and 4), every model's accuracy and explosions against its
 * test MSE (Figure 5), and the best model's fixed points and trajectories (Figures 6 and 7).
 *
 * @module
 */
import { type ArrayData, firstRows, pickRows } from "../../lib/data/rows.ts";
import { iterateToFixedPoints } from "../../lib/eval/fixed_points.ts";
import type { WalkbackDae } from "../../lib/models/walkback.ts";
import { type IdaeConfig, idaeSpecKey } from "./config.ts";
import type { IdaeEvaluationSets } from "./evaluate.ts";
import {
  figure3Png,
  figure4Png,
  figure5Svgs,
  figure6Png,
  figure7Svgs,
  rowDistance,
  selectFigure4Samples,
  selectFigure6Samples,
} from "./figures.ts";
import type { IdaeModelResult } from "./tables.ts";

/** One figure, ready to write or display. */
export interface IdaeFigure {
  /** File stem, e.g. "figure3". */
  name: string;
  /** "png" (bytes) or "svg" (text). */
  type: "png" | "svg";
  /** The file's content. */
  content: Uint8Array | string;
  /** What it shows, for captions and notes. */
  caption: string;
}

/** The models a grid kept for its figures. */
export interface IdaeKeptModels {
  /** The k = 1 models of the first seed, one per corruption level (Figures 3 and 4). */
  figureModels: { sigma: number; model: WalkbackDae }[];
  /** The model of the highest acc_test, with its test fixed points when just computed. */
  best: { result: IdaeModelResult; model: WalkbackDae; testPoints: ArrayData | null } | null;
}

type Settings = Pick<IdaeConfig, "figures" | "iteration">;

/** Figures 3 and 4: one digit through each k = 1 model, and trajectories of five rows. */
async function figures34(
  models: readonly { sigma: number; model: WalkbackDae }[],
  sets: IdaeEvaluationSets,
  config: Settings,
  seed: number,
  notes: string[],
): Promise<IdaeFigure[]> {
  const candidates = firstRows(sets.test, config.figures.candidates);
  let eight = candidates.y ? [...candidates.y].indexOf(8) : -1;
  if (eight < 0) eight = 0;
  const sigmas = models.map((f) => f.sigma).join(", ");
  const fig3: IdaeFigure = {
    name: "figure3",
    type: "png",
    content: await figure3Png(
      models,
      candidates.x.slice(eight * candidates.features, (eight + 1) * candidates.features),
      seed,
    ),
    caption: `Figure 3: test row ${eight} (label ${candidates.y?.[eight]}) through the k = 1 ` +
      `DAEs (rows: σ = ${sigmas}); columns: corrupted (clipped to [-1, 1]), original, ` +
      `reconstructed, pushed through without noise; then the last three in a colour scheme ` +
      `sensitive below 0.05 (black to blue) and above 0.95 (yellow to red)`,
  };
  const snapshots = config.figures.snapshots;
  const runs = [];
  for (const { model } of models) {
    runs.push(
      await iterateToFixedPoints((x) => model.reconstruct(x), candidates, {
        tolerance: config.iteration.tolerance,
        convergedFraction: 1, // run every trajectory to the last snapshot
        maxIterations: snapshots[snapshots.length - 1],
        snapshots,
      }),
    );
  }
  const distances = runs.map((r) =>
    Float64Array.from({ length: candidates.n }, (_, j) => rowDistance(candidates, r.points, j))
  );
  const chosen = selectFigure4Samples(candidates.y ?? new Uint8Array(candidates.n), distances, {
    first: eight,
    count: 5,
    minDistance: config.figures.minDistance,
    seed,
  });
  if (chosen.relaxed) {
    notes.push(
      `Figure 4: fewer than 5 of the first ${candidates.n} test rows lie at least ` +
        `${config.figures.minDistance} from their fixed point under every model with ` +
        `distinct classes; the rest are the farthest rows`,
    );
  }
  const fig4: IdaeFigure = {
    name: "figure4",
    type: "png",
    content: figure4Png(runs.map((r) => r.snapshots.map((s) => s.points)), chosen.rows),
    caption: `Figure 4: test rows ${chosen.rows.join(", ")} at iterations ` +
      `${snapshots.join(", ")}; three samples per row, rows cycling through σ = ${sigmas} (k = 1)`,
  };
  return [fig3, fig4];
}

/** Figure 5: acc_test and EX_test against MSE_test, one point per model. */
function figure5(results: readonly IdaeModelResult[]): IdaeFigure[] {
  const fig5 = figure5Svgs(results);
  return [
    {
      name: "figure5-accuracy",
      type: "svg",
      content: fig5.accuracy,
      caption: "Figure 5 (top): acc_test against MSE_test, one point per model",
    },
    {
      name: "figure5-explosions",
      type: "svg",
      content: fig5.explosions,
      caption: "Figure 5 (bottom): EX_test against MSE_test, one point per model",
    },
  ];
}

/** Figures 6 and 7: the best model's good and misclassified fixed points, and their paths. */
async function figures67(
  best: NonNullable<IdaeKeptModels["best"]>,
  sets: IdaeEvaluationSets,
  config: Settings,
  seed: number,
): Promise<IdaeFigure[]> {
  const reconstruct = (x: Parameters<WalkbackDae["reconstruct"]>[0]) => best.model.reconstruct(x);
  const testPoints = best.testPoints ??
    (await iterateToFixedPoints(reconstruct, sets.test, config.iteration)).points;
  const ev = best.result.evaluation!;
  const pick = selectFigure6Samples(sets.test, testPoints, ev.testPredictions, {
    count: config.figures.samples,
    minDistance: config.figures.minDistance,
    seed,
  });
  const name = idaeSpecKey(best.result.spec);
  const figures: IdaeFigure[] = [{
    name: "figure6",
    type: "png",
    content: figure6Png(sets.test, testPoints, pick.good, pick.bad),
    caption: `Figure 6: the best model (${name}, acc_test ${ev.accTest.toFixed(4)}): ` +
      `${pick.good.length} correctly classified test rows at least ` +
      `${config.figures.minDistance} from their fixed points (row 1) over their fixed points ` +
      `(row 2); ${pick.bad.length} misclassified rows (row 3) over theirs (row 4)`,
  }];
  const tracked = [...pick.good, ...pick.bad];
  if (!tracked.length) return figures;
  const trajectories = await iterateToFixedPoints(reconstruct, pickRows(sets.test, tracked), {
    tolerance: config.iteration.tolerance,
    convergedFraction: 1,
    maxIterations: config.figures.trajectory,
    track: tracked.map((_, j) => j),
  });
  const steps = [20, 100].filter((s) => s <= config.figures.trajectory);
  const charts = figure7Svgs(
    trajectories.tracks,
    pick.good.length,
    steps.length ? steps : [config.figures.trajectory],
  );
  for (const chart of charts) {
    figures.push({
      name: chart.name,
      type: "svg",
      content: chart.svg,
      caption: `Figure 7: the samples of Figure 6 under ${name}`,
    });
  }
  return figures;
}

/**
 * Figures 3-7 from the models a grid kept and every model's outcome.
 *
 * @param kept the k = 1 models of the first seed and the best model
 * @param results every model's outcome (Figure 5)
 * @param sets the rows transformed for the probe
 * @param config the figure and iteration settings
 * @param seed the seed of the sample choices and the corruption of Figure 3
 * @returns the figures, and remarks on how their samples were found
 *
 * @example
 * ```ts
 * import { idaeFigures } from "./run_figures.ts";
 * import { IDAE_PRESETS } from "./config.ts";
 * const empty = { x: new Float32Array(0), n: 0, features: 784 };
 * const sets = { train: empty, validation: empty, test: empty };
 * const r = await idaeFigures({ figureModels: [], best: null }, [], sets, IDAE_PRESETS.smoke, 1);
 * console.log(r.figures.map((f) => f.name), r.notes.length); // [ "figure5-accuracy", "figure5-explosions" ] 1
 * ```
 */
export async function idaeFigures(
  kept: IdaeKeptModels,
  results: readonly IdaeModelResult[],
  sets: IdaeEvaluationSets,
  config: Settings,
  seed: number,
): Promise<{ figures: IdaeFigure[]; notes: string[] }> {
  const figures: IdaeFigure[] = [];
  const notes: string[] = [];
  kept.figureModels.sort((a, b) => a.sigma - b.sigma);
  if (kept.figureModels.length) {
    figures.push(...await figures34(kept.figureModels, sets, config, seed, notes));
  } else {
    notes.push("Figures 3 and 4 need k = 1 in table1a.ks; this config has none");
  }
  figures.push(...figure5(results));
  if (kept.best) figures.push(...await figures67(kept.best, sets, config, seed));
  return { figures, notes };
}
