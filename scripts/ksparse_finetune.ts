/**
 * Makhzani & Frey's Table 3 at a longer fine-tuning length: the networks asked for,
 * fine-tuned from the autoencoders that `repro:ksparse` trained with the same preset (its
 * checkpoints are reused, or the autoencoders are trained first), for --fine-tune-epochs
 * epochs per stage with the paper's schedule.
 *
 *   deno task repro:ksparse-finetune --preset quick --networks dropout,denoising \
 *     --fine-tune-epochs 50 --out results/ksparse/mnist-finetune-e50
 *
 * Writes to --out (default results/ksparse/<dataset>): finetune.md/.csv and
 * finetune-metadata.json. Flags as every script (`--help`).
 *
 * @module
 */
import {
  choiceListFlag,
  integerFlag,
  interruptSignal,
  runMain,
  startScript,
} from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import {
  KSPARSE_FINE_TUNE_NETWORKS,
  KSPARSE_PAPER_SETTINGS,
  ksparseConfig,
  ksparseLongFineTune,
  ksparseLongFineTuneTable,
  ksparseSplits,
  writeKSparseTables,
} from "../repro/ksparse/mod.ts";

const FLAGS = {
  networks: `A,B  Table 3's networks to fine-tune (default all): ${
    KSPARSE_FINE_TUNE_NETWORKS.join(",")
  }`,
  "fine-tune-epochs":
    `N  epochs per fine-tuning stage (default ${KSPARSE_PAPER_SETTINGS.fineTuneEpochs}, the paper's)`,
};

await runMain(async () => {
  const run = await startScript("ksparse-finetune", Deno.args, FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const networks = choiceListFlag("networks", args.extra.networks, KSPARSE_FINE_TUNE_NETWORKS) ??
    [...KSPARSE_FINE_TUNE_NETWORKS];
  const epochs = integerFlag("fine-tune-epochs", args.extra["fine-tune-epochs"], 1) ??
    KSPARSE_PAPER_SETTINGS.fineTuneEpochs;
  const config = ksparseConfig(args.preset, args.dataset, args.epochs);
  const splits = await ksparseSplits(args.dataset, config);
  const { signal, dispose } = interruptSignal();
  const options = run.reproOptions(signal);
  let outcomes;
  try {
    outcomes = await ksparseLongFineTune(splits, config, networks, epochs, options);
  } finally {
    dispose();
  }
  const table = ksparseLongFineTuneTable(outcomes, config, epochs, {
    dataset: args.dataset,
    preset: args.preset,
    seed: options.seed ?? 1,
    backend: backend.name,
  });
  const { written } = await writeResultsSet(args.out, async () => {
    const written = await writeKSparseTables(args.out, [table]);
    const meta = await run.metadata(config.epochs, { config, networks, fineTuneEpochs: epochs });
    await writeMetadata(args.out, "finetune-metadata", meta);
    return { written };
  });
  console.log(await Deno.readTextFile(written.finetune));
});
