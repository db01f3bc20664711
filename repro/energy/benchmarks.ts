/**
 * Kamyshanska & Memisevic (2015) on the 2007 benchmark sets of Larochelle et al. (Sec. 4.2-4.8):
 * per set, the baselines set beside the published SVM-RBF errors (logistic regression on
 * standardised pixels, a one-hidden-layer MLP), and the models of
 *
 * - Table 1 (Sec. 4.5): the linear CSAE with class-specific pretraining and from random initial
 *   weights, train and test error;
 * - Table 3 (Sec. 4.6): the plain CSAE with linear, modulus and sigmoid hidden units and the
 *   factored sigmoid CSAE (Eq. 46-50);
 * - Table 4 (Sec. 4.7): the variants of `variants.ts` (energies, learn normalization, no
 *   pretraining, CSAE, and hinge) with sigmoid units on mnist-small, mnist-rot and convex, each
 *   keeping the hidden size and contraction of lowest validation error;
 * - Table 5 (Sec. 4.8): the sigmoid CSAE, plain or factored chosen on validation, and a
 *   classification RBM re-run on the same data.
 *
 * Every CSAE row goes through Table 2's machinery (`candidates.ts`): its grid validated, the best
 * setting retrained on train + validation (Sec. 4.4). The sets are regenerated from recipes
 * (`lib/data/benchmarks.ts`), not the original files, unless a folder of originals is given.
 * Every training run has a checkpoint named by a hash of its settings and the baselines cache
 * their results beside them, so an interrupted run resumes.
 *
 * @module
 */
import {
  BENCHMARK_CLASS_NAMES,
  BENCHMARK_RECIPES,
  type BenchmarkName,
  type BenchmarkOptions,
  type BenchmarkSizes,
  type GeneratedSource,
  loadBenchmarkSplits,
  type OriginalSource,
} from "../../lib/data/benchmarks.ts";
import { classSpecificAutoencoders } from "../../lib/models/csae.ts";
import { factoredCsae } from "../../lib/models/csae_factored.ts";
import type { ReproRunOptions } from "../run_options.ts";
import { type BenchmarkConfig, benchmarkEnergyConfig } from "./benchmarks_config.ts";
import { BENCHMARK_PAPER_TABLE1, BENCHMARK_PAPER_TABLE4 } from "./benchmarks_paper.ts";
import {
  type Candidate,
  candidates,
  type EnergyData,
  trainCandidate,
  type Trained,
} from "./candidates.ts";
import type { EnergyConfig } from "./config.ts";
import type { EnergyPaperRow } from "./paper.ts";
import { divergenceAsNull, energyTrainContext } from "./run.ts";
import { concatRows, type EnergyTrainContext, fineTune, testError } from "./train.ts";
import { energyVariants, type VariantResult, variantsSettings } from "./variants.ts";
import { type BaselineResult, benchmarkBaselines } from "./baselines.ts";

/** The tables a run can make. */
export const BENCHMARK_TABLES: readonly number[] = [1, 3, 4, 5];

/** The sets of Table 1, in the paper's order. */
export const TABLE1_SETS: readonly BenchmarkName[] = Object.keys(
  BENCHMARK_PAPER_TABLE1,
) as BenchmarkName[];

/** The sets of Table 4, in the paper's order. */
export const TABLE4_SETS: readonly BenchmarkName[] = Object.keys(
  BENCHMARK_PAPER_TABLE4,
) as BenchmarkName[];

/** The sets whose examples and filters Figure 9 shows (its panels a-e). */
export const FIGURE9_SETS: readonly BenchmarkName[] = [
  "rectangles-image",
  "mnist-rot-back-image",
  "rectangles",
];

/** The CSAE models of Tables 1, 3 and 5 (their `paper` is per set: `benchmarks_paper.ts`). */
export const BENCHMARK_MODELS: readonly EnergyPaperRow[] = [
  { row: "CSAE linear", id: "csae-linear", kind: "csae", activation: "linear", paper: NaN },
  { row: "CSAE modulus", id: "csae-modulus", kind: "csae", activation: "modulus", paper: NaN },
  { row: "CSAE sigmoid", id: "csae-sigmoid", kind: "csae", activation: "sigmoid", paper: NaN },
  {
    row: "CSAE sigmoid (factored)",
    id: "factored-sigmoid",
    kind: "factored",
    activation: "sigmoid",
    paper: NaN,
  },
];

