/**
 * Table 1a, Table 1b and the pixel fractions of Sec. 6.1 assembled from per-model results,
 * with the mean and spread over seeds, and one row per trained model. Pure functions of their
 * inputs, so they are tested on known numbers.
 *
 * @module
 */
import { type IdaeGrid, type IdaeModelSpec, idaeSpecKey } from "./config.ts";
import type { IdaeEvaluation } from "./evaluate.ts";
import {
  IDAE_PAPER_PIXELS,
  IDAE_PAPER_RAW_PIXELS,
  IDAE_PAPER_TABLE1A,
  IDAE_PAPER_TABLE1B,
  PAPER_ROWS,
} from "./paper.ts";

/** The mean and spread of a measurement over seeds. */
export interface MeanSpread {
  /** Arithmetic mean (NaN for no values). */
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); null for fewer than two values. */
  sd: number | null;
  /** How many values. */
  n: number;
}

/**
 * Mean and sample standard deviation of the values.
 *
 * @example
 * ```ts
 * import { meanAndSpread } from "./tables.ts";
 *
 * console.log(meanAndSpread([1, 2, 3])); // { mean: 2, sd: 1, n: 3 }
 * console.log(meanAndSpread([4])); // { mean: 4, sd: null, n: 1 }
 * ```
 */
export function meanAndSpread(values: readonly number[]): MeanSpread {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: null, n };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)), n };
}

/** One trained model's outcome, as the tables and figures read it. */
export interface IdaeModelResult {
  /** What was trained. */
  spec: IdaeModelSpec;
  /** Training seconds (over all sessions of a resumed run). */
  trainSeconds: number;
  /** Training loss (Eq. 8) of the last epoch. */
  finalLoss: number;
  /** The evaluation; null when the model could not be evaluated (see `note`). */
  evaluation: IdaeEvaluation | null;
  /** Why there is no evaluation (e.g. the training diverged). */
  note?: string;
}

/** What every row carries besides the numbers. */
export interface IdaeRowContext {
  /** Whether the paper's numbers apply (MNIST only). */
  paper: boolean;
  /** Preset name. */
  preset: string;
  /** Backend name. */
  backend: string;
}

/** A results row: `row`, `paper`, `ours` and further columns. */
export type IdaeRow = Record<string, unknown>;

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** A count among `rows` rows scaled to the paper's `paperRows`. */
function scaled(count: number, rows: number, paperRows: number): number {
  return (count * paperRows) / rows;
}

function statsOf(results: readonly IdaeModelResult[], pick: (e: IdaeEvaluation) => number) {
  return meanAndSpread(results.filter((r) => r.evaluation).map((r) => pick(r.evaluation!)));
}

function value(m: MeanSpread): number | null {
  return m.n > 0 ? m.mean : null;
}

/** The results of (k, sigma) in the paper's row (N, annealing rate), trained for `epochs` when given. */
function matching(
  results: readonly IdaeModelResult[],
  k: number,
  sigma: number,
  paperEpochs: number,
  annealingRate: number,
  epochs?: number,
): IdaeModelResult[] {
  return results.filter((r) =>
    r.spec.k === k && same(r.spec.sigma, sigma) && r.spec.paperEpochs === paperEpochs &&
    same(r.spec.annealingRate, annealingRate) && (epochs === undefined || r.spec.epochs === epochs)
  );
}

/** The columns every table shares: ours for the measures of Sec. 5.5, means over seeds. */
function measures(group: readonly IdaeModelResult[]) {
  const ev = group.filter((r) => r.evaluation);
  const accTest = statsOf(group, (e) => e.accTest);
  const exTest = statsOf(group, (e) => scaled(e.exTest, e.testRows, PAPER_ROWS.test));
  return {
    accTest,
    exTest,
    accTrain: value(statsOf(group, (e) => e.accTrain)),
    mseWbTrain: value(statsOf(group, (e) => e.mseWbTrain)),
    mseWbTest: value(statsOf(group, (e) => e.mseWbTest)),
    exTrain: value(statsOf(group, (e) => scaled(e.exTrain, e.trainRows, PAPER_ROWS.train))),
    iterations: value(statsOf(group, (e) => e.iterationsTest)),
    converged: value(statsOf(group, (e) => e.convergedTest)),
    seeds: ev.map((r) => r.spec.seed).join(" "),
    epochs: group[0]?.spec.epochs ?? null,
    seconds: group.length
      ? group.reduce((a, r) => a + r.trainSeconds + (r.evaluation?.seconds ?? 0), 0)
      : null,
    note: group.filter((r) => r.note).map((r) => `seed ${r.spec.seed}: ${r.note}`).join("; ") ||
      null,
  };
}

