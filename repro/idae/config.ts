/**
 * The settings of a Bahdanau & Jaeger (2014) reproduction: the config's types, the presets
 * (smoke, quick, paper), their validation, the dataset splits of Sec. 5.1, and the models a
 * config trains (Sec. 5.3) with their names.
 *
 * @module
 */
import type { PresetName } from "../cli.ts";
import type { DatasetName } from "../../lib/data/mnist.ts";
import { type DatasetSplits, loadSplits, type SplitSizes } from "../../lib/data/splits.ts";
import type { ProbeOptions } from "../../lib/eval/probe.ts";
import type { WalkbackNoise } from "../../lib/models/walkback.ts";
import { IDAE_PAPER_SETTINGS } from "./paper.ts";

/** One training schedule: N epochs with the learning rate multiplied by the annealing rate α after each. */
export interface IdaeRun {
  /** Epochs N (Sec. 5.3: N in {100, 250, 500}). */
  epochs: number;
  /** The annealing rate, the paper's α (Sec. 5.3: 0.99 or 0.999). */
  annealingRate: number;
  /**
   * The paper's N this run stands in for, which picks the Table 1b row it is shown in.
   * Default `epochs`; shorter presets train fewer epochs in the paper's rows.
   */
  paperEpochs?: number;
}

/** A grid of models: every k and sigma, trained with every run, for every seed. */
export interface IdaeGrid {
  /** Walkback steps k (Eq. 8). */
  ks: number[];
  /** Corruption levels sigma (Sec. 5.2: 0.3 low, 0.5 middle, 0.7 high). */
  sigmas: number[];
  /** Training schedules. */
  runs: IdaeRun[];
}

/** The stopping rule of the fixed-point iteration (Sec. 5.4). */
export interface IdaeIteration {
  /** A sample has converged when ||x^i - x^(i-1)||_2 is below this (Sec. 5.4: 1e-4). */
  tolerance: number;
  /** Stop when more than this fraction of the samples has converged (Sec. 5.4: 0.75). */
  convergedFraction: number;
  /** Stop after this many iterations in any case (the paper gives no cap). */
  maxIterations: number;
}

/** Settings of the figures. */
export interface IdaeFigureSettings {
  /** Iterations shown in Figure 4 (the paper: 0, 1, 25, 500); the last one is iterated to. */
  snapshots: number[];
  /** First test rows searched for Figure 4's samples. */
  candidates: number;
  /** Minimum ||x - x*||_2 of the samples of Figures 4 and 6 (the paper: 5). */
  minDistance: number;
  /** Samples per row of Figure 6 (the paper: 12 good and 12 misclassified). */
  samples: number;
  /** Length of the trajectories of Figure 7 (the paper: 500 steps). */
  trajectory: number;
}

/** Settings of a Bahdanau & Jaeger reproduction run. */
export interface IdaeConfig {
  /** Hidden units (Sec. 5.2: 500). */
  hidden: number;
  /** Minibatch size (Sec. 5.3: 20 or 50; the walkback series used 20). */
  batchSize: number;
  /** Starting learning rate rho of plain SGD (Sec. 5.3: 0.1). */
  learningRate: number;
  /** Seeds per model (Sec. 5.3: "repeated 5 times with different random seeds"). */
  seeds: number;
  /**
   * Where the walkback chain is corrupted in training (see {@link WalkbackNoise}): `"first"`,
   * Eq. 8's r^i(x~); `"every"`, the chain of Bengio et al. (2013). Absent means `"first"`.
   */
  chainNoise?: WalkbackNoise;
  /** The models of Table 1a (Sec. 5.3, series 2: k in {1, 2, 3}, every sigma). */
  table1a: IdaeGrid;
  /** The models of Table 1b (Sec. 5.3, series 3: k in {4, 5}, sigma = 0.7). */
  table1b: IdaeGrid;
  /** The fixed-point iteration (Sec. 5.4). */
  iteration: IdaeIteration;
  /**
   * Caps on the rows transformed to fixed points for the probe (first rows of each split);
   * absent means all of them, as in the paper.
   */
  evaluation: { trainRows?: number; validationRows?: number; testRows?: number };
  /** Caps on the split sizes (smoke runs); absent means 50,000 / 10,000 / 10,000 (Sec. 5.1). */
  sizes?: SplitSizes;
  /** Settings of the logistic regression on the fixed points (Sec. 5.5). */
  probe: ProbeOptions;
  /** Settings of Figures 3-7. */
  figures: IdaeFigureSettings;
}

const PAPER: IdaeConfig = IDAE_PAPER_SETTINGS;