/**
 * The models trained from random initial weights, each its pretrained model's id after
 * `nopretrain-`: Table 1's linear CSAE and Figure 6's sigmoid and factored sigmoid CSAE.
 */
export const NOPRETRAIN_IDS: readonly string[] = [
  "nopretrain-linear",
  "nopretrain-sigmoid",
  "nopretrain-factored-sigmoid",
];

/** A model of one set as run: its errors and its chosen setting. */
export interface BenchmarkModelResult {
  /**
   * `csae-linear`, `csae-modulus`, `csae-sigmoid`, `factored-sigmoid`, one of
   * {@link NOPRETRAIN_IDS}, or `rbm`.
   */
  id: string;
  /** Test error, a fraction (NaN when every setting diverged). */
  testError: number;
  /** Training error of the final model (on train + validation when retrained), a fraction. */
  trainError: number;
  /** Validation error of the chosen setting at its best epoch, a fraction. */
  validationError: number;
  /** Fine-tuning epochs of the final model. */
  epochs: number;
  /** Settings validated. */
  candidates: number;
  /** The chosen setting. */
  setting: Candidate["setting"];
  /** Whether the final model was fine-tuned again on train + validation. */
  retrained: boolean;
  /** Training seconds of every setting and the retraining. */
  seconds: number;
  /** Why settings were dropped, when any diverged. */
  note?: string;
}

/** Weights drawn for Figure 9: [inputs, count] row-major, and a label. */
export interface BenchmarkFilters {
  /** What they are (`CSAE sigmoid, class 0`). */
  label: string;
  /** A file-name part (`sigmoid-class0`). */
  id: string;
  /** Weights [inputs, count], row-major. */
  W: Float32Array;
  /** Columns. */
  count: number;
}

/** Everything measured on one set. */
export interface BenchmarkSetResult {
  /** The set. */
  set: BenchmarkName;
  /** Its classes. */
  classes: number;
  /** The split sizes used. */
  sizes: BenchmarkSizes;
  /** Where the data came from, as text (generated with seed and recipe, or the original files). */
  source: string;
  /** Whether the data were regenerated from recipes (not the original files). */
  generated: boolean;
  /** Logistic regression and the MLP. */
  baselines: BaselineResult[];
  /** The models run, by id. */
  models: Record<string, BenchmarkModelResult>;
  /** Table 4's variants, when run on this set. */
  variants: VariantResult[] | null;
  /** Figure 9: the first training examples (as rows) and filters, for its sets. */
  figure9: { examples: Float32Array; count: number; filters: BenchmarkFilters[] } | null;
}

/** Everything {@link energyBenchmarks} measured. */
export interface BenchmarkResults {
  /** What the run was. */
  run: { preset: string; seed: number; backend: string; tables: number[]; sets: string[] };
  /** One entry per set, in the order asked. */
  sets: BenchmarkSetResult[];
}

/** Options of {@link energyBenchmarks}: the repro options less the dataset, and what to run. */
export interface BenchmarkRunOptions extends Omit<ReproRunOptions, "dataset"> {
  /** The sets to run. */
  sets: readonly BenchmarkName[];
  /** The tables to make (some of 1, 3, 4, 5). */
  tables: readonly number[];
  /**
   * Options of `loadBenchmarkSplits` (cache folder, original files, background rule, recipe);
   * sizes and seed are set. A `recipe` applies to the sets that have it (`BENCHMARK_RECIPES`);
   * the others are generated at their default recipe.
   */
  data?: Omit<BenchmarkOptions, "sizes" | "seed">;
  /** Table 4's rows to run (`VARIANT_NAMES`); absent: all. */
  variants?: readonly string[];
}

/**
 * Which models a set needs for the tables asked (Table 1 and Table 4 cover some sets only).
 *
 * @example
 * ```ts
 * import { modelsNeeded } from "./benchmarks.ts";
 * console.log(modelsNeeded("convex", [1, 5])); // [ "csae-sigmoid", "factored-sigmoid", "rbm" ]
 * console.log(modelsNeeded("rectangles", [1]));
 * // [ "csae-linear", "nopretrain-linear" ]
 * ```
 */
