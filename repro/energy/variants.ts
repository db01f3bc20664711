/**
 * The model variants of Kamyshanska & Memisevic Sec. 4.7 on MNIST, and adding a class to a
 * trained model. The paper's Table 4 compares the variants on the 2007 benchmark sets only;
 * here they run on MNIST (or Fashion-MNIST) with the plain CSAE of one activation:
 *
 * - **CSAE**: per-class pretraining, then all parameters fine-tuned on the log of Eq. 45;
 * - **hinge**: the same, with the hinge loss instead of the log-loss;
 * - **learn normalization**: the pretrained autoencoders fixed, only the C_i learned;
 * - **energies**: the pretrained autoencoders fixed, a linear classifier on the energy vector
 *   (E_1(x), ..., E_m(x)) (`energyLinearClassifier`);
 * - **no pretraining**: all parameters from random initial weights, fine-tuned on Eq. 45.
 *
 * Adding a class (not in the paper; Sec. 5 motivates it): the CSAE of the first nine classes is
 * pretrained and fine-tuned on them alone; the tenth class's autoencoder, pretrained on its own
 * class, is then added (`addClass`), and only it and the constants learn on all ten classes.
 * It is compared with the ten-class CSAE and with adding the class by learning the constants
 * alone.
 *
 * Every run keeps its best validation epoch and is evaluated on the test set; none is
 * retrained on train + validation (Table 2's rows are).
 *
 * @module
 */
import { pickRows } from "../../lib/data/rows.ts";
import type { ArrayData } from "../../lib/data/rows.ts";
import type { EnergyActivationName } from "../../lib/energy/energy.ts";
import {
  type ContractiveAutoencoder,
  contractiveAutoencoder,
} from "../../lib/models/contractive.ts";
import { classSpecificAutoencoders, csaeFromAutoencoders } from "../../lib/models/csae.ts";
import type { CsaeModel } from "../../lib/models/csae.ts";
import {
  addClass,
  energyLinearClassifier,
  energyStatistics,
} from "../../lib/models/csae_extend.ts";
import { adam } from "../../lib/train/optimizers.ts";
import type { ResultsRow } from "../../lib/io/table.ts";
import type { EnergyConfig } from "./config.ts";
import { ENERGY_PAPER_TABLE4_MNIST_SMALL } from "./paper.ts";
import { type EnergyData, pretrainRate } from "./candidates.ts";
import type { EnergyTable } from "./tables.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import type { ReproRunOptions } from "../run_options.ts";
import { energyTrainContext } from "./run.ts";
import {
  concatRows,
  type EnergyTrainContext,
  fineTune,
  pretrainClasses,
  type PretrainedClasses,
  testError,
} from "./train.ts";

/** Settings of the variants run. */
export interface VariantsSettings {
  /** Hidden activation of every autoencoder. Default "sigmoid" (Table 2's best). */
  activation: EnergyActivationName;
  /** Hidden units per class. */
  hidden: number;
  /** Contraction penalty of pretraining (differentiable activations), else 0. */
  contraction: number;
  /** Corruption of pretraining (relu, modulus, max), else 0. */
  corruption: number;
  /** Fine-tuning learning rate of every variant that starts from the pretrained autoencoders. */
  learningRate: number;
  /**
   * Fine-tuning learning rates validated for the model without pretraining (Sec. 4.4 validates
   * the rate of every model; one trained from random weights is far from the optimum that the
   * pretrained ones start near). Default: `learningRate` alone.
   */
  noPretrainingRates?: number[];
  /**
   * Pretraining settings to validate (Sec. 4.3's contraction or corruption, Sec. 4.4's hidden
   * units): every variant runs on each, and keeps the one of lowest validation error. Absent:
   * the setting above alone.
   */
  grid?: VariantPretraining[];
}

/** One pretraining setting of the variants' grid. */
export interface VariantPretraining {
  /** Hidden units per class. */
  hidden: number;
  /** Contraction penalty of pretraining, else 0. */
  contraction: number;
  /** Corruption of pretraining, else 0. */
  corruption: number;
}

