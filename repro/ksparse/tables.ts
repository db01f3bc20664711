/**
 * The k-sparse results as tables: each table's rows (the paper's number beside ours, in %),
 * title, and the settings sentence under it, written from the config so it never goes stale.
 *
 * @module
 */
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../../lib/io/table.ts";
import type { KSparseConfig, KSparseTrendConfig } from "./config.ts";
import {
  KSPARSE_PAPER_SETTINGS as P,
  KSPARSE_PAPER_TABLE1,
  KSPARSE_PAPER_TABLE3,
  paperValue,
} from "./paper.ts";
import { COMPARISON_ROWS, type KSparseResults } from "./run.ts";
import type { KSparseFineTuneNetwork, KSparseFineTuneOutcome } from "./finetune.ts";
import type { KSparseTrendPoint } from "./trend.ts";

/** A table to write: its file stem, rows and the texts and digits `writeResultsTable` takes. */
export interface KSparseTable {
  /** File stem (`table1` for `table1.md` and `table1.csv`). */
  name: string;
  /** The rows. */
  rows: ResultsRow[];
  /** The title line. */
  title: string;
  /** The settings sentence under the table. */
  notes: string;
  /** Digits per column, where not 2. */
  columnDigits?: Record<string, number>;
}

/** The split sizes a run used. */
export interface KSparseSplitCounts {
  /** Training rows. */
  train: { n: number };
  /** Validation rows. */
  validation: { n: number };
  /** Test rows. */
  test: { n: number };
}

/** Table 3's row labels, as the paper names its networks. */
const FINE_TUNE_ROWS: Readonly<Record<KSparseFineTuneNetwork, string>> = {
  scratch: "Without pre-training",
  rbm: "RBM + fine-tuning",
  dropout: "Shallow dropout autoencoder + fine-tuning (50% hidden)",
  denoising: "Denoising autoencoder + fine-tuning (20% input dropout)",
  deepDropout: "Deep dropout autoencoder + fine-tuning (layer-wise pre-training)",
  ksparse: `k-sparse autoencoder + fine-tuning (k = ${P.fineTuneK})`,
  deepKSparse: "Deep k-sparse autoencoder + fine-tuning (layer-wise pre-training)",
};

/** The settings every row records, in the column order of the tables. */
function settings(r: KSparseResults) {
  return { preset: r.run.preset, epochs: r.run.epochs, seed: r.run.seed, backend: r.run.backend };
}

/**
 * Table 1's rows: raw pixels, the RBM (when run), the comparison autoencoders and the k-sparse
 * models; test and validation error %, the chosen alpha, reconstruction MSE and dead fraction.
 */
export function table1Rows(r: KSparseResults): ResultsRow[] {
  const paper = (row: string) => paperValue(KSPARSE_PAPER_TABLE1, row, r.run.dataset);
  const s = settings(r);
  const rows: ResultsRow[] = [{
    row: "Raw pixels",
    paper: paper("Raw pixels"),
    ours: 100 * r.raw.testError,
    validation: 100 * r.raw.validationError,
    alpha: null,
    ...s,
    epochs: 0,
    seconds: r.raw.seconds,
  }, {
    row: "RBM",
    paper: paper("RBM"),
    ours: r.rbm ? 100 * r.rbm.testError : null,
    validation: r.rbm ? 100 * r.rbm.validationError : null,
    alpha: null,
    ...s,
    epochs: r.rbm ? s.epochs : null,
    ...(r.rbm ? { seconds: r.rbm.seconds } : {}),
  }];
  for (const c of r.comparisons) {
    const row = COMPARISON_ROWS[c.kind];
    rows.push({
      row,
      paper: paper(row),
      ours: 100 * c.testError,
      validation: 100 * c.validationError,
      alpha: null,
      ...s,
      seconds: c.seconds,
    });
  }
  for (const m of r.ksparse) {
    const row = `k-sparse autoencoder, k = ${m.k}`;
    rows.push({
      row,
      paper: paper(row),
      ours: 100 * m.testError,
      validation: 100 * m.validationError,
      alpha: m.alpha,
      ...s,
      seconds: m.seconds,
      mse: m.mse,
      dead: m.dead,
    });
  }
  return rows;
}

/** Table 3's rows: test and validation error % after fine-tuning, epochs over all stages. */
export function table3Rows(r: KSparseResults): ResultsRow[] {
  return fineTuneRows(r.fineTune, r.run);
}