export function modelsNeeded(set: BenchmarkName, tables: readonly number[]): string[] {
  const ids = new Set<string>();
  if (tables.includes(1) && TABLE1_SETS.includes(set)) {
    ids.add("csae-linear").add("nopretrain-linear");
  }
  if (tables.includes(3)) { for (const m of BENCHMARK_MODELS) ids.add(m.id); }
  // Figure 6's top and middle panels: Table 3's sigmoid models from random initial weights
  if (tables.includes(3) && TABLE1_SETS.includes(set)) {
    ids.add("nopretrain-sigmoid").add("nopretrain-factored-sigmoid");
  }
  if (tables.includes(5)) ids.add("csae-sigmoid").add("factored-sigmoid").add("rbm");
  const order = [...BENCHMARK_MODELS.map((m) => m.id), ...NOPRETRAIN_IDS, "rbm"];
  return order.filter((id) => ids.has(id));
}

/**
 * Run the benchmark reproduction on the sets and tables asked.
 *
 * @example
 * ```ts
 * import { BENCHMARK_PRESETS } from "./benchmarks_config.ts";
 * import { energyBenchmarks } from "./benchmarks.ts";
 * const r = await energyBenchmarks(BENCHMARK_PRESETS.smoke, {
 *   sets: ["rectangles"], tables: [1], preset: "smoke", backend: "cpu",
 * });
 * console.log(Object.keys(r.sets[0].models)); // [ "csae-linear", "nopretrain-linear" ]
 * ```
 */
export async function energyBenchmarks(
  config: BenchmarkConfig,
  options: BenchmarkRunOptions,
): Promise<BenchmarkResults> {
  const seed = options.seed ?? 1;
  const out: BenchmarkResults = {
    run: {
      preset: options.preset,
      seed,
      backend: options.backend,
      tables: [...options.tables],
      sets: [...options.sets],
    },
    sets: [],
  };
  for (const set of options.sets) out.sets.push(await runSet(set, config, options, seed));
  return out;
}

async function runSet(
  set: BenchmarkName,
  config: BenchmarkConfig,
  options: BenchmarkRunOptions,
  seed: number,
): Promise<BenchmarkSetResult> {
  const energy = benchmarkEnergyConfig(set, config);
  const sizes = energy.sizes as BenchmarkSizes;
  const { recipe, ...dataOptions } = options.data ?? {};
  const splits = await loadBenchmarkSplits(set, {
    ...dataOptions,
    ...(recipe !== undefined && BENCHMARK_RECIPES[set].includes(recipe) ? { recipe } : {}),
    sizes,
    seed: config.dataSeed,
  });
  const src = splits.source;
  const generated = src.kind === "generated";
  const source = src.kind === "generated"
    ? `generated (data seed ${src.seed}, recipe r${src.recipe}` +
      `${src.backgroundRule ? `, background rule ${src.backgroundRule}` : ""})`
    : `original files (${src.trainFile}, ${src.testFile})`;
  const dataTag = benchmarkDataTag(set, src);
  const repro: ReproRunOptions = { ...options, dataset: dataTag };
  const ctx = energyTrainContext(energy, repro, seed);
  const data: EnergyData = {
    train: splits.train,
    validation: splits.validation,
    test: splits.test,
    trainValidation: concatRows(splits.train, splits.validation),
  };
  const classes = BENCHMARK_CLASS_NAMES[set].length;
  const result: BenchmarkSetResult = {
    set,
    classes,
    sizes: { train: splits.train.n, validation: splits.validation.n, test: splits.test.n },
    source,
    generated,
    baselines: await benchmarkBaselines(set, data, classes, config, repro, seed),
    models: {},
    variants: null,
    figure9: null,
  };
  const figure9 = FIGURE9_SETS.includes(set);
  const filters: BenchmarkFilters[] = [];
  for (const id of modelsNeeded(set, options.tables)) {
    const keep = figure9 ? (t: Trained) => keepFilters(id, t, classes, filters) : undefined;
    result.models[id] = await withLowerRates(
      (rates) => runModel(id, data, rates, config, ctx, keep),
      energy,
    );
  }
  if (options.tables.includes(4) && TABLE4_SETS.includes(set)) {
    // the grids of hidden units and contraction validated per variant (Sec. 4.3-4.4)
    const settings = variantsSettings(energy, "sigmoid", undefined, true);
    const v = await energyVariants(splits, energy, settings, repro, {
      addClass: false,
      variants: options.variants,
    });
    result.variants = v.variants;
  }
  if (figure9) {
    const count = Math.min(20, splits.train.n);
    result.figure9 = {
      examples: splits.train.x.slice(0, count * splits.train.features),
      count,
      filters,
    };
  }
  return result;
}

/** How many times a model whose every setting diverged is run again at a third of its rates. */
const RATE_RETRIES = 2;

