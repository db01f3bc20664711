/**
 * Bahdanau & Jaeger's Table 1 over every seed run so far: the paper reports each cell as a
 * mean over 5 seeds (Sec. 5.3), and one seed of a cell costs about an hour of a CPU core at
 * N = 250, so the seeds of a cell come from more than one run. This module gathers them from
 * the results files: the grid's `models.csv` (`repro:idae`, one row per model and seed) and
 * the `repro:idae-trend` runs of the same preset, chain and explosion test, whose evaluation
 * after the cell's N epochs is the finished model of that seed. It trains and evaluates
 * nothing; each number it shows is one a run wrote, with the file it came from.
 *
 * @module
 */
import { describeExplosionTest } from "../../lib/eval/fixed_points.ts";
import { fileExists } from "../../lib/io/atomic.ts";
import { readResultsCsv, type ResultsRow } from "../../lib/io/table.ts";
import type { WalkbackNoise } from "../../lib/models/walkback.ts";
import { type IdaeConfig, type IdaeModelSpec, idaeModelSpecs } from "./config.ts";
import { idaePaperNumbers, PAPER_ROWS } from "./paper.ts";
import { type IdaeRow, meanAndSpread } from "./tables.ts";

/** One seed of one model, as a results file reports it. */
export interface IdaeSeedRecord {
  /** The model: k, sigma, epochs trained, annealing rate, seed. */
  spec: Pick<IdaeModelSpec, "k" | "sigma" | "epochs" | "annealingRate" | "seed">;
  /** acc_test (Sec. 5.5). */
  accTest: number;
  /** Explosions among the transformed test rows (raw count). */
  exTest: number;
  /** Transformed test rows. */
  testRows: number;
  /** MSE^WB_test (Eq. 8). */
  mseWbTest: number;
  /** The file the numbers were read from. */
  source: string;
}

/** Where {@link readIdaeSeedRecords} looks, and which runs it accepts. */
export interface IdaeSeedSources {
  /** The grid's results folder (`repro:idae --out`): its `models.csv` is read. */
  gridDir: string;
  /** Folders of `repro:idae-trend` results (`trend-*-metadata.json` beside their CSV). */
  trendDirs: string[];
  /** Only runs of this preset (the evaluation differs between presets). */
  preset: string;
  /** Only runs on this dataset. */
  dataset: string;
  /** Only runs whose walkback chain was corrupted so. */
  chainNoise: WalkbackNoise;
  /** Only trend runs of this minibatch size (the grid's; `repro:idae-trend --batch-size`). */
  batchSize: number;
}

/** What {@link readIdaeSeedRecords} found. */
export interface IdaeSeedRecords {
  /** Every accepted seed, the grid's first; one per model and seed. */
  records: IdaeSeedRecord[];
  /** Why a run was left out, one line each (another preset, annealing rate, chain, explosion test). */
  skipped: string[];
}

/** Digits to print of each numeric column of {@link idaeSeedTable}'s rows. */
export const IDAE_SEED_DIGITS: Readonly<Record<string, number>> = {
  paper: 3,
  ours: 3,
  ours_sd: 3,
  paper_ex_test: 1,
  ex_test: 0,
  ex_test_sd: 0,
  mse_wb_test: 2,
  mse_wb_test_sd: 2,
};

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

function sameSpec(a: IdaeSeedRecord["spec"], b: IdaeSeedRecord["spec"]): boolean {
  return a.k === b.k && same(a.sigma, b.sigma) && a.epochs === b.epochs &&
    same(a.annealingRate, b.annealingRate) && a.seed === b.seed;
}

function num(row: ResultsRow, column: string, file: string): number {
  const v = row[column];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(
      `${file}: column ${column} of row "${row.row}" is ${JSON.stringify(v)}, not a number; ` +
        `write the file again with the script that made it`,
    );
  }
  return v;
}

function need(rows: ResultsRow[], columns: string[], file: string): void {
  const missing = columns.filter((c) => rows.length && !(c in rows[0]));
  if (missing.length) {
    throw new Error(
      `${file} has no column ${missing.join(", ")}: it is not a results table of this ` +
        `package's version; write it again with the script that made it`,
    );
  }
}

