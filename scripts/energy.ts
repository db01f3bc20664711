/**
 * Reproduce Kamyshanska & Memisevic (2015), "The Potential Energy of an Autoencoder", Table 2
 * on MNIST or Fashion-MNIST: the class-specific autoencoders (plain and factored, one row per
 * activation) pretrained per class and fine-tuned on Eq. 45, and the classification RBM rows;
 * Figures 5, 7 and 8, and Figures 1-3 of `figures_energy.ts`.
 *
 *   deno task repro:energy --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/energy/<dataset>): table2 and factored as
 * .md and .csv, figure5-*.png, figure7-*.png, figure8.svg, validation-curves.svg,
 * captions.md and metadata.json; with --figures-1-3 also Figures 1-3 and their tables in the
 * folder figures beside --out. Interrupt with Ctrl-C and run again to resume. `--help` lists
 * the flags.
 *
 * @module
 */
import {
  choiceListFlag,
  integerFlag,
  interruptSignal,
  numberFlag,
  numberListFlag,
  runMain,
  startScript,
  UsageError,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { dirname } from "node:path";
import {
  ENERGY_PAPER_TABLE2,
  energyConfig,
  energyFigures,
  energyFigures123,
  energyReproduction,
  energySplits,
  energyTables,
  writeEnergyFigures,
  writeEnergyTables,
} from "../repro/energy/mod.ts";
import { ENERGY_GRID_FLAGS, withGridFlags } from "../repro/energy/flags.ts";

const FLAGS = {
  "figures-1-3": "  also draw Figures 1-3 (figures_energy.ts) into the folder figures beside --out",
  train: "N  training digits (default: the preset's; 50000 is all of the split)",
  validation: "N  validation digits, also retrained on (default: the preset's; 10000 is all)",
  ...ENERGY_GRID_FLAGS,
  "pretrain-lr": "A  pretraining rate of the activations without their own (linear, modulus, ...)",
  "pretrain-lr-sigmoid": "A  pretraining rate of the sigmoid autoencoders (default: the preset's)",
  "pretrain-lr-factored": "A  pretraining rate of every factored model (default: the preset's, " +
    "per activation)",
  "rbm-hidden": "N,N  hidden units of the classification RBMs to validate (the paper's 500,1500)",
  "rbm-lr": "A  SGD rate of the classification RBMs, every objective (default: the preset's)",
  "rbm-epochs": "N  training epochs of the classification RBMs (default: the preset's)",
  "rbm-lr-decay":
    "B  decrease constant of the RBMs' rate: rate / (1 + B epoch) (default 0, constant)",
  "rbm-cd-steps": "N  Gibbs steps of the RBMs' contrastive divergence, CD-N (default 1)",
  rows: "ID,ID  Table 2 rows to run (default all): " +
    ENERGY_PAPER_TABLE2.map((r) => r.id).join(","),
};

await runMain(async () => {
  const run = await startScript("energy", Deno.args, FLAGS);
  if (!run) return;
  const { args } = run;
  const config = withGridFlags(energyConfig(args.preset, args.dataset, args.epochs), args.extra);
  config.rows = choiceListFlag(
    "rows",
    args.extra.rows,
    ENERGY_PAPER_TABLE2.map((r) => r.id),
  ) ?? config.rows;
  const rate = (flag: string) => numberFlag(flag, args.extra[flag], Number.MIN_VALUE, "rate");
  const pretrainRate = rate("pretrain-lr");
  const sigmoidRate = rate("pretrain-lr-sigmoid");
  const learningRate = config.pretrain.learningRate;
  config.pretrain = {
    ...config.pretrain,
    learningRate: {
      ...learningRate,
      default: pretrainRate ?? learningRate.default,
      ...(sigmoidRate === undefined ? {} : { sigmoid: sigmoidRate }),
    },
  };
  const factoredRate = rate("pretrain-lr-factored");
  if (factoredRate !== undefined) {
    config.pretrain = { ...config.pretrain, factoredLearningRate: { default: factoredRate } };
  }
  const rbmHidden = numberListFlag("rbm-hidden", args.extra["rbm-hidden"], 1);
  if (rbmHidden?.some((h) => !Number.isInteger(h))) {
    throw new UsageError(
      `--rbm-hidden must list whole numbers of units, got "${args.extra["rbm-hidden"]}"`,
    );
  }
  if (rbmHidden) config.rbm = { ...config.rbm, hidden: rbmHidden };
  const r = rate("rbm-lr");
  if (r !== undefined) {
    config.rbm = {
      ...config.rbm,
      learningRate: { generative: r, discriminative: r, hybrid: r },
    };
  }
  const rbmEpochs = integerFlag("rbm-epochs", args.extra["rbm-epochs"], 1);
  if (rbmEpochs !== undefined) config.rbm = { ...config.rbm, epochs: rbmEpochs };
  const rbmDecay = numberFlag("rbm-lr-decay", args.extra["rbm-lr-decay"], 0);
  if (rbmDecay !== undefined) config.rbm = { ...config.rbm, lrDecay: rbmDecay };
  const cdSteps = integerFlag("rbm-cd-steps", args.extra["rbm-cd-steps"], 1);
  if (cdSteps !== undefined) config.rbm = { ...config.rbm, cdSteps };
  const train = integerFlag("train", args.extra.train, 1);
  if (train !== undefined) config.sizes = { ...config.sizes, train };
  const validation = integerFlag("validation", args.extra.validation, 1);
  if (validation !== undefined) config.sizes = { ...config.sizes, validation };
  const splits = await energySplits(args.dataset, config);
  console.error(
    `energy: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n}, rows ${config.rows.join(", ")}; ${config.pretrain.epochs} pretraining ` +
      `and ${config.fineTune.epochs} fine-tuning epochs`,
  );
  const { signal, dispose } = interruptSignal();
  let results;
  try {
    results = await energyReproduction(splits, config, run.reproOptions(signal));
  } finally {
    dispose();
  }
  const { written, meta } = await writeResultsSet(args.out, async () => {
    await writeEnergyFigures(args.out, energyFigures(results));
    const written = await writeEnergyTables(args.out, energyTables(results, config, splits));
    const meta = await run.metadata(config.fineTune.epochs, { config });
    await writeMetadata(args.out, "metadata", meta);
    return { written, meta };
  });
  console.log(await Deno.readTextFile(written.table2));
  if (args.extra["figures-1-3"]) {
    const dir = `${dirname(args.out)}/figures`;
    const drawn = await energyFigures123({
      preset: args.preset === "smoke" ? "smoke" : "paper",
      progress: run.reproOptions().progress,
    });
    await writeResultsSet(dir, async () => {
      await writeEnergyFigures(dir, drawn.figures);
      await writeEnergyTables(dir, drawn.tables);
      await writeMetadata(dir, "metadata", await run.metadata(0, { figures: "1-3" }));
    });
    console.error(`energy: wrote Figures 1-3 to ${dir}`);
  }
  console.error(`energy: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