/** The names of the Sec. 4.7 variants, in the paper's order of Table 4 and then hinge. */
export const VARIANT_NAMES: readonly string[] = [
  "CSAE",
  "hinge",
  "learn normalization",
  "energies",
  "no pretraining",
];

/** One measured variant. */
export interface VariantResult {
  /** Which model. */
  variant: string;
  /** Test error, a fraction. */
  testError: number;
  /** Validation error at the kept epoch, a fraction. */
  validationError: number;
  /** Epochs of the kept model. */
  epochs: number;
  /** The fine-tuning learning rate of the kept model (Adam's for the few-parameter variants). */
  learningRate: number;
  /** Parameters trained in the discriminative phase. */
  trained: number;
  /** Seconds of the discriminative phase (summed over the grid's settings). */
  seconds: number;
  /** The pretraining setting kept, as "h100 contraction 0.5" (no pretraining: "h100"). */
  pretraining?: string;
}

/** One way of adding the tenth class. */
export interface AddClassResult {
  /** Which model. */
  model: string;
  /** Test error on all ten classes, a fraction. */
  testError: number;
  /** Test error on the added class's digits alone (misses), a fraction. */
  addedClassError: number;
  /** Test error on the other nine classes' digits, a fraction. */
  otherClassesError: number;
  /** Parameters trained after the ninth class. */
  trained: number;
  /** Seconds of that training. */
  seconds: number;
}

/** Everything {@link energyVariants} measured. */
export interface VariantsResults {
  /** The settings. */
  settings: VariantsSettings;
  /** The Sec. 4.7 variants. */
  variants: VariantResult[];
  /** Adding the tenth class. */
  addClass: AddClassResult[];
}

/**
 * The variants' settings from a Table 2 config: its first hidden size, contraction or
 * corruption, and fine-tuning learning rate, for `activation`; the model without pretraining
 * validates its rate over all of the config's fine-tuning rates. With `grid`, every hidden
 * size and contraction (or corruption) of the config is validated (Sec. 4.3-4.4).
 *
 * @example
 * ```ts
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { variantsSettings } from "./variants.ts";
 * const s = variantsSettings(ENERGY_PRESETS.quick, "sigmoid", 0.01);
 * console.log(s.hidden, s.contraction, s.learningRate, s.noPretrainingRates); // 100 0.5 0.01 [ 0.003, 0.01, 0.03 ]
 * const g = variantsSettings({ ...ENERGY_PRESETS.quick, hidden: [100, 300] }, "sigmoid", 0.01, true);
 * console.log(g.grid?.map((p) => p.hidden)); // [ 100, 300 ]
 * ```
 */
export function variantsSettings(
  config: EnergyConfig,
  activation: EnergyActivationName = "sigmoid",
  learningRate = config.fineTune.learningRate[0],
  grid = false,
): VariantsSettings {
  const denoised = ["relu", "modulus", "max"].includes(activation);
  const settings = config.hidden.flatMap((hidden) =>
    (denoised ? config.corruption : config.contraction).map((r) => ({
      hidden,
      contraction: denoised ? 0 : r,
      corruption: denoised ? r : 0,
    }))
  );
  return {
    activation,
    ...settings[0],
    learningRate,
    noPretrainingRates: [...config.fineTune.learningRate],
    ...(grid && settings.length > 1 ? { grid: settings } : {}),
  };
}

/** A pretraining setting as text: "h100 contraction 0.5". */
function pretrainingText(p: VariantPretraining, pretrained = true): string {
  if (!pretrained) return `h${p.hidden}`;
  return `h${p.hidden} ` +
    (p.contraction > 0 ? `contraction ${p.contraction}` : `corruption ${p.corruption}`);
}

const countOf = (m: CsaeModel) => Object.values(m.params).reduce((s, v) => s + v.size, 0);