/** The seeds of the grid's `models.csv`. */
async function gridRecords(
  sources: IdaeSeedSources,
  add: (r: IdaeSeedRecord) => void,
  skipped: string[],
): Promise<void> {
  const gridFile = `${sources.gridDir}/models.csv`;
  if (!(await fileExists(gridFile))) {
    throw new Error(
      `no ${gridFile}: name the grid's results folder (repro:idae --out DIR writes its ` +
        `models.csv there)`,
    );
  }
  const grid = await readResultsCsv(gridFile, { text: ["row", "preset", "note"] });
  // tables written before the column was renamed call the annealing rate "alpha"
  const rate = grid.length && !("annealing_rate" in grid[0]) ? "alpha" : "annealing_rate";
  need(
    grid,
    ["k", "sigma", "epochs", rate, "seed", "ours", "ex_test_count", "test_rows"],
    gridFile,
  );
  for (const row of grid) {
    if (row.ours === null) continue; // not finished
    if (row.preset !== sources.preset) {
      skipped.push(`${gridFile}: ${row.row} is of preset ${row.preset}, not ${sources.preset}`);
      continue;
    }
    add({
      spec: {
        k: num(row, "k", gridFile),
        sigma: num(row, "sigma", gridFile),
        epochs: num(row, "epochs", gridFile),
        annealingRate: num(row, rate, gridFile),
        seed: num(row, "seed", gridFile),
      },
      accTest: num(row, "ours", gridFile),
      exTest: num(row, "ex_test_count", gridFile),
      testRows: num(row, "test_rows", gridFile),
      mseWbTest: num(row, "mse_wb_test", gridFile),
      source: gridFile,
    });
  }
}

/** Why a trend run's metadata does not match the sources, or null when it does. */
function trendMismatch(
  meta: {
    preset?: string;
    dataset?: string;
    extra: { config?: { chainNoise?: string; batchSize?: number } };
  },
  spec: { k: number },
  sources: IdaeSeedSources,
): string | null {
  // runs from before the flag corrupted every step; one step (k = 1) is the same either way
  const chain = spec.k === 1 ? sources.chainNoise : meta.extra.config?.chainNoise ?? "every";
  return meta.preset !== sources.preset
    ? `preset ${meta.preset}`
    : meta.dataset !== sources.dataset
    ? `dataset ${meta.dataset}`
    : chain !== sources.chainNoise
    ? `chain noise ${chain}`
    : (meta.extra.config?.batchSize ?? sources.batchSize) !== sources.batchSize
    ? `batch size ${meta.extra.config?.batchSize}`
    : null;
}

/** The seeds of the trend runs in `sources.trendDirs`, each evaluated epoch one model. */
async function trendRecords(
  sources: IdaeSeedSources,
  add: (r: IdaeSeedRecord) => void,
  skipped: string[],
): Promise<void> {
  const test = describeExplosionTest();
  for (const dir of sources.trendDirs) {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name)
      .filter((n) => /^trend-.*-metadata\.json$/.test(n)).sort();
    for (const name of names) {
      const metaFile = `${dir}/${name}`;
      const meta = JSON.parse(await Deno.readTextFile(metaFile));
      const spec = meta?.extra?.spec;
      if (!spec || typeof spec.k !== "number") continue; // not an idae trend run
      const csv = metaFile.replace(/-metadata\.json$/, ".csv");
      const why = trendMismatch(meta, spec, sources);
      if (why) {
        skipped.push(`${csv}: ${why}`);
        continue;
      }
      const rows = await readResultsCsv(csv, { text: ["row", "explosion_test", "preset"] });
      need(rows, ["epochs", "ours", "ex_test", "test_rows", "mse_wb_test", "seed"], csv);
      for (const row of rows) {
        if (row.explosion_test !== test) {
          skipped.push(
            `${csv}: "${row.row}" counted explosions as ${row.explosion_test ?? "gray only"}, ` +
              `not ${test}`,
          );
          continue;
        }
        add({
          spec: {
            k: spec.k,
            sigma: spec.sigma,
            epochs: num(row, "epochs", csv),
            annealingRate: spec.annealingRate ?? spec.alpha, // "alpha" in older runs
            seed: num(row, "seed", csv),
          },
          accTest: num(row, "ours", csv),
          exTest: num(row, "ex_test", csv),
          testRows: num(row, "test_rows", csv),
          mseWbTest: num(row, "mse_wb_test", csv),
          source: csv,
        });
      }
    }
  }
}