/** Table 3's rows of these fine-tuning outcomes, with the run's settings in each. */
export function fineTuneRows(
  outcomes: readonly KSparseFineTuneOutcome[],
  run: KSparseResults["run"],
): ResultsRow[] {
  return outcomes.map(({ network, errors, note }) => {
    const row = FINE_TUNE_ROWS[network];
    return {
      row,
      paper: paperValue(KSPARSE_PAPER_TABLE3, row, run.dataset),
      ours: errors ? 100 * errors.testError : null,
      validation: errors ? 100 * errors.validationError : null,
      preset: run.preset,
      epochs: errors ? errors.epochs : null,
      seed: run.seed,
      backend: run.backend,
      seconds: errors ? errors.seconds : null,
      note,
    };
  });
}

/** The ablation's rows: % of hidden units never among the k largest, with and without. */
export function ablationRows(r: KSparseResults, config: KSparseConfig): ResultsRow[] {
  const k = config.ablationK;
  const cases = [
    [`k = ${k}, k scheduled from ${config.kScheduleFrom} (Sec. 4.2.1)`, r.ablation.scheduled],
    [`k = ${k} from the first epoch`, r.ablation.unscheduled],
  ] as const;
  return cases.map(([row, dead]) => ({
    row,
    paper: null,
    ours: 100 * dead.train,
    validation: 100 * dead.validation,
    ...settings(r),
    seconds: r.ablation.seconds,
  }));
}

/** The run's settings as one sentence, for the notes under the tables. */
export function settingsSentence(
  config: KSparseConfig,
  splits: KSparseSplitCounts,
  r: KSparseResults["run"],
): string {
  return `Preset ${r.preset}: ${config.epochs} epochs, batch ${config.batchSize}, SGD lr ` +
    `${config.learningRate} momentum ${config.momentum}, k schedule from ${config.kScheduleFrom} ` +
    `over the first half; splits ${splits.train.n}/${splits.validation.n}/${splits.test.n}; ` +
    `seed ${r.seed}; backend ${r.backend}. Rows without "ours" are not run yet.`;
}

/**
 * Every table of a run, ready for `writeResultsTable`: table1, table3 (when fine-tuning ran)
 * and ablation.
 *
 * @param r the run's results
 * @param config its settings
 * @param splits its split sizes
 */
export function ksparseTables(
  r: KSparseResults,
  config: KSparseConfig,
  splits: KSparseSplitCounts,
): KSparseTable[] {
  const set = settingsSentence(config, splits, r.run);
  const ds = r.run.dataset;
  const ft = config.fineTune;
  const ct = config.comparisonTraining;
  const tables: KSparseTable[] = [{
    name: "table1",
    rows: table1Rows(r),
    title: `Makhzani & Frey Table 1: ${ds}, ${config.hidden} hidden units, error %`,
    notes: `Test error % of logistic regression on the features (all hidden units for the ` +
      `dropout and denoising autoencoders, the alpha*k largest for k-sparse, alpha chosen on ` +
      `validation). ${set} The dropout and denoising autoencoders (sigmoid hidden, ` +
      `${ct.output} output with the ${ct.loss} loss, tied weights; not specified in the paper) ` +
      `train at lr ${ct.learningRate} with ${ct.initStd} initialisation, chosen on validation ` +
      `(the results page's findings give the others tried).${
        config.rbm
          ? ` The RBM (binary, ${config.hidden} hidden units; the paper gives no settings) ` +
            `trains by CD-${config.rbm.k} at lr ${config.rbm.learningRate} with the same ` +
            `momentum, batch and epochs, and is probed on P(h | x).`
          : ""
      }`,
    columnDigits: { mse: 4, dead: 3, seconds: 1 },
  }];
  if (r.fineTune.length) {
    tables.push({
      name: "table3",
      rows: table3Rows(r),
      title: `Makhzani & Frey Table 3: ${ds}, supervised fine-tuning, error %`,
      notes: `Test error % after fine-tuning (${ft.epochs} epochs per stage, lr ` +
        `${ft.learningRate.join(" to ")} linearly, momentum ${ft.momentum}, best validation ` +
        `epoch kept; the deep network's stages after the softmax-only one at ${ft.deepScale} ` +
        `times that rate, since the full rate diverged). Pre-training: ${set}`,
      columnDigits: { seconds: 1 },
    });
  }
  tables.push({
    name: "ablation",
    rows: ablationRows(r, config),
    title: `k-schedule ablation (Sec. 4.2.1): dead hidden units, % of ${config.hidden}`,
    notes: `"ours" is the % of hidden units never among the k largest on the training split, ` +
      `"validation" on the validation split. The paper argues for the schedule but gives no ` +
      `numbers. ${set}`,
    columnDigits: { seconds: 1 },
  });
  return tables;
}

/**
 * The trend table: test error % of the k-sparse model after each probed epoch, beside the
 * paper's value after its 5000 epochs (MNIST only).
 */
