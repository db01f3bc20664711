/**
 * The tables of the DrSAE reproduction (Rolfe & LeCun 2013) from its plain results: Table 1
 * (the paper's rows in its order, ours beside each), the part / categorical unit counts behind
 * Figure 3, and each network's fit on every split; and the files the script writes of them.
 *
 * @module
 */
import { writeResultsTable } from "../../lib/io/table.ts";
import { architectureName, DRSAE_PAPER_TABLE1, type DrsaeArchitecture } from "./paper.ts";
import { type DrsaeReproConfig, withFirstRate } from "./config.ts";
import { type DrsaeRowOutcome, emptyOutcome, type TrainedDrsae } from "./train.ts";

/** A results row: `row`, `paper`, `ours` and the run's settings. */
export type DrsaeTableRow = Record<string, unknown>;

/** Options for {@link drsaeTable1}. */
export interface DrsaeTableOptions {
  /** The dataset; the paper's numbers are shown for MNIST only. */
  dataset: string;
  /** Columns added to every trained row (preset, seed, backend). */
  settings?: Record<string, unknown>;
}

const sameArchitecture = (a: DrsaeArchitecture, b: DrsaeArchitecture) =>
  a.hidden === b.hidden && a.steps === b.steps;

/**
 * Assemble Table 1: the paper's rows in its order, each DrSAE row with our test error (%)
 * beside the paper's, cited rows as cited (no "ours"), and any trained architecture the paper
 * does not list appended. On datasets other than MNIST the paper column is empty.
 *
 * @param outcomes the trained rows
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeTable1 } from "./tables.ts";
 * const rows = drsaeTable1([{
 *   architecture: { hidden: 400, steps: 11 }, testError: 0.0123, validationError: 0.011,
 *   pretrainEpochs: 20, fineTuneEpochs: 60, bestEpoch: 45, stoppedEarly: true,
 *   pretrainEpochSeconds: 10, fineTuneEpochSeconds: 11, seconds: 860,
 * }], { dataset: "mnist" });
 * const r = rows.find((r) => r.row === "DrSAE 784-400^11-10")!;
 * console.log(rows.length, r.paper, r.ours); // 10 1.08 1.23
 * ```
 */