/**
 * Every seed of every model that the grid's `models.csv` and the trend runs in `trendDirs`
 * report, for one preset, dataset and chain. A trend run contributes each evaluated epoch E as
 * the E-epoch model of its seed (the paper's schedule does not depend on N). A model and seed
 * found twice (a trend run hands its model to the grid) is kept once, the grid's. A trend run
 * of another preset, dataset, chain (for k >= 2), batch size or explosion test is skipped, with the reason in `skipped`.
 *
 * @param sources the folders and the runs to accept
 * @returns the records, and what was skipped
 * @throws when the grid has no `models.csv`, or a file lacks a column this needs
 *
 * @example
 * ```ts
 * import { readIdaeSeedRecords } from "./seeds.ts";
 *
 * import { writeResultsTable } from "../../lib/io/table.ts";
 * const dir = await Deno.makeTempDir();
 * await writeResultsTable(dir, "models", [{
 *   row: "k1-sigma0.3-N250-a0.999-seed1", paper: null, ours: 0.86, k: 1, sigma: 0.3,
 *   epochs: 250, annealing_rate: 0.999, seed: 1, mse_wb_test: 4.2, ex_test_count: 423, test_rows: 10000,
 *   preset: "paper",
 * }]);
 * const found = await readIdaeSeedRecords({
 *   gridDir: dir, trendDirs: [], preset: "paper", dataset: "mnist", chainNoise: "first",
 *   batchSize: 20,
 * });
 * console.log(found.records.length, found.records[0].exTest); // 1 423
 * ```
 */
export async function readIdaeSeedRecords(sources: IdaeSeedSources): Promise<IdaeSeedRecords> {
  const records: IdaeSeedRecord[] = [];
  const skipped: string[] = [];
  const add = (r: IdaeSeedRecord) => {
    const twin = records.find((o) => sameSpec(o.spec, r.spec));
    if (!twin) records.push(r);
    else if (!same(twin.accTest, r.accTest)) {
      skipped.push(
        `${r.source}: seed ${r.spec.seed} of k = ${r.spec.k}, σ = ${r.spec.sigma} is also in ` +
          `${twin.source} with another acc_test (${r.accTest} against ${twin.accTest}); ` +
          `the first is kept`,
      );
    }
  };
  await gridRecords(sources, add, skipped);
  await trendRecords(sources, add, skipped);
  return { records, skipped };
}

/**
 * Table 1a and 1b over the seeds found: for every model of the config's grids (k, sigma, N,
 * annealingRate), the mean and sample standard deviation of acc_test, EX_test (scaled to the paper's
 * 10,000 test digits) and MSE^WB_test over its seeds, beside the paper's five-seed means, with
 * each seed's acc_test / EX_test and the files they came from.
 *
 * @param records the seeds ({@link readIdaeSeedRecords})
 * @param config the grids whose cells make the rows
 * @param context whether the paper's numbers apply (MNIST only)
 * @returns one row per cell, Table 1a's first
 *
 * @example
 * ```ts
 * import { idaeSeedTable } from "./seeds.ts";
 *
 * import { IDAE_PRESETS } from "./config.ts";
 * const rec = (seed: number, accTest: number, exTest: number) => ({
 *   spec: { k: 1, sigma: 0.3, epochs: 250, annealingRate: 0.999, seed },
 *   accTest, exTest, testRows: 10000, mseWbTest: 4.2, source: "models.csv",
 * });
 * const rows = idaeSeedTable([rec(1, 0.86, 420), rec(2, 0.84, 380)], IDAE_PRESETS.paper, {
 *   paper: true,
 * });
 * console.log(rows[0].row, rows[0].paper, rows[0].ours, rows[0].ex_test, rows[0].n); // k = 1, σ = 0.3, N = 250, α = 0.999 0.823 0.85 400 2
 * ```
 */