/**
 * Run the Sec. 4.7 variants and the added-class experiment on `data` (labels 0 to
 * `config.classes - 1`, 10 classes by default). The added class runs only with 10 classes and
 * unless `run.addClass` is false; `addClass` is then empty.
 *
 * @example
 * ```ts
 * import { loadSplits } from "../../lib/data/splits.ts";
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { energyVariants, variantsSettings } from "./variants.ts";
 * const s = await loadSplits("mnist", { train: 300, validation: 100, test: 100 });
 * const config = ENERGY_PRESETS.smoke;
 * const r = await energyVariants(s, config, variantsSettings(config), {
 *   dataset: "mnist", preset: "smoke", backend: "cpu",
 * });
 * console.log(r.variants.length, r.addClass.length); // 5 3
 * ```
 */
export async function energyVariants(
  splits: Pick<DatasetSplits, "train" | "validation" | "test">,
  config: EnergyConfig,
  settings: VariantsSettings,
  options: ReproRunOptions,
  run: { addClass?: boolean; variants?: readonly string[] } = {},
): Promise<VariantsResults> {
  const unknown = (run.variants ?? []).filter((v) => !VARIANT_NAMES.includes(v));
  if (unknown.length) {
    throw new RangeError(
      `unknown variant ${unknown.join(", ")}: choose from ${VARIANT_NAMES.join(", ")}`,
    );
  }
  const ctx = energyTrainContext(config, options, options.seed ?? 1);
  const data: EnergyData = {
    train: splits.train,
    validation: splits.validation,
    test: splits.test,
    trainValidation: concatRows(splits.train, splits.validation),
  };
  const classes = config.classes ?? 10;
  const grid = settings.grid ?? [settings];
  const kept = new Map<string, VariantResult>();
  const randomStarts = new Set<number>(); // hidden sizes whose model without pretraining ran
  let added: AddClassResult[] = [];
  for (const [i, p] of grid.entries()) {
    const s: VariantsSettings = { ...settings, ...pick(p) };
    const names = (run.variants ?? VARIANT_NAMES).filter((v) =>
      v !== "no pretraining" || !randomStarts.has(p.hidden)
    );
    randomStarts.add(p.hidden);
    const addHere = i === 0 && (run.addClass ?? true) && classes === 10;
    if (!names.length && !addHere) continue; // nothing here needs this pretraining
    const pretrained = await pretrainVariants(data, classes, config, s, ctx);
    try {
      for (const v of await runVariants(pretrained, data, config, s, ctx, names)) {
        const before = kept.get(v.variant);
        // each variant keeps the setting of lowest validation error, and the grid's cost
        if (!before || v.validationError < before.validationError) {
          kept.set(v.variant, { ...v, seconds: v.seconds + (before?.seconds ?? 0) });
        } else before.seconds += v.seconds;
      }
      // the added class is the tenth of ten (class 9 added to a model of classes 0-8)
      if (addHere) {
        added = await runAddClass(pretrained, data, config, s, ctx);
      }
    } finally {
      for (const ae of pretrained.autoencoders) ae.dispose();
    }
  }
  const variants = VARIANT_NAMES.flatMap((v) => kept.has(v) ? [kept.get(v)!] : []);
  return { settings, variants, addClass: added };
}

/** A grid point's own fields (not the rest of a settings object). */
function pick(p: VariantPretraining): VariantPretraining {
  return { hidden: p.hidden, contraction: p.contraction, corruption: p.corruption };
}