/**
 * The presets: smoke for tests (seconds), quick for about 40 minutes on one CPU core
 * (MNIST), paper for the paper's settings. quick runs every Table 1a cell and the k = 4, 5
 * models of Table 1b once (one seed, 10 epochs over all 50,000 digits, the paper's stopping
 * rule with at most 1000 iterations, 10,000 transformed training digits for the probe).
 *
 * @example
 * ```ts
 * import { IDAE_PRESETS } from "./config.ts";
 *
 * console.log(IDAE_PRESETS.paper.batchSize, IDAE_PRESETS.paper.seeds); // 20 5
 * console.log(IDAE_PRESETS.quick.table1a.runs[0].epochs); // 10
 * ```
 */
export const IDAE_PRESETS: Readonly<Record<PresetName, IdaeConfig>> = {
  smoke: {
    ...PAPER,
    hidden: 100,
    seeds: 2,
    table1a: { ...PAPER.table1a, runs: [{ epochs: 1, annealingRate: 0.99, paperEpochs: 250 }] },
    table1b: { ...PAPER.table1b, runs: [{ epochs: 1, annealingRate: 0.999, paperEpochs: 250 }] },
    iteration: { ...PAPER.iteration, maxIterations: 30 },
    sizes: { train: 1000, validation: 200, test: 300 },
    probe: { l2: [0], epochs: 5, patience: 2, learningRate: 0.01 },
    figures: { ...PAPER.figures, snapshots: [0, 1, 5, 25], candidates: 60, trajectory: 25 },
  },
  quick: {
    ...PAPER,
    seeds: 1,
    // 10 of the paper's 250 epochs: the rate barely anneals (0.1 * 0.999^10)
    table1a: { ...PAPER.table1a, runs: [{ epochs: 10, annealingRate: 0.999, paperEpochs: 250 }] },
    // stands in for the row of the best model (k = 5, N = 250, α = 0.999; Sec. 6.3)
    table1b: { ...PAPER.table1b, runs: [{ epochs: 10, annealingRate: 0.999, paperEpochs: 250 }] },
    // the paper's rule and cap: a lower cap stops the low-corruption models before they
    // converge, which changes both their accuracy and their explosions
    iteration: PAPER.iteration,
    // a fifth of the training digits and a shorter probe fit: a little below the paper's
    // evaluation of the same model, in a fraction of the time
    evaluation: { trainRows: 10000, validationRows: 1000 },
    probe: { l2: [0], epochs: 30, patience: 5, learningRate: 0.001 },
  },
  paper: PAPER,
};

/**
 * A copy of a preset's settings, safe to change.
 *
 * @example
 * ```ts
 * import { idaeConfig } from "./config.ts";
 *
 * const c = idaeConfig("quick");
 * c.seeds = 3;
 * console.log(idaeConfig("quick").seeds); // 1
 * ```
 */
export function idaeConfig(preset: PresetName): IdaeConfig {
  const config = IDAE_PRESETS[preset];
  if (!config) {
    throw new Error(`Unknown preset "${preset}": use one of smoke, quick, paper`);
  }
  return structuredClone(config);
}

function fail(what: string, value: unknown, fix: string): never {
  throw new Error(`The idae setting ${what} is ${JSON.stringify(value)}: ${fix}`);
}

function positiveInteger(what: string, v: unknown): void {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 1)) {
    fail(what, v, "pass a whole number >= 1");
  }
}

function checkGrid(name: string, grid: IdaeGrid): void {
  if (!Array.isArray(grid.ks) || grid.ks.length === 0) {
    fail(`${name}.ks`, grid.ks, "pass at least one walkback step count k (Sec. 5.3: 1 to 5)");
  }
  for (const k of grid.ks) positiveInteger(`${name}.ks`, k);
  if (!Array.isArray(grid.sigmas) || grid.sigmas.length === 0) {
    fail(`${name}.sigmas`, grid.sigmas, "pass at least one corruption level (Sec. 5.2)");
  }
  for (const s of grid.sigmas) {
    if (!(Number.isFinite(s) && s >= 0)) {
      fail(`${name}.sigmas`, s, "pass standard deviations >= 0 (Sec. 5.2: 0.3, 0.5, 0.7)");
    }
  }
  if (!Array.isArray(grid.runs) || grid.runs.length === 0) {
    fail(`${name}.runs`, grid.runs, "pass at least one { epochs, annealingRate } schedule");
  }
  for (const r of grid.runs) {
    positiveInteger(`${name}.runs[].epochs`, r.epochs);
    if (r.paperEpochs !== undefined) positiveInteger(`${name}.runs[].paperEpochs`, r.paperEpochs);
    if (!(r.annealingRate > 0 && r.annealingRate <= 1)) {
      fail(
        `${name}.runs[].annealingRate`,
        r.annealingRate,
        "pass an annealing rate in (0, 1] (Sec. 5.3: 0.99 or 0.999)",
      );
    }
  }
}