export function drsaeTable1(
  outcomes: readonly DrsaeRowOutcome[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const settings = options.settings ?? {};
  const pct = (v: number | null) => v === null ? null : 100 * v;
  const trainedRow = (row: string, paper: number | null, o: DrsaeRowOutcome): DrsaeTableRow => ({
    row,
    paper,
    ours: pct(o.testError),
    validation: pct(o.validationError),
    pretrainEpochs: o.pretrainEpochs,
    fineTuneEpochs: o.fineTuneEpochs,
    bestEpoch: o.bestEpoch,
    stoppedEarly: o.stoppedEarly,
    part: o.units?.part ?? null,
    categorical: o.units?.categorical ?? null,
    ...settings,
    pretrainEpochSeconds: o.pretrainEpochSeconds,
    fineTuneEpochSeconds: o.fineTuneEpochSeconds,
    seconds: o.seconds,
    note: o.note ?? null,
  });
  // rows without a run keep the columns of a trained row, empty, so every row has them in order
  const empty = (row: string, paper: number | null, note: string): DrsaeTableRow => {
    const r = trainedRow(row, paper, emptyOutcome({ hidden: 0, steps: 0 }, note));
    for (const k of Object.keys(settings)) r[k] = null;
    return r;
  };
  const rows: DrsaeTableRow[] = [];
  for (const p of DRSAE_PAPER_TABLE1) {
    const paper = mnist ? p.paper : null;
    if (!p.architecture) {
      rows.push(empty(
        p.row,
        paper,
        mnist
          ? `cited from ${p.source}, not re-run`
          : `MNIST result of ${p.source} (${p.paper}%), cited in the paper; not re-run`,
      ));
      continue;
    }
    const o = outcomes.find((o) => sameArchitecture(o.architecture, p.architecture!));
    rows.push(o ? trainedRow(p.row, paper, o) : empty(p.row, paper, "not in this preset"));
  }
  for (const o of outcomes) {
    if (
      DRSAE_PAPER_TABLE1.some((p) =>
        p.architecture && sameArchitecture(p.architecture, o.architecture)
      )
    ) {
      continue;
    }
    rows.push(trainedRow(`DrSAE ${architectureName(o.architecture)}`, null, o));
  }
  return rows;
}

/**
 * How each trained network fits each split, one row per network and split: "ours" is the
 * classification error (%), beside L^U (Eq. 2), L^S (Eq. 3) and the units never active on
 * any row of the split. The paper gives only the test error (Table 1), shown on the test rows
 * for MNIST. A training error far below the validation and test errors, with more units
 * silent on the held-out digits than on the training digits, means the network fits its
 * training digits and does not generalise; a high training error means the run was short.
 *
 * @param outcomes the trained rows (those without `fit` are skipped)
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeFitTable } from "./tables.ts";
 * const f = { error: 0.01, lossU: 0.2, lossS: 0.05, neverOn: 3, rows: 100 };
 * const rows = drsaeFitTable([{ architecture: { hidden: 400, steps: 11 }, fit: { train: { ...f, error: 0 }, validation: f, test: f } }], { dataset: "mnist" });
 * console.log(rows.map((r) => [r.row, r.paper, r.ours])); // [["784-400^11-10, training", null, 0], ["784-400^11-10, validation", null, 1], ["784-400^11-10, test", 1.08, 1]]
 * ```
 */
export function drsaeFitTable(
  outcomes: readonly Pick<DrsaeRowOutcome, "architecture" | "fit">[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const rows: DrsaeTableRow[] = [];
  for (const o of outcomes) {
    if (!o.fit) continue;
    const name = architectureName(o.architecture);
    const cited = DRSAE_PAPER_TABLE1.find((p) =>
      p.architecture && sameArchitecture(p.architecture, o.architecture)
    );
    for (
      const [split, f] of [["training", o.fit.train], ["validation", o.fit.validation], [
        "test",
        o.fit.test,
      ]] as const
    ) {
      rows.push({
        row: `${name}, ${split}`,
        paper: mnist && split === "test" && cited ? cited.paper : null,
        ours: Number((100 * f.error).toFixed(2)),
        lossU: Number(f.lossU.toFixed(4)),
        lossS: Number(f.lossS.toFixed(4)),
        neverOn: f.neverOn,
        units: o.architecture.hidden,
        digits: f.rows,
        ...options.settings,
      });
    }
  }
  return rows;
}

/**
 * The unit counts behind Figure 3, one row per architecture and phase: "ours" is the number of
 * categorical-units (encoder-decoder angle > 0.7 rad), beside the part-units (< 0.5 rad) and
 * those between. The paper's only count is qualitative: "Before discriminative fine-tuning,
 * there are no categorical-units" (Sec. 3), shown as 0 on the pretraining rows.
 *
 * @param trained the trained rows
 * @param options dataset and the settings columns
 * @returns the rows, ready for `writeResultsTable`
 *
 * @example
 * ```ts
 * import { drsaeUnitTable } from "./tables.ts";
 * const units = { kinds: [], part: 390, categorical: 0, intermediate: 10 };
 * const s = { angles: new Float32Array(400), explainingAway: new Float32Array(400), classifier: new Float32Array(400), units, dead: 3 };
 * const rows = drsaeUnitTable([{ architecture: { hidden: 400, steps: 11 }, before: s, after: { ...s, units: { ...units, part: 350, categorical: 30, intermediate: 20 } } }], { dataset: "mnist" });
 * console.log(rows.map((r) => [r.paper, r.ours])); // [[0, 0], [null, 30]]
 * ```
 */
export function drsaeUnitTable(
  trained: readonly Pick<TrainedDrsae, "architecture" | "before" | "after">[],
  options: DrsaeTableOptions,
): DrsaeTableRow[] {
  const mnist = options.dataset === "mnist";
  const rows: DrsaeTableRow[] = [];
  for (const t of trained) {
    for (
      const [phase, s] of [["after pretraining", t.before], ["after fine-tuning", t.after]] as const
    ) {
      const finite = [...s.angles].filter(Number.isFinite).sort((a, b) => a - b);
      rows.push({
        row: `${architectureName(t.architecture)}, ${phase}`,
        paper: mnist && phase === "after pretraining" ? 0 : null,
        ours: s.units.categorical,
        part: s.units.part,
        intermediate: s.units.intermediate,
        dead: s.dead,
        units: t.architecture.hidden,
        medianAngle: finite.length ? finite[Math.floor(finite.length / 2)] : null,
        maxAngle: finite.length ? finite[finite.length - 1] : null,
        ...options.settings,
      });
    }
  }
  return rows;
}

/** What {@link drsaeSettingsText} says of a run besides its settings. */
export interface DrsaeRunFacts {
  /** The preset's name. */
  preset: string;
  /** Training / validation / test rows. */
  sizes: [number, number, number];
  /** The base seed. */
  seed: number;
  /** The backend's name. */
  backend: string;
}

/** An optimizer as the notes name it. */
function optimizerText(config: DrsaeReproConfig, o: "adam" | "sgd"): string {
  return o === "adam" ? `Adam with epsilon ${config.epsilon}` : `SGD momentum ${config.momentum}`;
}

/** A phase's rate: constant, or falling linearly. */
function rateText(p: { learningRate: number; finalLearningRate?: number }): string {
  return p.finalLearningRate === undefined
    ? `lr ${p.learningRate}`
    : `lr ${p.learningRate} falling linearly to ${p.finalLearningRate}`;
}

/**
 * The run's settings in one paragraph, for the notes under each table.
 *
 * @example
 * ```ts
 * import { drsaeConfig } from "./config.ts";
 * import { drsaeSettingsText } from "./tables.ts";
 * const text = drsaeSettingsText(drsaeConfig("smoke", "mnist"), { preset: "smoke", sizes: [600, 300, 300], seed: 1, backend: "cpu" });
 * console.log(text.startsWith("Preset smoke: 2 pretraining epochs")); // true
 * ```
 */
export function drsaeSettingsText(config: DrsaeReproConfig, facts: DrsaeRunFacts): string {
  const ftOptimizer = config.fineTune.optimizer ?? config.optimizer;
  const opt = ftOptimizer === config.optimizer
    ? `${optimizerText(config, config.optimizer)} (${
      config.optimizer === "sgd" ? "as in the paper" : "the paper: SGD"
    }; see results/drsae/README.md)`
    : `${optimizerText(config, config.optimizer)} in pretraining, ` +
      `${optimizerText(config, ftOptimizer)} in fine-tuning ` +
      `(the paper: SGD in both; see results/drsae/README.md)`;
  const perT = Object.entries(config.fineTune.learningRateForSteps ?? {}).map(([t, r]) =>
    ` (T = ${t}: ${rateText(withFirstRate(config.fineTune, r))})`
  ).join("");
  const [train, validation, test] = facts.sizes;
  return `Preset ${facts.preset}: ${config.pretrain.epochs} pretraining epochs on L^U ` +
    `at ${rateText(config.pretrain)}, then at most ${config.fineTune.epochs} fine-tuning ` +
    `epochs on L^U + L^S at ${rateText(config.fineTune)}${perT}, stopped after ` +
    `${config.fineTune.patience} epochs without a lower validation error, best epoch kept; ` +
    `${opt}, batch ${config.batchSize}, lambda ${config.lambda} (not given in the paper); ` +
    `per-matrix learning rates divided by repetitions (C by 5 more), norm bounds projected ` +
    `after every step (Sec. 2); unit-norm inputs; splits ${train}/${validation}/${test}; ` +
    `seed ${facts.seed}; backend ${facts.backend}.`;
}

/** The three tables of a run, as {@link writeDrsaeTables} takes them. */
export interface DrsaeTables {
  /** Table 1 rows. */
  table1: DrsaeTableRow[];
  /** Unit counts. */
  units: DrsaeTableRow[];
  /** Fit on each split. */
  fit: DrsaeTableRow[];
}

/**
 * Write Table 1, the unit counts and the fit table into `dir` as `.md` and `.csv`, each with
 * its title and notes (ending with the run's settings).
 *
 * @param dir the results folder
 * @param tables the rows
 * @param dataset the dataset's name, for the titles
 * @param settings from {@link drsaeSettingsText}
 * @returns the path of Table 1's Markdown file
 */
export async function writeDrsaeTables(
  dir: string,
  tables: DrsaeTables,
  dataset: string,
  settings: string,
): Promise<string> {
  const paths = await writeResultsTable(dir, "table1", tables.table1, {
    title: `Rolfe & LeCun Table 1: ${dataset} test error %`,
    notes: `"ours" is the test error at the best validation epoch of fine-tuning; "validation" ` +
      `the validation error there; "bestEpoch" counts fine-tuning epochs from 1; "part" and ` +
      `"categorical" count units with encoder-decoder angle < 0.5 and > 0.7 rad. Cited rows are ` +
      `the paper's citations, not re-run. ${settings}`,
    columnDigits: { pretrainEpochSeconds: 1, fineTuneEpochSeconds: 1, seconds: 1 },
  });
  await writeResultsTable(dir, "units", tables.units, {
    title: `Rolfe & LeCun Figure 3: categorical-units per network (${dataset})`,
    notes: `"ours" is the number of categorical-units (encoder-decoder angle > 0.7 rad), "part" ` +
      `the part-units (< 0.5 rad), "intermediate" those between (footnote 7). The paper gives ` +
      `no counts; its one statement, "Before discriminative fine-tuning, there are no ` +
      `categorical-units" (Sec. 3), is the 0 in the paper column. ${settings}`,
    columnDigits: { medianAngle: 3, maxAngle: 3 },
  });
  await writeResultsTable(dir, "fit", tables.fit, {
    title: `Rolfe & LeCun DrSAEs on each split (${dataset}): error %, L^U, L^S`,
    notes: `The final network of each row of Table 1 (best validation epoch) measured on every ` +
      `split: "ours" is the classification error %, lossU the mean L^U (Eq. 2), lossS the mean ` +
      `L^S (Eq. 3), neverOn the units whose z^T is 0 on every digit of the split. The paper ` +
      `gives the test error only (Table 1). A training error far below the validation and ` +
      `test errors, with more units silent on held-out digits than on training digits, means ` +
      `the network fits its training digits and does not generalise. ${settings}`,
  });
  return paths.markdown;
}
