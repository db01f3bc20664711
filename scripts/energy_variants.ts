/**
 * Kamyshanska & Memisevic (2015) Sec. 4.7 on MNIST or Fashion-MNIST: the variants of the
 * class-specific autoencoder (CSAE, hinge loss, learn normalization, energies + a linear
 * classifier, no pretraining), and adding the tenth class to a trained nine-class model.
 *
 *   deno task repro:energy-variants --preset smoke|quick|paper [--activation sigmoid] [--lr 0.01]
 *
 * Writes to results/energy/<dataset>-variants unless --out is given: variants.md/.csv,
 * add_class.md/.csv and metadata.json. The pretrained autoencoders share the checkpoints of
 * `deno task repro:energy` with the same preset, so after it only the fine-tuning runs.
 * Interrupt with Ctrl-C and run again to resume. `--help` lists the flags.
 *
 * @module
 */
import {
  choiceFlag,
  integerFlag,
  interruptSignal,
  numberListFlag,
  runMain,
  startScript,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { ENERGY_ACTIVATIONS, type EnergyActivationName } from "../lib/energy/energy.ts";
import {
  energyConfig,
  energySplits,
  energyVariants,
  variantsSettings,
  variantsTables,
  writeEnergyTables,
} from "../repro/energy/mod.ts";

const FLAGS = {
  activation: "NAME  hidden activation of the autoencoders (default sigmoid)",
  lr: "A  fine-tuning learning rate of every variant (default the preset's first)",
  train: "N  training digits (default: the preset's; 50000 is all of the split)",
};

await runMain(async () => {
  const run = await startScript("energy-variants", Deno.args, FLAGS);
  if (!run) return;
  const { args } = run;
  const outGiven = Deno.args.some((a) => a === "--out" || a.startsWith("--out="));
  const out = outGiven ? args.out : `${args.out}-variants`;
  const config = energyConfig(args.preset, args.dataset, args.epochs);
  const activation = choiceFlag(
    "activation",
    args.extra.activation,
    Object.keys(ENERGY_ACTIVATIONS) as EnergyActivationName[],
  ) ?? "sigmoid";
  const lr = numberListFlag("lr", args.extra.lr, Number.MIN_VALUE)?.[0];
  const train = integerFlag("train", args.extra.train, 1);
  if (train !== undefined) config.sizes = { ...config.sizes, train };
  const settings = variantsSettings(config, activation, lr);
  const splits = await energySplits(args.dataset, config);
  console.error(
    `energy-variants: preset ${args.preset}, ${args.dataset} ${splits.train.n}/` +
      `${splits.validation.n}/${splits.test.n}, ${activation} h${settings.hidden}, lr ` +
      `${settings.learningRate}`,
  );
  const { signal, dispose } = interruptSignal();
  let results;
  try {
    results = await energyVariants(splits, config, settings, run.reproOptions(signal));
  } finally {
    dispose();
  }
  const tables = variantsTables(results, {
    dataset: args.dataset,
    train: splits.train.n,
    validation: splits.validation.n,
    test: splits.test.n,
    epochs: config.fineTune.epochs,
    pretrainEpochs: config.pretrain.epochs,
  });
  const { written, meta } = await writeResultsSet(out, async () => {
    const written = await writeEnergyTables(out, tables);
    const meta = await run.metadata(config.fineTune.epochs, { config, variants: settings });
    await writeMetadata(out, "metadata", meta);
    return { written, meta };
  });
  console.log(await Deno.readTextFile(written.variants));
  console.log(await Deno.readTextFile(written.add_class));
  console.error(`energy-variants: wrote ${out} in ${meta.wallSeconds.toFixed(1)} s`);
});