/**
 * The name a set's checkpoints and cached baselines carry: a set generated by another recipe
 * version or under another background rule, or read from the original files, never resumes
 * another's. Recipe 1 adds no tag, so the names of runs made before recipes were versioned stay
 * valid.
 *
 * @example
 * ```ts
 * import { benchmarkDataTag } from "./benchmarks.ts";
 * const generated = { kind: "generated" as const, seed: 0, cacheFile: null, cache: "off" as const };
 * console.log(benchmarkDataTag("convex", { ...generated, recipe: 2, backgroundRule: null })); // convex-r2
 * console.log(benchmarkDataTag("mnist-back-rand", { ...generated, recipe: 1, backgroundRule: "max" })); // mnist-back-rand-max
 * ```
 */
export function benchmarkDataTag(
  set: BenchmarkName,
  source: GeneratedSource | OriginalSource,
): string {
  if (source.kind !== "generated") return `${set}-original`;
  const recipe = source.recipe === 1 ? "" : `-r${source.recipe}`;
  return `${set}${recipe}${source.backgroundRule === "max" ? "-max" : ""}`;
}

/**
 * Run a model; when every setting diverges (a set whose inputs are larger than the MNIST
 * digits', such as convex, can blow up at the preset's rates), run it again with every
 * learning rate divided by 3, up to {@link RATE_RETRIES} times, and say so in its note.
 */
export async function withLowerRates(
  run: (config: EnergyConfig) => Promise<BenchmarkModelResult>,
  config: EnergyConfig,
): Promise<BenchmarkModelResult> {
  let result = await run(config);
  const first = result.note;
  for (let k = 1; k <= RATE_RETRIES && Number.isNaN(result.testError); k++) {
    result = await run(scaleRates(config, 3 ** -k));
    result.note = `every rate divided by ${3 ** k} after the preset's diverged (${first})` +
      (result.note ? `; ${result.note}` : "");
  }
  return result;
}

/** The config with every pretraining, fine-tuning and RBM rate multiplied by `factor`. */
export function scaleRates(config: EnergyConfig, factor: number): EnergyConfig {
  const times = (r: number) => Number((r * factor).toPrecision(6));
  const p = config.pretrain;
  const each = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, times(v as number)])) as T;
  return {
    ...config,
    pretrain: {
      ...p,
      learningRate: each(p.learningRate),
      factoredLearningRate: each(p.factoredLearningRate),
    },
    fineTune: {
      ...config.fineTune,
      learningRate: config.fineTune.learningRate.map(times),
      factoredLearningRate: config.fineTune.factoredLearningRate.map(times),
    },
    rbm: { ...config.rbm, learningRate: each(config.rbm.learningRate) },
  };
}

/** Figure 9's filters of a model: each class's of the plain sigmoid CSAE, W^x of the factored. */
async function keepFilters(
  id: string,
  t: Trained,
  classes: number,
  into: BenchmarkFilters[],
): Promise<void> {
  if (id === "csae-sigmoid" && t.filtersOf) {
    for (let c = 0; c < Math.min(classes, 2); c++) {
      const f = await t.filtersOf(c);
      into.push({ label: `CSAE sigmoid, class ${c}`, id: `sigmoid-class${c}`, ...f });
    }
  } else if (id === "factored-sigmoid") {
    const f = await t.filters();
    if (f) into.push({ label: "factored CSAE sigmoid, shared W^x", id: "factored-wx", ...f });
  }
}

