/**
 * The Table 2 results as tables: each row's paper number beside ours (test error %), the
 * validation and training errors, the chosen setting, epochs and seconds, and the settings
 * sentence under the table, written from the config so it never goes stale.
 *
 * @module
 */
import { formatMarkdownTable, type ResultsRow, writeResultsTable } from "../../lib/io/table.ts";
import type { EnergyConfig } from "./config.ts";
import { ENERGY_PAPER_TABLE2, energyPaperValue } from "./paper.ts";
import type { EnergyResults, EnergyRowResult } from "./run.ts";

/** A table to write: its file stem, rows and the texts and digits `writeResultsTable` takes. */
export interface EnergyTable {
  /** File stem (`table2` for `table2.md` and `table2.csv`). */
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
export interface EnergySplitCounts {
  /** Training rows. */
  train: { n: number };
  /** Validation rows. */
  validation: { n: number };
  /** Test rows. */
  test: { n: number };
}

/**
 * A setting as one short text (`h100 c0.5 lr0.01 l2 0`).
 *
 * @example
 * ```ts
 * import { settingText } from "./tables.ts";
 * console.log(settingText({ hidden: 100, contraction: 0.5, learningRate: 0.01, l2: 0 })); // h100 contraction 0.5 lr 0.01 l2 0
 * ```
 */
export function settingText(s: EnergyRowResult["setting"]): string {
  const parts = [`h${s.hidden}`];
  if (s.factors !== undefined) parts.push(`f${s.factors}`);
  if (s.contraction !== undefined) parts.push(`contraction ${s.contraction}`);
  if (s.corruption !== undefined) parts.push(`corruption ${s.corruption}`);
  parts.push(`lr ${s.learningRate}`);
  if (s.l2 !== undefined) parts.push(`l2 ${s.l2}`);
  return parts.join(" ");
}

/**
 * Table 2's rows in the paper's order: test error % (ours beside the paper's), validation and
 * training error %, the chosen setting, fine-tuning epochs, settings validated, and the run's
 * preset, seed, backend and seconds. A row the run did not train has no "ours".
 */
export function table2Rows(r: EnergyResults): ResultsRow[] {
  return ENERGY_PAPER_TABLE2.map((p) => {
    const ours = r.rows.find((x) => x.id === p.id);
    // every row carries every column, in one order: the first row sets the table's columns
    return {
      row: p.row,
      paper: energyPaperValue(p.id, r.run.dataset),
      ours: ours ? percent(ours.testError) : null,
      validation: ours ? percent(ours.validationError) : null,
      train: ours ? percent(ours.trainError) : null,
      setting: ours ? settingText(ours.setting) : null,
      epochs: ours ? ours.epochs : null,
      candidates: ours ? ours.candidates : null,
      retrained: ours ? (ours.retrained ? "yes" : "no") : null,
      preset: r.run.preset,
      seed: r.run.seed,
      backend: r.run.backend,
      seconds: ours ? ours.seconds : null,
      note: ours?.note ?? (ours ? "" : "not run"),
    };
  });
}

/** A fraction as %, or null for NaN (a row whose every run diverged). */
function percent(fraction: number): number | null {
  return Number.isFinite(fraction) ? 100 * fraction : null;
}

/**
 * Figure 8's numbers: each CSAE activation's error %, factored and plain, where the run
 * trained that variant (null where not; Table 2 has both only for modulus).
 */
export function factoredRows(r: EnergyResults): ResultsRow[] {
  const activations = [
    ...new Set(ENERGY_PAPER_TABLE2.filter((p) => p.kind !== "rbm").map((p) => p.activation!)),
  ];
  return activations.map((a) => {
    const plain = r.rows.find((x) => x.id === `csae-${a}`);
    const factored = r.rows.find((x) => x.id === `factored-${a}`);
    return {
      row: a,
      paper: energyPaperValue(`csae-${a}`, r.run.dataset),
      ours: plain ? percent(plain.testError) : null,
      paperFactored: energyPaperValue(`factored-${a}`, r.run.dataset),
      oursFactored: factored ? percent(factored.testError) : null,
      preset: r.run.preset,
    };
  });
}

/** The run's settings as one sentence, for the notes under the tables. */
export function settingsSentence(
  config: EnergyConfig,
  splits: EnergySplitCounts,
  r: EnergyResults["run"],
): string {
  const p = config.pretrain;
  const list = (r: Record<string, number | undefined>) =>
    Object.entries(r).map(([k, v]) => `${k} ${v}`).join(", ");
  const rates = list(p.learningRate);
  return `Preset ${r.preset}: splits ${splits.train.n}/${splits.validation.n}/${splits.test.n}; ` +
    `batch ${config.batchSize}, SGD momentum ${config.momentum}; per-class pretraining ` +
    `${p.epochs} epochs (lr ${rates}${
      p.rateWidth ? `, times ${p.rateWidth} / hidden units above ${p.rateWidth}` : ""
    }; init std ${p.initStd}` +
    `${p.normalizeFilters ? "; filters normalised after every step" : ""}` +
    `${p.output === "sigmoid" ? "; sigmoid outputs, cross-entropy" : ""}), factored pretraining ` +
    `${p.factoredEpochs} epochs (lr ${
      list(p.factoredLearningRate)
    }, init std ${p.factoredInitStd}), ` +
    `on ${config.pretrainOnValidation ? "train + validation" : "train"}; fine-tuning ` +
    `${config.fineTune.epochs} epochs${
      config.fineTune.constantNorm ? " (plain CSAE filters at constant norm)" : ""
    }${config.fineTune.lrDecay ? ` (rate / (1 + ${config.fineTune.lrDecay} epoch))` : ""}${
      config.fineTune.centreConstants ? " (constants C started at minus the mean energies)" : ""
    }, best validation epoch kept` +
    `${config.retrain ? ", then the best setting retrained on train + validation" : ""}; ` +
    `RBMs ${config.rbm.epochs} epochs${
      config.rbm.lrDecay ? ` (rate / (1 + ${config.rbm.lrDecay} epoch))` : ""
    }${
      config.rbm.cdSteps && config.rbm.cdSteps !== 1 ? `, CD-${config.rbm.cdSteps}` : ""
    }; seed ${r.seed}; backend ${r.backend}.`;
}

/**
 * Every table of a run, ready for `writeResultsTable`: table2 and factored (Figure 8's
 * numbers).
 *
 * @param r the run's results
 * @param config its settings
 * @param splits its split sizes
 */
export function energyTables(
  r: EnergyResults,
  config: EnergyConfig,
  splits: EnergySplitCounts,
): EnergyTable[] {
  const set = settingsSentence(config, splits, r.run);
  return [{
    name: "table2",
    rows: table2Rows(r),
    title: `Kamyshanska & Memisevic Table 2: ${r.run.dataset} test error %`,
    notes: `Test error % of the class-specific autoencoders (Eq. 45; plain: per-class ` +
      `contractive pretraining for sigmoid and linear, denoising for modulus; factored, Eq. ` +
      `46-50: denoising pretraining on all classes) after discriminative fine-tuning, and of ` +
      `the classification RBMs (Larochelle & Bengio 2008) re-run with the same data. ` +
      `"setting" is the one chosen on validation among "candidates". ${set} Rows without ` +
      `"ours" were not run.`,
    columnDigits: { seconds: 1 },
  }, {
    name: "factored",
    rows: factoredRows(r),
    title: `Factored against plain CSAE (Figure 8's comparison), ${r.run.dataset} test error %`,
    notes: `"paper"/"ours" are the plain model, "paperFactored"/"oursFactored" the factored ` +
      `one, from table2. ${set}`,
  }];
}

/**
 * Write each table as `.md` and `.csv` under `dir`.
 *
 * @returns the Markdown file of each table, by name
 */
export async function writeEnergyTables(
  dir: string,
  tables: readonly EnergyTable[],
): Promise<Record<string, string>> {
  const written: Record<string, string> = {};
  for (const { name, rows, title, notes, columnDigits } of tables) {
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
 * import { energyTableMarkdown } from "./tables.ts";
 * const t = { name: "t", rows: [{ row: "a", ours: 1 }], title: "T", notes: "" };
 * console.log(energyTableMarkdown(t, ["row", "ours"]).split("\n")[0]); // | row | ours |
 * ```
 */
export function energyTableMarkdown(table: EnergyTable, columns: readonly string[]): string {
  return formatMarkdownTable(table.rows, {
    columns: [...columns],
    columnDigits: table.columnDigits,
  });
}