/**
 * Check a config, throwing an error that names the bad setting and the fix.
 *
 * @param config the settings to check
 * @throws Error naming the first bad setting
 *
 * @example
 * ```ts
 * import { idaeConfig, validateIdaeConfig } from "./config.ts";
 *
 * validateIdaeConfig(idaeConfig("paper")); // fine
 * const bad = { ...idaeConfig("smoke"), batchSize: 0 };
 * try {
 *   validateIdaeConfig(bad);
 * } catch (e) {
 *   console.log((e as Error).message); // The idae setting batchSize is 0: pass a whole number >= 1
 * }
 * ```
 */
export function validateIdaeConfig(config: IdaeConfig): void {
  positiveInteger("hidden", config.hidden);
  positiveInteger("batchSize", config.batchSize);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    fail("learningRate", config.learningRate, "pass a positive rate (Sec. 5.3: 0.1)");
  }
  positiveInteger("seeds", config.seeds);
  if (config.chainNoise !== undefined && !["first", "every"].includes(config.chainNoise)) {
    fail("chainNoise", config.chainNoise, 'pass "first" (Eq. 8) or "every" (Bengio et al.)');
  }
  checkGrid("table1a", config.table1a);
  checkGrid("table1b", config.table1b);
  const it = config.iteration;
  if (!(it.tolerance >= 0)) fail("iteration.tolerance", it.tolerance, "pass a step length >= 0");
  if (!(it.convergedFraction >= 0 && it.convergedFraction <= 1)) {
    fail("iteration.convergedFraction", it.convergedFraction, "pass a fraction in [0, 1]");
  }
  positiveInteger("iteration.maxIterations", it.maxIterations);
  for (const key of ["trainRows", "validationRows", "testRows"] as const) {
    const v = config.evaluation[key];
    if (v !== undefined) positiveInteger(`evaluation.${key}`, v);
  }
  for (const key of ["train", "validation", "test"] as const) {
    const v = config.sizes?.[key];
    if (v !== undefined) positiveInteger(`sizes.${key}`, v);
  }
  const f = config.figures;
  if (!Array.isArray(f.snapshots) || f.snapshots.length === 0) {
    fail(
      "figures.snapshots",
      f.snapshots,
      "pass the iterations Figure 4 shows, e.g. [0, 1, 25, 500]",
    );
  }
  f.snapshots.forEach((s, i) => {
    if (!(Number.isInteger(s) && s >= 0 && (i === 0 || s > f.snapshots[i - 1]))) {
      fail("figures.snapshots", f.snapshots, "pass increasing whole numbers >= 0");
    }
  });
  positiveInteger("figures.candidates", f.candidates);
  positiveInteger("figures.samples", f.samples);
  positiveInteger("figures.trajectory", f.trajectory);
  if (!(f.minDistance >= 0)) fail("figures.minDistance", f.minDistance, "pass a distance >= 0");
}

/**
 * The dataset's splits for a config: 50,000 / 10,000 / 10,000 (Sec. 5.1), split seed 0, cut
 * to the preset's sizes. Pixels are divided by 255 (Sec. 5.1).
 *
 * @example
 * ```ts
 * import { IDAE_PRESETS, idaeSplits } from "./config.ts";
 *
 * const s = await idaeSplits("mnist", IDAE_PRESETS.smoke);
 * console.log(s.train.n, s.validation.n, s.test.n); // 1000 200 300
 * ```
 */
export function idaeSplits(
  dataset: DatasetName,
  config: IdaeConfig,
): Promise<DatasetSplits> {
  return loadSplits(dataset, config.sizes);
}

/** One model to train: its k, sigma, schedule and seed. */
export interface IdaeModelSpec {
  /** Walkback steps k (Eq. 8). */
  k: number;
  /** Corruption sigma (Sec. 5.2). */
  sigma: number;
  /** Epochs trained. */
  epochs: number;
  /** The annealing rate, the paper's α (Sec. 5.3). */
  annealingRate: number;
  /** The paper's N this run stands in for (Table 1b rows). */
  paperEpochs: number;
  /** Seed of the initialisation and the corruption (Sec. 5.3's sources of randomness). */
  seed: number;
}

/**
 * Every model the config trains, Table 1a's first, each for seeds `baseSeed` to
 * `baseSeed + seeds - 1`; a model in both grids appears once.
 *
 * @param config the settings
 * @param baseSeed the first seed (the scripts' `--seed`, default 1)
 * @returns the models in training order
 *
 * @example
 * ```ts
 * import { IDAE_PRESETS, idaeModelSpecs } from "./config.ts";
 *
 * const specs = idaeModelSpecs(IDAE_PRESETS.quick, 1);
 * console.log(specs.length, specs[0].k, specs[0].sigma, specs.at(-1)?.k); // 11 1 0.3 5
 * ```
 */