/** One model of a set: its grid validated, the best retrained, evaluated. */
function runModel(
  id: string,
  data: EnergyData,
  energy: EnergyConfig,
  config: BenchmarkConfig,
  ctx: EnergyTrainContext,
  keep?: (t: Trained) => Promise<void>,
): Promise<BenchmarkModelResult> {
  if (NOPRETRAIN_IDS.includes(id)) {
    const pretrainedId = id.slice("nopretrain-".length);
    const row = BENCHMARK_MODELS.find((m) =>
      m.id === pretrainedId || m.id === `csae-${pretrainedId}`
    )!;
    const seen = new Set<string>();
    // the pretraining's regulariser (contraction, or the factored model's corruption) has no
    // part in a model that is not pretrained
    const grid = candidates(row, energy).map((c) => {
      const { contraction: _, corruption: __, ...setting } = c.setting;
      return { setting };
    }).filter((c) => {
      const key = JSON.stringify(c.setting);
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return validated(
      id,
      grid,
      (c, again) => trainUnpretrained(row, c, data, energy, ctx, again),
      data,
      energy,
      ctx,
    );
  }
  const row: EnergyPaperRow = id === "rbm"
    ? { row: "classification RBM", id, kind: "rbm", objective: config.rbmObjective, paper: NaN }
    : BENCHMARK_MODELS.find((m) => m.id === id)!;
  return validated(
    id,
    candidates(row, energy),
    (c, again) => trainCandidate(row, c, data, energy, ctx, again),
    data,
    energy,
    ctx,
    keep,
  );
}

/**
 * A CSAE from random initial weights, fine-tuned on Eq. 45: the linear one of Table 1's right
 * column, the plain and factored sigmoid ones of Figure 6.
 */
async function trainUnpretrained(
  row: EnergyPaperRow,
  candidate: Candidate,
  data: EnergyData,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
  retrainEpochs: number | null,
): Promise<Trained> {
  const s = candidate.setting;
  const validation = retrainEpochs === null ? data.validation : undefined;
  const fit = validation ? data.train : data.trainValidation;
  const epochs = retrainEpochs ?? config.fineTune.epochs;
  const common = {
    classes: config.classes ?? 10,
    inputs: fit.features,
    hidden: s.hidden,
    activation: row.activation!,
    seed: ctx.seed,
    loss: "log" as const,
    l2: s.l2 ?? 0,
  };
  const model = row.kind === "factored"
    ? factoredCsae({ ...common, factors: s.factors, initStd: config.pretrain.factoredInitStd })
    : classSpecificAutoencoders({ ...common, initStd: config.pretrain.initStd });
  const id = `nopretrain-${row.kind === "factored" ? row.id : row.activation}`;
  const size = row.kind === "factored" ? `f${s.factors}-h${s.hidden}` : `h${s.hidden}`;
  const ft = await fineTune(model, fit, validation, {
    name: `finetune-${id}-${size}${validation ? "" : "-retrain"}`,
    settings: { row: id, ...s, epochs, n: fit.n, v: validation?.n ?? 0 },
    epochs,
    learningRate: s.learningRate,
  }, ctx);
  return {
    candidate,
    validationError: ft.validationError,
    epochs: validation ? ft.result.bestEpoch + 1 : ft.result.epochs,
    curve: [],
    seconds: ft.result.seconds,
    error: (d) => testError(ft.model, d),
    filters: () => Promise.resolve(null),
    pretrainedFilters: null,
    dispose: () => ft.model.dispose(),
  };
}

/** Validate the grid, retrain the best on train + validation, evaluate (as `run.ts` does). */
async function validated(
  id: string,
  grid: Candidate[],
  fit: (c: Candidate, retrainEpochs: number | null) => Promise<Trained>,
  data: EnergyData,
  config: EnergyConfig,
  ctx: EnergyTrainContext,
  keep?: (t: Trained) => Promise<void>,
): Promise<BenchmarkModelResult> {
  let best: Trained | null = null;
  let seconds = 0;
  const diverged: string[] = [];
  for (const candidate of grid) {
    const t = await divergenceAsNull(() => fit(candidate, null), diverged, ctx);
    if (!t) continue;
    seconds += t.seconds;
    if (!best || t.validationError < best.validationError) {
      best?.dispose();
      best = t;
    } else t.dispose();
  }
  if (!best) {
    return {
      id,
      testError: NaN,
      trainError: NaN,
      validationError: NaN,
      epochs: 0,
      candidates: grid.length,
      setting: grid[0].setting,
      retrained: false,
      seconds,
      note: `all ${grid.length} settings diverged: ${diverged[0]}`,
    };
  }
  const chosen: Trained = best;
  let final = chosen;
  if (config.retrain) {
    const again = await divergenceAsNull(() => fit(chosen.candidate, chosen.epochs), diverged, ctx);
    if (again) {
      final = again;
      seconds += again.seconds;
    }
  }
  const retrained = final !== chosen;
  try {
    await keep?.(final);
    return {
      id,
      testError: await final.error(data.test),
      trainError: await final.error(retrained ? data.trainValidation : data.train),
      validationError: chosen.validationError,
      epochs: final.epochs,
      candidates: grid.length,
      setting: chosen.candidate.setting,
      retrained,
      seconds,
      ...(diverged.length ? { note: `${diverged.length} run(s) diverged: ${diverged[0]}` } : {}),
    };
  } finally {
    if (retrained) final.dispose();
    chosen.dispose();
  }
}
