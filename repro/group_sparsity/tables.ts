/**
 * The group-sparsity results as tables: invariance of each feature set (mean and spread over
 * seeds), the models and their reconstruction errors, linear-probe errors, the topography of
 * the patch maps, the tree dictionary, and the convolutional stack's probe errors. The lecture
 * has no numbers: the "paper" column is empty except for the issue's probe target.
 *
 * @module
 */
import type { ResultsRow } from "../../lib/io/table.ts";
import type { EnergyTable } from "../energy/tables.ts";
import type { GroupSparsityConfig } from "./config.ts";
import { type DigitsResults, FEATURE_SETS } from "./digits.ts";
import type { PatchResults } from "./patches.ts";
import type { ConvResults } from "./conv.ts";
import { GROUP_SPARSITY_TARGETS } from "./paper.ts";

/** A table to write (the same shape as the energy reproduction's). */
export type GroupSparsityTable = EnergyTable;

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => {
  if (a.length < 2) return 0;
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
};

/**
 * Mean correlation of a seed's records over the transforms matching `pick`.
 *
 * @example
 * ```ts
 * import { meanCorrelation } from "./tables.ts";
 * const r = [{ kind: "shift-x", amount: 1, correlation: 0.5 }, { kind: "rotate", amount: 5, correlation: 0.9 }];
 * console.log(meanCorrelation(r as never, (t) => t.kind !== "rotate")); // 0.5
 * ```
 */
export function meanCorrelation(
  records: readonly { kind: string; amount: number; correlation: number }[],
  pick: (r: { kind: string; amount: number }) => boolean,
): number {
  return mean(records.filter(pick).map((r) => r.correlation));
}

/**
 * The invariance table: per feature set, the correlation (across digits, averaged over units)
 * of features before and after each shift (x and y averaged) and rotation (+ and - averaged),
 * as the mean over seeds, with the spread of the shift average over seeds.
 */
export function invarianceRows(d: DigitsResults): ResultsRow[] {
  return FEATURE_SETS.map(({ id, label }) => {
    const seeds = d.invariance.filter((r) => r.features === id);
    const per = (pick: (t: { kind: string; amount: number }) => boolean) =>
      seeds.map((s) => meanCorrelation(s.records, pick));
    const shifts = per((t) => t.kind !== "rotate");
    const row: ResultsRow = {
      row: label,
      paper: null,
      ours: mean(shifts),
      spread: std(shifts),
      seeds: seeds.length,
    };
    for (const px of [1, 2, 3]) {
      row[`shift${px}`] = mean(per((t) => t.kind !== "rotate" && t.amount === px));
    }
    for (const deg of [5, 10, 15]) {
      row[`rotate${deg}`] = mean(per((t) => t.kind === "rotate" && Math.abs(t.amount) === deg));
    }
    return row;
  });
}

/** The models trained: setting, reconstruction error, active units, kept or not. */
export function modelRows(d: DigitsResults): ResultsRow[] {
  const name = { group: "group-sparse", l1: "L1", ksparse: "k-sparse" } as const;
  return d.models.map((m) => ({
    row: `${name[m.model]} ${m.model === "ksparse" ? "k" : "lambda"} = ${m.setting}`,
    paper: null,
    ours: m.reconstructionError,
    active: m.activeUnits,
    seed: m.seed,
    kept: m.kept ? "yes" : "no",
    seconds: m.seconds,
  }));
}

/** Linear-probe test error % of each feature set. */
export function probeRows(d: DigitsResults): ResultsRow[] {
  const label = (id: string) =>
    id === "pixels" ? "raw pixels" : FEATURE_SETS.find((f) => f.id === id)!.label;
  return d.probes.map((p) => ({
    row: label(p.features),
    paper: null,
    ours: 100 * p.testError,
    validation: 100 * p.validationError,
    width: p.width,
  }));
}

/** Topography of the patch maps: orientation and frequency of neighbours against all pairs. */
export function topographyRows(p: PatchResults): ResultsRow[] {
  return p.maps.map((m) => ({
    row: m.model === "group" ? "group-sparse, 3 x 3 pools on the torus" : "L1 (control)",
    paper: null,
    ours: m.topography.orientation.neighbours,
    allPairs: m.topography.orientation.allPairs,
    z: m.topography.orientation.z,
    p: m.topography.orientation.p,
    frequencyNeighbours: m.topography.frequency.neighbours,
    frequencyAllPairs: m.topography.frequency.allPairs,
    frequencyZ: m.topography.frequency.z,
    reconstruction: m.fvu,
    active: m.activeUnits,
    seconds: m.seconds,
  }));
}

/** The tree dictionary's similarity of parent-child atoms against other branches. */
export function treeRows(p: PatchResults): ResultsRow[] {
  const t = p.tree;
  return [{
    row: "tree-inhibited dictionary",
    paper: null,
    ours: t.parentChild,
    otherBranches: t.otherBranches,
    units: t.levels.reduce((s, v) => s + v, 0),
    energyFirst: t.energy.first,
    energyLast: t.energy.last,
    seconds: t.seconds,
  }];
}

/** The convolutional encoder's probe errors: one layer, the two-layer stack. */
export function convRows(c: ConvResults): ResultsRow[] {
  return c.probes.map((p) => ({
    row: p.label,
    paper: p.layers === 2 ? GROUP_SPARSITY_TARGETS.stackedProbeError : null,
    ours: 100 * p.testError,
    validation: 100 * p.validationError,
    width: p.width,
    seconds: p.seconds,
  }));
}