/** The class autoencoders of one setting, pretrained on train (+ validation: Sec. 4.3). */
function pretrainVariants(
  data: EnergyData,
  classes: number,
  config: EnergyConfig,
  settings: VariantsSettings,
  ctx: EnergyTrainContext,
): Promise<PretrainedClasses> {
  const pre = config.pretrain;
  const pretrainData = config.pretrainOnValidation ? data.trainValidation : data.train;
  return pretrainClasses(pretrainData, classes, {
    activation: settings.activation,
    hidden: settings.hidden,
    regularizer: { contraction: settings.contraction, corruption: settings.corruption },
  }, {
    epochs: pre.epochs,
    learningRate: pretrainRate(
      pre.learningRate[settings.activation] ?? pre.learningRate.default,
      settings.hidden,
      pre.rateWidth,
    ),
    initStd: pre.initStd,
    normalizeFilters: pre.normalizeFilters,
    ...(pre.output === "sigmoid" ? { output: "sigmoid" as const } : {}),
  }, ctx);
}

/**
 * The runs that train a few parameters on fixed autoencoders (the constants C, or the linear
 * classifier on the energies) use Adam at these rates instead of the fine-tuning's SGD: the
 * energies are in the hundreds, so SGD at the fine-tuning rate moves C by at most a few units
 * in 15 epochs (in a trial, learning C alone that way left 19% validation error), and the
 * classifier's weights see gradients a hundred times larger than C's. The paper gives neither.
 */
const FEW_PARAMETER_RATES: Readonly<Record<string, number>> = {
  "learn normalization": 0.1,
  "energies": 0.01,
  "add-class-normalization": 0.1,
};

/** Fine-tune `model` (best validation epoch kept) and measure it; frees it. */
async function measure(
  name: string,
  model: CsaeModel,
  data: { train: ArrayData; validation: ArrayData },
  config: EnergyConfig,
  settings: VariantsSettings,
  ctx: EnergyTrainContext,
) {
  const trained = countOf(model);
  const rate = FEW_PARAMETER_RATES[name];
  // the rate grid is not this run's setting: the rate it trains at is
  const { noPretrainingRates: _rates, grid: _grid, ...own } = settings;
  const ft = await fineTune(model, data.train, data.validation, {
    name: `variant-${settings.activation}-h${settings.hidden}-${name}`,
    settings: {
      name,
      ...own,
      // the autoencoders fine-tuned here come from this pretraining: another resumes nothing
      pretrain: config.pretrain,
      pretrainOnValidation: config.pretrainOnValidation,
      // the energies classifier reads standardised energies: earlier raw-energy runs resume none
      ...(name === "energies" ? { energies: "standardized" } : {}),
      epochs: config.fineTune.epochs,
      n: data.train.n,
      ...(rate ? { learningRate: rate, optimizer: "adam" } : {}),
    },
    epochs: config.fineTune.epochs,
    learningRate: rate ?? settings.learningRate,
    ...(rate ? { optimizer: () => adam() } : {}),
  }, ctx);
  return {
    model: ft.model,
    trained,
    validationError: ft.validationError,
    epochs: ft.result.bestEpoch + 1,
    learningRate: rate ?? settings.learningRate,
    seconds: ft.result.seconds,
  };
}

