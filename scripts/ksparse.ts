/**
 * Reproduce Makhzani & Frey (2014), k-sparse autoencoders, on MNIST or Fashion-MNIST:
 * Table 1 (features + logistic regression), Table 3 (fine-tuning), Figure 1 (filters),
 * Figure 4 (hidden activities) and the k-schedule ablation of Sec. 4.2.1.
 *
 *   deno task repro:ksparse --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/ksparse/<dataset>): table1, table3 and ablation as .md and
 * .csv, figure1-k<k>.png, figure4.svg, training-loss.svg, metadata.json. Interrupt with Ctrl-C
 * and run again to resume. `--help` lists the flags.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import {
  ksparseConfig,
  ksparseFigures,
  ksparseReproduction,
  ksparseSplits,
  ksparseTables,
  writeKSparseFigures,
  writeKSparseTables,
} from "../repro/ksparse/mod.ts";

await runMain(async () => {
  const run = await startScript("ksparse");
  if (!run) return;
  const { args } = run;
  const config = ksparseConfig(args.preset, args.dataset, args.epochs);
  const splits = await ksparseSplits(args.dataset, config);
  console.error(
    `ksparse: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n}, ${config.hidden} hidden, ${config.epochs} epochs, k in ${config.ks}`,
  );
  const { signal, dispose } = interruptSignal();
  let results;
  try {
    results = await ksparseReproduction(splits, config, run.reproOptions(signal));
  } finally {
    dispose();
  }
  const { written, meta } = await writeResultsSet(args.out, async () => {
    await writeKSparseFigures(args.out, ksparseFigures(results, config));
    const written = await writeKSparseTables(args.out, ksparseTables(results, config, splits));
    const meta = await run.metadata(config.epochs, { config });
    await writeMetadata(args.out, "metadata", meta);
    return { written, meta };
  });
  console.log(await Deno.readTextFile(written.table1));
  console.error(`ksparse: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