/**
 * Table 1a: test accuracy and test explosions for every k and sigma of the grid, mean and
 * sample standard deviation over seeds, beside the paper's. `ex_test` is scaled to the
 * paper's 10,000 test digits and `ex_train` to its 50,000 training digits when fewer rows
 * were transformed.
 *
 * @param results every model's outcome (others than the grid's are ignored)
 * @param grid the Table 1a grid of the config
 * @param context paper flag, preset, backend
 * @returns one row per k, sigma and run
 *
 * @example
 * ```ts
 * import { idaeTable1a } from "./tables.ts";
 *
 * const spec = { k: 1, sigma: 0.3, epochs: 5, annealingRate: 0.99, paperEpochs: 250, seed: 1 };
 * const ev = { accTest: 0.8, exTest: 10, testRows: 1000 } as never;
 * const rows = idaeTable1a(
 *   [{ spec, trainSeconds: 1, finalLoss: 20, evaluation: ev }],
 *   { ks: [1], sigmas: [0.3], runs: [{ epochs: 5, annealingRate: 0.99, paperEpochs: 250 }] },
 *   { paper: true, preset: "quick", backend: "wasm" },
 * );
 * console.log(rows[0].row, rows[0].paper, rows[0].ours, rows[0].ex_test); // k = 1, σ = 0.3 0.823 0.8 100
 * ```
 */
export function idaeTable1a(
  results: readonly IdaeModelResult[],
  grid: IdaeGrid,
  context: IdaeRowContext,
): IdaeRow[] {
  const rows: IdaeRow[] = [];
  for (const k of grid.ks) {
    for (const sigma of grid.sigmas) {
      for (const run of grid.runs) {
        const n = run.paperEpochs ?? run.epochs;
        const group = matching(results, k, sigma, n, run.annealingRate, run.epochs);
        const m = measures(group);
        const paper = context.paper
          ? IDAE_PAPER_TABLE1A.find((r) => r.k === k && same(r.sigma, sigma)) ?? null
          : null;
        rows.push({
          row: `k = ${k}, σ = ${sigma}` +
            (grid.runs.length > 1 ? `, N = ${n}, α = ${run.annealingRate}` : ""),
          paper: paper?.accTest ?? null,
          ours: value(m.accTest),
          ours_sd: m.accTest.sd,
          paper_ex_test: paper?.exTest ?? null,
          ex_test: value(m.exTest),
          ex_test_sd: m.exTest.sd,
          acc_train: m.accTrain,
          mse_wb_train: m.mseWbTrain,
          mse_wb_test: m.mseWbTest,
          ex_train: m.exTrain,
          iterations: m.iterations,
          converged: m.converged,
          seeds: m.seeds || null,
          epochs: m.epochs ?? run.epochs,
          annealing_rate: run.annealingRate,
          preset: context.preset,
          backend: context.backend,
          seconds: m.seconds,
          note: group.length ? m.note : "not run in this preset",
        });
      }
    }
  }
  return rows;
}

/**
 * Table 1b: every measure of Sec. 5.5 for k in the grid at each (N, α), beside the paper's
 * legible cells, then logistic regression on raw pixels. The paper's rows not run by the
 * preset are listed with `ours` empty (MNIST only).
 *
 * @param results every model's outcome
 * @param grid the Table 1b grid of the config
 * @param raw the raw-pixel probe's accuracies, or null when not run
 * @param context paper flag, preset, backend
 * @returns the rows
 *
 * @example
 * ```ts
 * import { idaeTable1b } from "./tables.ts";
 *
 * const rows = idaeTable1b(
 *   [],
 *   { ks: [4, 5], sigmas: [0.7], runs: [{ epochs: 5, annealingRate: 0.999, paperEpochs: 250 }] },
 *   { accTrain: 0.93, accTest: 0.91 },
 *   { paper: true, preset: "quick", backend: "wasm" },
 * );
 * console.log(rows.length, rows.at(-1)?.paper, rows.at(-1)?.ours); // 9 0.922 0.91
 * ```
 */