/** All tables of a run, with the settings sentence under each. */
export function groupSparsityTables(
  r: { digits: DigitsResults[]; patches: PatchResults | null; conv: ConvResults | null },
  config: GroupSparsityConfig,
  preset: string,
): GroupSparsityTable[] {
  const d = config.digits;
  const digitsNote = (dataset: string) =>
    `Preset ${preset}, ${dataset}: ${d.sizes.train} training digits, ${d.grid[0] * d.grid[1]} ` +
    `code units (${d.grid[0]} x ${d.grid[1]} torus, ${d.window} x ${d.window} pools for the ` +
    `group-sparse model, lambda ${d.lambda}); the L1 lambda from [${d.l1Lambdas}] and k from ` +
    `[${d.ks}] chosen on the first seed for the test reconstruction error closest to the ` +
    `group-sparse model's; Adam ${d.learningRate}, ${d.epochs} epochs, batch ${config.batchSize}; ` +
    `${d.seeds} seeds.`;
  const tables: GroupSparsityTable[] = [];
  for (const digits of r.digits) {
    const ds = digits.dataset;
    tables.push(
      {
        name: `invariance-${ds}`,
        rows: invarianceRows(digits),
        title: `Invariance of features to shifts and rotations (${ds})`,
        notes: `"ours" is the mean over 1-3 pixel shifts in x and y of the correlation across ` +
          `${d.invarianceDigits} test digits between a feature before and after the shift, ` +
          `averaged over features (lib/eval/invariance.ts), then over seeds; "spread" its ` +
          `standard deviation over seeds; shiftN and rotateN per amount. ${digitsNote(ds)}`,
        columnDigits: { ours: 3, spread: 3, shift1: 3, shift2: 3, shift3: 3, rotate5: 3 },
      },
      {
        name: `models-${ds}`,
        rows: modelRows(digits),
        title: `Autoencoders trained and their reconstruction errors (${ds})`,
        notes: `"ours" is the mean squared reconstruction error per test digit (summed over ` +
          `pixels), "active" the mean number of non-zero code units. ${digitsNote(ds)}`,
      },
      {
        name: `probe-${ds}`,
        rows: probeRows(digits),
        title: `Linear-probe test error % on the features (${ds})`,
        notes: `Softmax regression on each feature set of the first seed's models (L2 from ` +
          `[0, 1e-4, 1e-3], each feature standardised, and early stopping on ` +
          `${d.sizes.validation} validation digits, ` +
          `up to ${config.probeEpochs} epochs), test error on ${d.sizes.test} test digits. ` +
          digitsNote(ds),
      },
    );
  }
  if (r.patches) {
    const s = config.patches;
    const note = `Preset ${preset}: ${s.count} whitened ${s.size} x ${s.size} patches of the ` +
      `python3-skimage photographs (lib/data/patches.ts), ${s.grid[0] * s.grid[1]} units on a ` +
      `${s.grid[0]} x ${s.grid[1]} torus, ${s.window} x ${s.window} pools (the L1 control: ` +
      `one unit per pool), lambda ${s.lambda}, Adam ${s.learningRate}, ${s.epochs} epochs.`;
    tables.push(
      {
        name: "topography",
        rows: topographyRows(r.patches),
        title: "Topography of the filter maps on natural image patches",
        notes: `"ours" is the mean orientation difference (degrees, 0-90) of the decoder atoms ` +
          `of grid neighbours, "allPairs" of all pairs; "z" and "p" compare the neighbours ` +
          `with ${s.permutations} shuffles of the atoms over the grid (z > 0: neighbours more ` +
          `alike than chance); frequency differences in octaves; "reconstruction" the squared ` +
          `error as a fraction of the patches' variance. ${note}`,
        columnDigits: { z: 1, p: 4, reconstruction: 3 },
      },
      {
        name: "tree",
        rows: treeRows(r.patches),
        title: "Dictionary with tree-shaped lateral inhibition",
        notes: `"ours" is the mean |cosine| between parent and child atoms, "otherBranches" ` +
          `between atoms of different branches; energies of the first and last tenth of the ` +
          `learning steps. ${config.tree.whiten ? "Whitened" : "Contrast-normalised"} ` +
          `patches; tree depth ${config.tree.depth}, branching ` +
          `${config.tree.branching}, lambda ${config.tree.lambda}, ${config.tree.steps} steps ` +
          `of ${config.tree.batchSize} patches.`,
        columnDigits: { ours: 3, otherBranches: 3 },
      },
    );
  }
  if (r.conv) {
    const c = config.conv;
    tables.push({
      name: "conv-probe",
      rows: convRows(r.conv),
      title: "Convolutional group-sparse encoder: linear-probe test error % on MNIST",
      notes: `"paper" holds the issue's target for the stack (the lecture gives no number). ` +
        `Preset ${preset}: pretraining on ${c.pretrain} digits, the probe on ${c.sizes.train}; ` +
        `layer 1 ${c.maps[0]} maps of ` +
        `${c.kernel[0]} x ${c.kernel[0]}, layer 2 ${c.maps[1]} maps of ${c.kernel[1]} x ` +
        `${c.kernel[1]}, pools of 2 x 2 neighbouring maps on a torus of maps, lambda ` +
        `${c.lambda.join(" and ")}, ${c.epochs.join(" and ")} epochs of layer-wise ` +
        `pretraining, Adam ${c.learningRate}${
          c.inference
            ? `, the codes inferred in training (predictive sparse decomposition: ${c.inference} ` +
              `steps of projected gradient descent on the energy, alpha 1)`
            : ""
        }; layer 2 reads ` +
        `layer 1's pool norms averaged over ${c.window.stack} x ${c.window.stack}; the probe ` +
        `standardises each feature, L2 from [0, 1e-4, 1e-3], early stopping on ` +
        `${c.sizes.validation} validation digits, test on ${c.sizes.test}.`,
    });
  }
  return tables;
}