export function idaeSeedTable(
  records: readonly IdaeSeedRecord[],
  config: IdaeConfig,
  context: { paper: boolean },
): IdaeRow[] {
  const rows: IdaeRow[] = [];
  // one spec per cell of the grids (a model in both grids appears once), in training order
  for (const cell of idaeModelSpecs({ ...config, seeds: 1 }, 1)) {
    const { k, sigma, epochs, annealingRate, paperEpochs } = cell;
    const name = `k = ${k}, σ = ${sigma}, N = ${epochs}, α = ${annealingRate}`;
    const group = records
      .filter((r) =>
        r.spec.k === k && same(r.spec.sigma, sigma) && r.spec.epochs === epochs &&
        same(r.spec.annealingRate, annealingRate)
      )
      .sort((a, b) => a.spec.seed - b.spec.seed);
    const ex = (r: IdaeSeedRecord) => (r.exTest * PAPER_ROWS.test) / r.testRows;
    const acc = meanAndSpread(group.map((r) => r.accTest));
    const exs = meanAndSpread(group.map(ex));
    const mse = meanAndSpread(group.map((r) => r.mseWbTest));
    const paper = context.paper ? idaePaperNumbers({ k, sigma, paperEpochs, annealingRate }) : null;
    rows.push({
      row: name,
      paper: paper?.accTest ?? null,
      ours: acc.n ? acc.mean : null,
      ours_sd: acc.sd,
      paper_ex_test: paper?.exTest ?? null,
      ex_test: exs.n ? exs.mean : null,
      ex_test_sd: exs.sd,
      mse_wb_test: mse.n ? mse.mean : null,
      mse_wb_test_sd: mse.sd,
      n: acc.n,
      seeds: group.map((r) => r.spec.seed).join(" ") || null,
      per_seed: group
        .map((r) => `${r.spec.seed}: ${r.accTest.toFixed(3)} / ${Math.round(ex(r))}`)
        .join("; ") || null,
      sources: [...new Set(group.map((r) => r.source.split("/").at(-1)))].join(" ") ||
        null,
      note: group.length ? null : "no seed run",
    });
  }
  return rows;
}

/**
 * The seeds table's notes: what the columns are and which runs the seeds come from.
 *
 * @param sources the folders and the runs accepted
 * @param skipped how many runs were left out
 * @returns the notes
 *
 * @example
 * ```ts
 * import { idaeSeedNotes } from "./seeds.ts";
 * const notes = idaeSeedNotes({
 *   gridDir: "g", trendDirs: ["t"], preset: "paper", dataset: "mnist", chainNoise: "first",
 *   batchSize: 20,
 * }, 2);
 * console.log(notes.endsWith("2 other runs were left out (the metadata lists them).")); // true
 * ```
 */
export function idaeSeedNotes(sources: IdaeSeedSources, skipped: number): string {
  return `ours, ex_test and mse_wb_test are means over the n seeds found (the paper's: over ` +
    `5); *_sd are sample standard deviations (empty for one seed). ex_test is scaled to ` +
    `10,000 test digits; per_seed gives each seed's acc_test / ex_test. Seeds come from ` +
    `${sources.gridDir}/models.csv (repro:idae) and the repro:idae-trend runs in ` +
    `${sources.trendDirs.join(", ")} of preset ${sources.preset}, batch ${sources.batchSize}, ` +
    `chain ${sources.chainNoise} and explosion test ${describeExplosionTest()}; a trend run ` +
    `evaluated after the cell's N epochs is that seed's N-epoch model. ${skipped} other runs ` +
    `were left out (the metadata lists them).`;
}
