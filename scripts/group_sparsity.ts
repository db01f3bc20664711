/**
 * Group sparsity and lateral inhibition (NYU deep learning, week 9), measured: pooled
 * group-sparse features against a plain L1 and a k-sparse autoencoder at about the same
 * reconstruction error (invariance to shifts and rotations, linear probes) on MNIST and
 * Fashion-MNIST; topographic filter maps on whitened natural image patches; the dictionary with
 * tree-shaped lateral inhibition; the stacked convolutional encoder under a linear probe.
 *
 *   deno task repro:group-sparsity --preset smoke|quick|paper [--parts digits,patches,conv]
 *
 * Writes to results/group_sparsity/<preset> unless --out is given: the tables as .md and
 * .csv, the pictures (.png, .svg), captions.md and metadata.json. Natural patches need
 * Debian's python3-skimage (or SKIMAGE_DATA_DIR). Interrupt with Ctrl-C and run again to
 * resume. `--help` lists the flags.
 *
 * @module
 */
import {
  choiceListFlag,
  integerFlag,
  interruptSignal,
  numberListFlag,
  runMain,
  startScript,
  UsageError,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { naturalPatches } from "../lib/data/patches.ts";
import type { DatasetName } from "../lib/data/mnist.ts";
import { writeEnergyFigures, writeEnergyTables } from "../repro/energy/mod.ts";
import {
  GROUP_SPARSITY_PARTS,
  groupSparsityConfig,
  groupSparsityFigures,
  type GroupSparsityPart,
  groupSparsityReproduction,
  groupSparsityTables,
  validateGroupSparsityConfig,
} from "../repro/group_sparsity/mod.ts";

const FLAGS = {
  parts: `P,P  parts to run (default all): ${GROUP_SPARSITY_PARTS.join(",")}`,
  datasets: "D,D  datasets of the digits comparison (default mnist,fashion-mnist)",
  "conv-maps": "N,N  feature maps of the two convolutional layers (default: the preset's)",
  "conv-lambda":
    "A,A  group-sparsity weights of the two convolutional layers (default: the preset's)",
  "conv-epochs": "N,N  pretraining epochs of the two convolutional layers (default: the preset's)",
  "conv-pretrain":
    "N  training digits the convolutional layers pretrain on (default: the preset's)",
  "conv-inference": "K  train both convolutional layers on codes inferred by K steps of " +
    "sparse coding from the encoder's (predictive sparse decomposition; default: none)",
};

await runMain(async () => {
  const run = await startScript("group_sparsity", Deno.args, FLAGS);
  if (!run) return;
  const { args } = run;
  const outGiven = Deno.args.some((a) => a === "--out" || a.startsWith("--out="));
  const out = outGiven ? args.out : `results/group_sparsity/${args.preset}`;
  const parts =
    choiceListFlag<GroupSparsityPart>("parts", args.extra.parts, GROUP_SPARSITY_PARTS) ??
      GROUP_SPARSITY_PARTS;
  const datasets = choiceListFlag<DatasetName>("datasets", args.extra.datasets, [
    "mnist",
    "fashion-mnist",
  ]) ?? ["mnist", "fashion-mnist"];
  const config = groupSparsityConfig(args.preset, args.epochs);
  /** A flag that gives one value per convolutional layer, or undefined when absent. */
  const perLayer = (name: string, what: string, min: number, whole: boolean) => {
    const values = numberListFlag(name, args.extra[name], min);
    if (values && (values.length !== 2 || (whole && values.some((v) => !Number.isInteger(v))))) {
      throw new UsageError(
        `--${name} takes two ${what} (layer 1's, layer 2's), got "${args.extra[name]}"`,
      );
    }
    return values && [values[0], values[1]] as [number, number];
  };
  const maps = perLayer("conv-maps", "whole numbers", 1, true);
  const lambda = perLayer("conv-lambda", "weights", 0, false);
  const epochs = perLayer("conv-epochs", "whole numbers of epochs", 1, true);
  const pretrain = integerFlag(
    "conv-pretrain",
    args.extra["conv-pretrain"],
    1,
    config.conv.sizes.train,
  );
  const inference = integerFlag("conv-inference", args.extra["conv-inference"], 1, 10_000);
  config.conv = {
    ...config.conv,
    ...(inference !== undefined ? { inference } : {}),
    ...(maps ? { maps } : {}),
    ...(lambda ? { lambda } : {}),
    ...(epochs ? { epochs } : {}),
    ...(pretrain !== undefined ? { pretrain } : {}),
  };
  validateGroupSparsityConfig(config);
  // before any training: the photographs must be there and decode (they stay cached)
  if (parts.includes("patches")) await naturalPatches({ count: 10, whiten: false });
  console.error(
    `group-sparsity: preset ${args.preset}, parts ${parts.join(", ")}, digits on ` +
      `${datasets.join(", ")}`,
  );
  const { signal, dispose } = interruptSignal();
  let results;
  try {
    results = await groupSparsityReproduction(config, {
      ...run.reproOptions(signal),
      parts,
      datasets,
    });
  } finally {
    dispose();
  }
  const tables = groupSparsityTables(results, config, args.preset);
  const figures = groupSparsityFigures(results, {
    patchSide: config.patches.size,
    patchGrid: config.patches.grid,
    digitsGrid: config.digits.grid,
  });
  const { written, meta } = await writeResultsSet(out, async () => {
    await writeEnergyFigures(out, figures);
    const written = await writeEnergyTables(out, tables);
    const meta = await run.metadata(config.digits.epochs, {
      config,
      parts,
      datasets,
      ...(results.patches ? { patches: results.patches.source } : {}),
    });
    await writeMetadata(out, "metadata", meta);
    return { written, meta };
  });
  for (const path of Object.values(written)) console.log(await Deno.readTextFile(path));
  console.error(`group-sparsity: wrote ${out} in ${meta.wallSeconds.toFixed(1)} s`);
});