export function idaeModelSpecs(config: IdaeConfig, baseSeed = 1): IdaeModelSpec[] {
  const specs: IdaeModelSpec[] = [];
  const seen = new Set<string>();
  for (const grid of [config.table1a, config.table1b]) {
    for (const k of grid.ks) {
      for (const sigma of grid.sigmas) {
        for (const run of grid.runs) {
          for (let s = 0; s < config.seeds; s++) {
            const spec = {
              k,
              sigma,
              epochs: run.epochs,
              annealingRate: run.annealingRate,
              paperEpochs: run.paperEpochs ?? run.epochs,
              seed: baseSeed + s,
            };
            const key = idaeSpecKey(spec);
            if (seen.has(key)) continue;
            seen.add(key);
            specs.push(spec);
          }
        }
      }
    }
  }
  return specs;
}

/**
 * A readable, file-safe name of a model spec, e.g. `k3-sigma0.7-N250-a0.99-seed1`.
 *
 * @example
 * ```ts
 * import { idaeSpecKey } from "./config.ts";
 *
 * const spec = { k: 3, sigma: 0.7, epochs: 250, annealingRate: 0.99, paperEpochs: 250, seed: 1 };
 * console.log(idaeSpecKey(spec)); // k3-sigma0.7-N250-a0.99-seed1
 * ```
 */
export function idaeSpecKey(spec: IdaeModelSpec): string {
  const n = spec.paperEpochs === spec.epochs
    ? `${spec.epochs}`
    : `${spec.epochs}of${spec.paperEpochs}`;
  return `k${spec.k}-sigma${spec.sigma}-N${n}-a${spec.annealingRate}-seed${spec.seed}`;
}

/**
 * Whether a model's name ({@link idaeSpecKey}) begins with `prefix`, in whole parts between
 * dashes: `k4-sigma0.7-N100-a0.99` names the α = 0.99 model, not the α = 0.999 one.
 *
 * @param spec the model
 * @param prefix the first parts of a name, e.g. `k3` or `k5-sigma0.7-N250`
 * @returns true when every part of the prefix is the name's part at that place
 *
 * @example
 * ```ts
 * import { idaeSpecBegins } from "./config.ts";
 *
 * const spec = { k: 4, sigma: 0.7, epochs: 100, annealingRate: 0.999, paperEpochs: 100, seed: 1 };
 * console.log(idaeSpecBegins(spec, "k4-sigma0.7"), idaeSpecBegins(spec, "k4-sigma0.7-N100-a0.99")); // true false
 * ```
 */
export function idaeSpecBegins(spec: IdaeModelSpec, prefix: string): boolean {
  const parts = idaeSpecKey(spec).split("-");
  return prefix.split("-").every((p, i) => parts[i] === p);
}

/**
 * The models of `specs` that `only` names (`idaeSpecBegins`), for `only` lists such as the
 * scripts' `--only`; every model when `only` is absent.
 *
 * @param specs the grid's models
 * @param only name prefixes
 * @returns the models named
 * @throws when a prefix names no model, listing the grid's models
 *
 * @example
 * ```ts
 * import { IDAE_PRESETS, idaeModelSpecs, idaeOnlySpecs, idaeSpecKey } from "./config.ts";
 *
 * const specs = idaeModelSpecs(IDAE_PRESETS.paper, 1);
 * console.log(idaeOnlySpecs(specs, ["k3-sigma0.3"]).map(idaeSpecKey)); // [ "k3-sigma0.3-N250-a0.999-seed1" ]
 * ```
 */
export function idaeOnlySpecs(
  specs: readonly IdaeModelSpec[],
  only?: readonly string[],
): IdaeModelSpec[] {
  if (!only) return [...specs];
  const unmatched = only.filter((p) => !specs.some((s) => idaeSpecBegins(s, p)));
  if (!only.length || unmatched.length) {
    throw new Error(
      `only: ${unmatched.join(", ") || "no name"} names no model of this grid; its models are ` +
        specs.map(idaeSpecKey).join(", "),
    );
  }
  return specs.filter((s) => only.some((p) => idaeSpecBegins(s, p)));
}

/** The idae scripts' `--chain-noise` flag: its usage line, values and their meaning. */
export const CHAIN_NOISE_FLAG = {
  usage: "first|every  walkback chain corrupted once (Eq. 8, default) or every step",
  allowed: ["first", "every"] as const satisfies readonly WalkbackNoise[],
  meaning: "first: corrupt once, then iterate, as Eq. 8; every: corrupt before every step, as " +
    "Bengio et al. 2013",
};
