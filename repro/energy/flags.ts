/**
 * The validation-grid flags that `repro:energy` and `repro:energy-benchmarks` share (Sec. 4.4:
 * hidden units, contraction, corruption, learning rate and weight decay are validated), and
 * how they change a run's settings.
 *
 * @module
 */
import { choiceFlag, integerFlag, numberFlag, numberListFlag, UsageError } from "../cli.ts";
import type { EnergyConfig } from "./config.ts";

/** The flags' help lines. */
export const ENERGY_GRID_FLAGS: Readonly<Record<string, string>> = {
  hidden: "N,N  hidden units to validate (default: the preset's; the paper's 100,200,300,500)",
  contraction: "A,A  contraction penalties to validate (the paper's 0.2,0.5,1.0)",
  corruption: "A,A  corruption levels to validate (the paper's 0.2,0.5)",
  lr: "A,A  fine-tuning learning rates of the plain CSAE to validate",
  "lr-factored": "A,A  fine-tuning learning rates of the factored CSAE to validate",
  l2: "A,A  L2 weight decays to validate (Sec. 4.4)",
  "lr-decay":
    "B  fine-tuning rate decay of the CSAE rows: rate / (1 + B epoch) (default 0: constant)",
  "normalize-filters":
    '  rescale the filters to their mean norm after every pretraining step (Sec. 4.3: "can help")',
  "constant-norm": "  keep the plain CSAE's filters at a constant norm during fine-tuning " +
    '(Table 5: "normalized filters to have constant norm during the optimization")',
  "centre-constants": "  start the plain CSAE's constants C at minus each class's mean energy " +
    "over 2,000 training rows instead of zero",
  "pretrain-rate-width": "N  scale each per-class pretraining rate by N / hidden units for " +
    "models wider than N (default: the preset's; paper 100, quick none)",
  "pretrain-epochs": "N  epochs of per-class pretraining (default: the preset's)",
  "factored-pretrain-epochs": "N  epochs of the factored models' pretraining (default: the " +
    "preset's)",
  "pretrain-train-only": "  pretrain on the training rows alone, leaving the validation rows " +
    "unseen (Sec. 4.3 pretrains on train + validation, which the rows that keep the " +
    "autoencoders fixed then fit)",
  "pretrain-output": "linear|sigmoid  outputs of the plain autoencoders: linear with the " +
    "squared error (default) or sigmoid with the cross-entropy (Sec. 2.5, energy Eq. 28)",
};

/**
 * The settings with the grids given on the command line in place of the preset's (hidden
 * units set the factored models' factors too), filter normalisation in pretraining when
 * `--normalize-filters` is given, the per-class pretraining's epochs from `--pretrain-epochs`
 * and the factored models' from `--factored-pretrain-epochs`,
 * the autoencoders' outputs from `--pretrain-output`, pretraining on the training rows alone
 * with `--pretrain-train-only`, filters of constant norm in
 * fine-tuning when `--constant-norm` is given, a decaying fine-tuning rate from
 * `--lr-decay`, and constants started at minus the mean energies with `--centre-constants`.
 *
 * @param config a run's settings (not changed)
 * @param extra the script's flags, by name
 * @returns the settings with the grids given
 * @throws UsageError naming a flag whose list is not numbers in range
 *
 * @example
 * ```ts
 * import { ENERGY_PRESETS } from "./config.ts";
 * import { withGridFlags } from "./flags.ts";
 * const c = withGridFlags(ENERGY_PRESETS.quick, { hidden: "100,300", l2: "0,1e-3" });
 * console.log(c.hidden, c.factors, c.fineTune.l2); // [ 100, 300 ] [ 100, 300 ] [ 0, 0.001 ]
 * ```
 */
export function withGridFlags(
  config: EnergyConfig,
  extra: Readonly<Record<string, string | undefined>>,
): EnergyConfig {
  const hidden = numberListFlag("hidden", extra.hidden, 1);
  if (hidden?.some((h) => !Number.isInteger(h))) {
    throw new UsageError(`--hidden must list whole numbers of units, got "${extra.hidden}"`);
  }
  const decay = numberFlag("lr-decay", extra["lr-decay"], 0);
  return {
    ...config,
    hidden: hidden ?? config.hidden,
    factors: hidden ?? config.factors,
    contraction: numberListFlag("contraction", extra.contraction, 0) ?? config.contraction,
    corruption: numberListFlag("corruption", extra.corruption, 0) ?? config.corruption,
    pretrainOnValidation: extra["pretrain-train-only"] === "true"
      ? false
      : config.pretrainOnValidation,
    pretrain: {
      ...config.pretrain,
      epochs: integerFlag("pretrain-epochs", extra["pretrain-epochs"], 1) ?? config.pretrain.epochs,
      factoredEpochs:
        integerFlag("factored-pretrain-epochs", extra["factored-pretrain-epochs"], 1) ??
          config.pretrain.factoredEpochs,
      rateWidth: integerFlag("pretrain-rate-width", extra["pretrain-rate-width"], 1) ??
        config.pretrain.rateWidth,
      normalizeFilters: extra["normalize-filters"] === "true" || config.pretrain.normalizeFilters,
      output: choiceFlag("pretrain-output", extra["pretrain-output"], ["linear", "sigmoid"]) ??
        config.pretrain.output,
    },
    fineTune: {
      ...config.fineTune,
      learningRate: numberListFlag("lr", extra.lr, Number.MIN_VALUE) ??
        config.fineTune.learningRate,
      factoredLearningRate: numberListFlag("lr-factored", extra["lr-factored"], Number.MIN_VALUE) ??
        config.fineTune.factoredLearningRate,
      l2: numberListFlag("l2", extra.l2, 0) ?? config.fineTune.l2,
      ...(extra["constant-norm"] === "true" || config.fineTune.constantNorm
        ? { constantNorm: true }
        : {}),
      ...(decay === undefined ? {} : { lrDecay: decay }),
      ...(extra["centre-constants"] === "true" || config.fineTune.centreConstants
        ? { centreConstants: true }
        : {}),
    },
  };
}