export function ksparseTrendTable(
  points: readonly KSparseTrendPoint[],
  trend: KSparseTrendConfig,
  splits: KSparseSplitCounts,
  run: { dataset: string; preset: string; seed: number; backend: string },
  fineTuned: KSparseFineTuneOutcome | null = null,
): KSparseTable {
  const { config, k, model } = trend;
  const ksparse = model === "ksparse";
  const table1Row = ksparse ? `k-sparse autoencoder, k = ${k}` : COMPARISON_ROWS[model];
  const short = ksparse ? `k = ${k}` : table1Row;
  const paper = paperValue(KSPARSE_PAPER_TABLE1, table1Row, run.dataset);
  const common = { preset: run.preset, seed: run.seed, backend: run.backend };
  const rows: ResultsRow[] = points.map((p) => ({
    row: `${short} after ${p.epochs} epochs`,
    paper,
    ours: 100 * p.testError,
    validation: 100 * p.validationError,
    alpha: p.alpha,
    epochs: p.epochs,
    ...common,
  }));
  const ft = config.fineTune;
  if (fineTuned) {
    rows.push({
      row: `${short} after ${config.epochs} epochs, fine-tuned ${ft.epochs} epochs`,
      // Table 3 has a fine-tuned k-sparse row for k = 25 only
      paper: paperValue(
        KSPARSE_PAPER_TABLE3,
        ksparse
          ? `k-sparse autoencoder + fine-tuning (k = ${k})`
          : FINE_TUNE_ROWS[fineTuned.network],
        run.dataset,
      ),
      ours: fineTuned.errors ? 100 * fineTuned.errors.testError : null,
      validation: fineTuned.errors ? 100 * fineTuned.errors.validationError : null,
      alpha: null,
      epochs: config.epochs,
      ...common,
    });
  }
  const units = ksparse ? "alpha*k largest units kept" : "all hidden units";
  const tuning = fineTuned
    ? ` The last row fine-tunes the final model as Table 3's network (${units}, new softmax) ` +
      `for ${ft.epochs} epochs, SGD lr ${ft.learningRate[0]} falling linearly to ` +
      `${ft.learningRate[1]}, momentum ${ft.momentum}, best validation epoch kept` +
      `${fineTuned.note ? ` (${fineTuned.note})` : ""}; the paper fine-tunes for ` +
      `${P.fineTuneEpochs} epochs.`
    : "";
  const ct = config.comparisonTraining;
  const l2 = trend.probe.l2 ?? [];
  const probeL2 = l2.length > 1 ? `L2 from ${l2.join(", ")} chosen on validation` : `L2 ${l2[0]}`;
  const how = ksparse
    ? `(k scheduled from ${config.kScheduleFrom} to ${k} over the first half), probed along the ` +
      `way (alpha in ${trend.alphas.join(", ")} chosen on validation, ${probeL2})`
    : `(${ct.output} output, ${ct.loss} loss, SGD lr ${ct.learningRate}), probed along the way ` +
      `on all hidden units (${probeL2})`;
  return {
    name: "trend",
    rows,
    title: `${ksparse ? `k-sparse (k = ${k})` : table1Row} test error % against training ` +
      `epochs, ${run.dataset}`,
    notes: `One run of ${config.epochs} epochs ${how}; the paper's value is after ` +
      `${P.epochs} epochs. Hidden ${config.hidden}, batch ${config.batchSize}, SGD ` +
      `${ksparse ? `lr ${config.learningRate} ` : ""}momentum ${config.momentum}; splits ` +
      `${splits.train.n}/${splits.validation.n}/${splits.test.n}.${tuning}`,
  };
}

/**
 * Write each table as `.md` and `.csv` under `dir`.
 *
 * @returns the Markdown file of each table, by name
 */
export async function writeKSparseTables(
  dir: string,
  tables: readonly KSparseTable[],
): Promise<Record<string, string>> {
  const written: Record<string, string> = {};
  for (const t of tables) {
    const { name, rows, title, notes, columnDigits } = t;
    const paths = await writeResultsTable(dir, name, rows, { title, notes, columnDigits });
    written[name] = paths.markdown;
  }
  return written;
}

/**
 * A table as Markdown, with only the given columns (for a notebook).
 *
 * @example
 * ```ts
 * import { ksparseTableMarkdown } from "./tables.ts";
 * const t = { name: "t", rows: [{ row: "a", ours: 1 }], title: "T", notes: "" };
 * console.log(ksparseTableMarkdown(t, ["row", "ours"]).split("\n")[0]); // | row | ours |
 * ```
 */
export function ksparseTableMarkdown(table: KSparseTable, columns: readonly string[]): string {
  return formatMarkdownTable(table.rows, {
    columns: [...columns],
    columnDigits: table.columnDigits,
  });
}