export function idaeTable1b(
  results: readonly IdaeModelResult[],
  grid: IdaeGrid,
  raw: { accTrain: number; accTest: number; seconds?: number } | null,
  context: IdaeRowContext,
): IdaeRow[] {
  const rows: IdaeRow[] = [];
  for (const k of grid.ks) {
    for (const sigma of grid.sigmas) {
      const pairs: { epochs: number; annealingRate: number; ours?: number }[] = [];
      const add = (epochs: number, annealingRate: number, ours?: number) => {
        const found = pairs.find((p) =>
          p.epochs === epochs && same(p.annealingRate, annealingRate)
        );
        if (found) found.ours ??= ours;
        else pairs.push({ epochs, annealingRate, ours });
      };
      if (context.paper && same(sigma, 0.7)) {
        for (const p of IDAE_PAPER_TABLE1B) if (p.k === k) add(p.epochs, p.annealingRate);
      }
      for (const run of grid.runs) {
        add(run.paperEpochs ?? run.epochs, run.annealingRate, run.epochs);
      }
      pairs.sort((a, b) => a.epochs - b.epochs || a.annealingRate - b.annealingRate);
      for (const { epochs, annealingRate, ours } of pairs) {
        const group = matching(results, k, sigma, epochs, annealingRate, ours);
        const m = measures(group);
        const p = context.paper && same(sigma, 0.7)
          ? IDAE_PAPER_TABLE1B.find((r) =>
            r.k === k && r.epochs === epochs && same(r.annealingRate, annealingRate)
          )
          : undefined;
        rows.push({
          row: `k = ${k}, σ = ${sigma}, N = ${epochs}, α = ${annealingRate}`,
          paper: p?.accTest ?? null,
          ours: value(m.accTest),
          ours_sd: m.accTest.sd,
          paper_acc_train: p?.accTrain ?? null,
          acc_train: m.accTrain,
          paper_mse_wb_train: p?.mseWbTrain ?? null,
          mse_wb_train: m.mseWbTrain,
          paper_mse_wb_test: p?.mseWbTest ?? null,
          mse_wb_test: m.mseWbTest,
          paper_ex_train: p?.exTrain ?? null,
          ex_train: m.exTrain,
          paper_ex_test: p?.exTest ?? null,
          ex_test: value(m.exTest),
          ex_test_sd: m.exTest.sd,
          iterations: m.iterations,
          seeds: m.seeds || null,
          epochs: group.length ? m.epochs : ours ?? null,
          annealing_rate: annealingRate,
          preset: context.preset,
          backend: context.backend,
          seconds: m.seconds,
          note: group.length ? m.note : "not run in this preset",
        });
      }
    }
  }
  rows.push({
    row: "Logistic regression on raw pixels",
    paper: context.paper ? IDAE_PAPER_RAW_PIXELS : null,
    ours: raw?.accTest ?? null,
    ours_sd: null,
    acc_train: raw?.accTrain ?? null,
    epochs: 0,
    preset: context.preset,
    backend: context.backend,
    seconds: raw?.seconds ?? null,
    note: context.paper ? "paper: 0.932 minus the stated 1% gain (Sec. 6.2)" : null,
  });
  return rows;
}

/**
 * The fractions of black (< 0.01) and white (> 0.95) pixels (Sec. 6.1), in percent: the
 * original test rows, the fixed points of the k = 1 models at each sigma (mean over seeds),
 * and those of the best model.
 *
 * @param results every model's outcome
 * @param originals the fractions of the untransformed test rows (0 to 1)
 * @param best the model whose fixed points Figures 6 and 7 show, or null
 * @param context paper flag, preset, backend
 * @returns two rows (black, white) per set
 *
 * @example
 * ```ts
 * import { idaePixelTable } from "./tables.ts";
 *
 * const rows = idaePixelTable([], { black: 0.8, white: 0.08 }, null, {
 *   paper: true, preset: "smoke", backend: "cpu",
 * });
 * console.log(rows.map((r) => [r.paper, r.ours])); // [[80.7, 80], [8.1, 8]]
 * ```
 */
