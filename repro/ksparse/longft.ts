/**
 * Table 3 of Makhzani & Frey (2014) at a longer fine-tuning length than the preset's: the
 * networks asked for, fine-tuned from the autoencoders a `repro:ksparse` run of the same preset
 * trained (its checkpoints are reused, so nothing is pre-trained twice), for `epochs` epochs
 * per stage with the paper's schedule (Sec. 4.2.2: rate falling linearly from 1 to 0.001,
 * momentum 0.25; the paper fine-tunes for 200 epochs).
 *
 * @module
 */
import type { DatasetSplits } from "../../lib/data/splits.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { KSparseConfig } from "./config.ts";
import {
  disposePretrained,
  fineTune,
  type KSparseFineTuneNetwork,
  type KSparseFineTuneOutcome,
} from "./finetune.ts";
import { KSPARSE_PAPER_SETTINGS as P } from "./paper.ts";
import { ksparseCheckpoints, ksparsePretrained } from "./run.ts";
import { fineTuneRows, type KSparseTable } from "./tables.ts";

/**
 * Fine-tune `networks` for `epochs` epochs per stage from the preset's pre-trained models.
 *
 * @param splits the data
 * @param config the preset's settings (its pre-training defines the checkpoints reused)
 * @param networks Table 3's networks to fine-tune
 * @param epochs epochs per fine-tuning stage
 * @param options checkpoints, progress, interrupt and seed, as every reproduction run
 * @returns one outcome per network, in the paper's order
 */
export async function ksparseLongFineTune(
  splits: DatasetSplits,
  config: KSparseConfig,
  networks: readonly KSparseFineTuneNetwork[],
  epochs: number,
  options: ReproRunOptions,
): Promise<KSparseFineTuneOutcome[]> {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new Error(`ksparseLongFineTune: epochs must be an integer >= 1, got ${epochs}`);
  }
  const seed = options.seed ?? 1;
  const longer = { ...config, fineTune: { ...config.fineTune, epochs } };
  // pre-training runs resume the preset's checkpoints; fine-tuning runs get their own names
  const pretrained = ksparseCheckpoints(config, options);
  const fineTuning = ksparseCheckpoints(longer, options);
  const checkpoint = (name: string) => name.startsWith("ft-") ? fineTuning(name) : pretrained(name);
  const pre = await ksparsePretrained(splits, config, networks, options);
  try {
    return await fineTune(
      {
        splits,
        config: longer,
        seed,
        checkpoint,
        trainOptions: { progress: options.progress, signal: options.signal, seed },
      },
      pre,
      networks,
    );
  } finally {
    disposePretrained(pre);
  }
}

/**
 * The table of a longer fine-tuning run: Table 3's rows asked for, beside the paper's.
 *
 * @example
 * ```ts
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { ksparseLongFineTuneTable } from "./longft.ts";
 * const t = ksparseLongFineTuneTable([{
 *   network: "dropout",
 *   errors: { testError: 0.015, validationError: 0.014, epochs: 50, seconds: 1 },
 *   note: null,
 * }], KSPARSE_PRESETS.quick, 50, { dataset: "mnist", preset: "quick", seed: 1, backend: "cpu" });
 * console.log(t.name, t.rows[0].paper, t.rows[0].ours); // finetune 1.05 1.5
 * ```
 */
export function ksparseLongFineTuneTable(
  outcomes: readonly KSparseFineTuneOutcome[],
  config: KSparseConfig,
  epochs: number,
  run: { dataset: string; preset: string; seed: number; backend: string },
): KSparseTable {
  const ft = config.fineTune;
  return {
    name: "finetune",
    rows: fineTuneRows(outcomes, { ...run, epochs: config.epochs }),
    title: `Makhzani & Frey Table 3: ${run.dataset}, fine-tuning ${epochs} epochs per stage, ` +
      `error %`,
    notes: `Test error % after fine-tuning for ${epochs} epochs per stage (the paper: ` +
      `${P.fineTuneEpochs}), lr ${ft.learningRate.join(" to ")} falling linearly over them, ` +
      `momentum ${ft.momentum}, batch ${ft.batchSize}, best validation epoch kept; the deep ` +
      `networks' stages after the softmax-only one at ${ft.deepScale} times that rate; ` +
      `"epochs" counts all stages. The networks start from the autoencoders of the ` +
      `${run.preset} preset (${config.epochs} epochs of pre-training, batch ${config.batchSize}, ` +
      `SGD lr ${config.learningRate} momentum ${config.momentum}; the comparison ` +
      `autoencoders at lr ${config.comparisonTraining.learningRate}); seed ${run.seed}; ` +
      `backend ${run.backend}.`,
    columnDigits: { seconds: 1 },
  };
}
