/**
 * Reproduce Rolfe & LeCun (2013), discriminative recurrent sparse autoencoders, on MNIST or
 * Fashion-MNIST: Table 1 (the four DrSAEs trained in two phases, cited rows as cited), the
 * part / categorical unit counts, each network's fit on every split, and Figures 2-8.
 *
 *   deno task repro:drsae --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * `--help` lists every flag. Writes to --out (default results/drsae/<dataset>): table1, units
 * and fit as .md and .csv, the figures (figure2a-c, 3, 4, 5, 6a-c, 7, 8a-b, training) and
 * metadata.json. Interrupt with Ctrl-C and run again to resume.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import {
  architectureName,
  describeOutcome,
  DRSAE_FLAGS,
  drsaeConfigFromFlags,
  drsaeFigures,
  drsaeReproduction,
  drsaeSettingsText,
  drsaeSplits,
  writeDrsaeFigures,
  writeDrsaeTables,
} from "../repro/drsae/mod.ts";

await runMain(async () => {
  const run = await startScript("drsae", Deno.args, DRSAE_FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const config = drsaeConfigFromFlags(args);
  const splits = await drsaeSplits(args.dataset, config);
  console.error(
    `drsae: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n} (unit-norm), ${
        config.architectures.map((a) => architectureName(a))
          .join(", ")
      }; ${config.pretrain.epochs} pretraining + up to ${config.fineTune.epochs} ` +
      `fine-tuning epochs (patience ${config.fineTune.patience})`,
  );
  const { signal, dispose } = interruptSignal();
  let result;
  try {
    result = await drsaeReproduction(splits, config, {
      ...run.reproOptions(signal),
      onRowDone: (o) => console.error(`drsae: ${describeOutcome(o)}`),
    });
  } finally {
    dispose();
  }
  const settings = drsaeSettingsText(config, {
    preset: args.preset,
    sizes: [splits.train.n, splits.validation.n, splits.test.n],
    seed: args.seed,
    backend: backend.name,
  });
  const { table1, meta } = await writeResultsSet(args.out, async () => {
    const table1 = await writeDrsaeTables(args.out, result, args.dataset, settings);
    const figures = drsaeFigures(result);
    await writeDrsaeFigures(args.out, figures);
    if (!result.analysis) {
      console.error("drsae: the figure network did not train; Figures 2 and 4-8 are not drawn");
    }
    const meta = await run.metadata(config.fineTune.epochs, {
      config,
      pretrainEpochs: config.pretrain.epochs,
      figures: figures.map((f) => ({ name: f.name, caption: f.caption })),
      outcomes: result.outcomes.map(({ units: _, fit: __, ...o }) => o),
    });
    await writeMetadata(args.out, "metadata", meta);
    return { table1, meta };
  });
  console.log(await Deno.readTextFile(table1));
  console.error(`drsae: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