async function runVariants(
  pretrained: PretrainedClasses,
  data: EnergyData,
  config: EnergyConfig,
  settings: VariantsSettings,
  ctx: EnergyTrainContext,
  names: readonly string[] = VARIANT_NAMES,
): Promise<VariantResult[]> {
  const aes = pretrained.autoencoders;
  const fixed = csaeFromAutoencoders(aes); // the energies variant's base, never trained
  // the energies' statistics over the training rows, only when the energies variant runs
  const energyStats = names.includes("energies")
    ? await energyStatistics(fixed, data.train)
    : undefined;
  const build: [string, () => CsaeModel][] = [
    ["CSAE", () => csaeFromAutoencoders(aes, { loss: "log" })],
    ["hinge", () => csaeFromAutoencoders(aes, { loss: "hinge" })],
    ["learn normalization", () => csaeFromAutoencoders(aes, { learn: "normalization" })],
    // each class's energy standardised over the training rows (the same linear classifier)
    ["energies", () => energyLinearClassifier(fixed, { standardize: energyStats! })],
    ["no pretraining", () =>
      classSpecificAutoencoders({
        inputs: data.train.features,
        classes: config.classes ?? 10,
        hidden: settings.hidden,
        activation: settings.activation,
        initStd: config.pretrain.initStd,
        seed: ctx.seed,
      })],
  ];
  const out: VariantResult[] = [];
  try {
    for (const [variant, make] of build.filter(([v]) => names.includes(v))) {
      const rates = variant === "no pretraining"
        ? settings.noPretrainingRates ?? [settings.learningRate]
        : [settings.learningRate];
      // each rate fine-tuned; the one with the lowest validation error kept (Sec. 4.4)
      let best: Awaited<ReturnType<typeof measure>> | null = null;
      let seconds = 0;
      for (const learningRate of rates) {
        const m = await measure(variant, make(), data, config, { ...settings, learningRate }, ctx);
        seconds += m.seconds;
        if (!best || m.validationError < best.validationError) {
          best?.model.dispose();
          best = m;
        } else m.model.dispose();
      }
      out.push({
        variant,
        testError: await testError(best!.model, data.test),
        validationError: best!.validationError,
        epochs: best!.epochs,
        learningRate: best!.learningRate,
        trained: best!.trained,
        seconds,
        pretraining: pretrainingText(settings, variant !== "no pretraining"),
      });
      best!.model.dispose();
    }
  } finally {
    fixed.dispose();
  }
  return out;
}

/** A new autoencoder with the settings and weights of `ae`. */
function copyAutoencoder(ae: ContractiveAutoencoder): ContractiveAutoencoder {
  const copy = contractiveAutoencoder(ae.config);
  copy.params.W.assign(ae.params.W);
  copy.params.b.assign(ae.params.b);
  copy.params.bOut.assign(ae.params.bOut);
  return copy;
}

/** The rows of `data` whose label is below `classes`. */
function firstClasses(data: ArrayData, classes: number): ArrayData {
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if (data.y![i] < classes) rows.push(i);
  return pickRows(data, rows);
}

/** Errors on all rows, on the added class's rows and on the others'. */
async function splitErrors(model: CsaeModel, test: ArrayData, added: number) {
  const own: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < test.n; i++) (test.y![i] === added ? own : others).push(i);
  return {
    testError: await testError(model, test),
    addedClassError: await testError(model, pickRows(test, own)),
    otherClassesError: await testError(model, pickRows(test, others)),
  };
}

async function runAddClass(
  pretrained: PretrainedClasses,
  data: EnergyData,
  config: EnergyConfig,
  settings: VariantsSettings,
  ctx: EnergyTrainContext,
): Promise<AddClassResult[]> {
  const aes = pretrained.autoencoders;
  const nineData = {
    train: firstClasses(data.train, 9),
    validation: firstClasses(data.validation, 9),
  };
  const nine = await measure(
    "nine-classes",
    csaeFromAutoencoders(aes.slice(0, 9)),
    nineData,
    config,
    settings,
    ctx,
  );
  const out: AddClassResult[] = [];
  try {
    const ten = await measure("CSAE", csaeFromAutoencoders(aes), data, config, settings, ctx);
    out.push({
      model: "ten-class CSAE (all classes fine-tuned together)",
      ...await splitErrors(ten.model, data.test, 9),
      trained: ten.trained,
      seconds: ten.seconds,
    });
    ten.model.dispose();
    for (
      const [model, learn] of [
        ["nine-class CSAE + class 9: its autoencoder and the constants", "new-class"],
        ["nine-class CSAE + class 9: the constants only", "normalization"],
      ] as const
    ) {
      // a copy of the tenth autoencoder, so that each way starts from the pretrained one
      const fresh = copyAutoencoder(aes[9]);
      const m = await measure(
        `add-class-${learn}`,
        addClass(nine.model, fresh, { learn }),
        data,
        config,
        settings,
        ctx,
      );
      out.push({
        model,
        ...await splitErrors(m.model, data.test, 9),
        trained: m.trained,
        seconds: m.seconds,
      });
      m.model.dispose();
      fresh.dispose();
    }
  } finally {
    nine.model.dispose();
  }
  return out;
}