export function idaePixelTable(
  results: readonly IdaeModelResult[],
  originals: { black: number; white: number },
  best: IdaeModelResult | null,
  context: IdaeRowContext,
): IdaeRow[] {
  const base = { preset: context.preset, backend: context.backend };
  const rows: IdaeRow[] = [];
  const pct = (v: number) => 100 * v;
  for (const kind of ["black", "white"] as const) {
    rows.push({
      row: `Originals (test): ${kind === "black" ? "black (< 0.01)" : "white (> 0.95)"} %`,
      paper: context.paper ? IDAE_PAPER_PIXELS.originals[kind] : null,
      ours: pct(originals[kind]),
      ours_sd: null,
      seeds: null,
      ...base,
    });
  }
  const sigmas = [...new Set(results.filter((r) => r.spec.k === 1).map((r) => r.spec.sigma))]
    .sort((a, b) => a - b);
  for (const sigma of sigmas) {
    const group = results.filter((r) => r.spec.k === 1 && same(r.spec.sigma, sigma));
    const paper = context.paper
      ? IDAE_PAPER_PIXELS.fixedPoints.find((p) => same(p.sigma, sigma))
      : undefined;
    for (const kind of ["black", "white"] as const) {
      const m = statsOf(group, (e) => pct(e.pixels[kind]));
      rows.push({
        row: `Fixed points, k = 1, σ = ${sigma}: ${kind} %`,
        paper: paper?.[kind] ?? null,
        ours: value(m),
        ours_sd: m.sd,
        seeds: group.filter((r) => r.evaluation).map((r) => r.spec.seed).join(" ") || null,
        ...base,
      });
    }
  }
  if (best?.evaluation) {
    const s = best.spec;
    for (const kind of ["black", "white"] as const) {
      rows.push({
        row: `Fixed points of the best model (k = ${s.k}, σ = ${s.sigma}, seed ${s.seed}): ` +
          `${kind} %`,
        paper: null,
        ours: pct(best.evaluation.pixels[kind]),
        ours_sd: null,
        seeds: `${s.seed}`,
        ...base,
      });
    }
  }
  return rows;
}

/**
 * The model with the highest test accuracy (Sec. 6.3's "winner"), or null.
 *
 * @example
 * ```ts
 * import { bestModel } from "./tables.ts";
 *
 * const r = (accTest: number, seed: number) => ({
 *   spec: { k: 5, sigma: 0.7, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed },
 *   trainSeconds: 0, finalLoss: 0, evaluation: { accTest } as never,
 * });
 * console.log(bestModel([r(0.9, 1), r(0.93, 2), r(0.92, 3)])?.spec.seed); // 2
 * ```
 */
export function bestModel(results: readonly IdaeModelResult[]): IdaeModelResult | null {
  let best: IdaeModelResult | null = null;
  for (const r of results) {
    if (r.evaluation && (!best || r.evaluation.accTest > best.evaluation!.accTest)) best = r;
  }
  return best;
}

/**
 * One row per trained model: every measure, unscaled counts, the settings (the points of
 * Figure 5, and what `repro:idae-seeds` reads back).
 *
 * @example
 * ```ts
 * import { idaeModelRows } from "./tables.ts";
 * const spec = { k: 2, sigma: 0.5, epochs: 1, annealingRate: 0.99, paperEpochs: 1, seed: 1 };
 * const rows = idaeModelRows([{ spec, trainSeconds: 1, finalLoss: 3, evaluation: null }], {
 *   preset: "smoke", backend: "cpu",
 * });
 * console.log(rows[0].row, rows[0].ours); // k2-sigma0.5-N1-a0.99-seed1 null
 * ```
 */
export function idaeModelRows(
  results: readonly IdaeModelResult[],
  context: { preset: string; backend: string },
): IdaeRow[] {
  return results.map((r) => {
    const e = r.evaluation;
    return {
      row: idaeSpecKey(r.spec),
      paper: null,
      ours: e?.accTest ?? null,
      k: r.spec.k,
      sigma: r.spec.sigma,
      epochs: r.spec.epochs,
      annealing_rate: r.spec.annealingRate,
      seed: r.spec.seed,
      acc_train: e?.accTrain ?? null,
      acc_validation: e?.accValidation ?? null,
      mse_test: e?.mseTest ?? null,
      mse_wb_train: e?.mseWbTrain ?? null,
      mse_wb_test: e?.mseWbTest ?? null,
      ex_train_count: e?.exTrain ?? null,
      train_rows: e?.trainRows ?? null,
      ex_test_count: e?.exTest ?? null,
      test_rows: e?.testRows ?? null,
      iterations_train: e?.iterationsTrain ?? null,
      iterations_test: e?.iterationsTest ?? null,
      rule_held_test: e ? e.stoppedByRuleTest : null,
      converged_test: e?.convergedTest ?? null,
      final_loss: Number.isFinite(r.finalLoss) ? r.finalLoss : null,
      train_seconds: r.trainSeconds,
      eval_seconds: e?.seconds ?? null,
      preset: context.preset,
      backend: context.backend,
      note: r.note ?? null,
    };
  });
}