/**
 * The variants and the added class as tables: `variants` (test error % beside Table 4's
 * MNIST-small column) and `add_class`.
 *
 * @example
 * ```ts
 * import { variantsTables } from "./variants.ts";
 * const t = variantsTables({
 *   settings: { activation: "sigmoid", hidden: 100, contraction: 0.5, corruption: 0, learningRate: 0.01 },
 *   variants: [{ variant: "CSAE", testError: 0.02, validationError: 0.02, epochs: 3, learningRate: 0.01, trained: 9, seconds: 1 }],
 *   addClass: [],
 * }, { dataset: "mnist", train: 100, validation: 50, test: 50, epochs: 3, pretrainEpochs: 2 });
 * console.log(t[0].rows[0]); // { row: "CSAE", paper: 3.38, ours: 2, validation: 2, epochs: 3, trained: 9, seconds: 1 }
 * ```
 */
export function variantsTables(
  r: VariantsResults,
  run: {
    dataset: string;
    train: number;
    validation: number;
    test: number;
    epochs: number;
    pretrainEpochs: number;
  },
): EnergyTable[] {
  const s = r.settings;
  const reg = s.contraction > 0 ? `contraction ${s.contraction}` : `corruption ${s.corruption}`;
  const setting =
    `${s.activation} hidden units, ${s.hidden} per class, pretrained ${run.pretrainEpochs} epochs (${reg}); fine-tuning learning rate ${s.learningRate}${
      (s.noPretrainingRates?.length ?? 1) > 1
        ? ` (without pretraining: validated over ${s.noPretrainingRates!.join(", ")})`
        : ""
    }, up to ${run.epochs} epochs, ` +
    `best validation epoch kept, no retraining on train + validation (learn normalization, ` +
    `energies and the class added by its constants: Adam at ${
      FEW_PARAMETER_RATES["learn normalization"]
    }, ${FEW_PARAMETER_RATES.energies} and ${FEW_PARAMETER_RATES["add-class-normalization"]}, ` +
    `few parameters on fixed energies; the energies classifier reads each class's energy ` +
    `standardised over the training rows); splits ${run.train}/` +
    `${run.validation}/${run.test} (${run.dataset}); batch 100, momentum 0.9.`;
  const pct = (e: number) => 100 * e;
  const variants: ResultsRow[] = r.variants.map((v) => ({
    row: v.variant,
    paper: ENERGY_PAPER_TABLE4_MNIST_SMALL[v.variant] ?? null,
    ours: pct(v.testError),
    validation: pct(v.validationError),
    epochs: v.epochs,
    trained: v.trained,
    seconds: v.seconds,
  }));
  const added: ResultsRow[] = r.addClass.map((a) => ({
    row: a.model,
    paper: null,
    ours: pct(a.testError),
    addedClass: pct(a.addedClassError),
    otherClasses: pct(a.otherClassesError),
    trained: a.trained,
    seconds: a.seconds,
  }));
  return [
    {
      name: "variants",
      rows: variants,
      title: `Kamyshanska & Memisevic Sec. 4.7 variants: ${run.dataset} test error %`,
      notes: `"paper" is Table 4's MNIST-small column (another test set: 50,000 ` +
        `digits of the 2007 benchmark); "trained" counts the parameters of the discriminative ` +
        `phase. ${setting}`,
    },
    {
      name: "add_class",
      rows: added,
      title: `Adding the tenth class to a trained nine-class CSAE: ${run.dataset} test error %`,
      notes: `"addedClass" is the error on the test digits of class 9, "otherClasses" on the ` +
        `rest; "trained" counts the parameters trained after the nine-class model (which is ` +
        `fine-tuned on classes 0-8 alone and then fixed); the paper does not run this. ${setting}`,
    },
  ];
}
