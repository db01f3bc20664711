/**
 * Reproduce Makhzani & Frey (2014), k-sparse autoencoders, on MNIST or Fashion-MNIST:
 * Table 1 (features + logistic regression), Table 3 (fine-tuning), Figure 1 (filters),
 * Figure 4 (hidden activities) and the k-schedule ablation of Sec. 4.2.1.
 *
 *   deno task repro:ksparse --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/ksparse/<dataset>): table1, table3 and ablation as .md and
 * .csv, figure1-k<k>.png, figure4.svg, training-loss.svg, metadata.json. Interrupt with Ctrl-C
 * and run again to resume.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { writeFilterGridPng } from "../lib/plot/filters.ts";
import { histogramChart, lineChart, writeSvg } from "../lib/plot/svg.ts";
import { ksparseConfig, ksparseSplits } from "../repro/ksparse/ksparse.ts";
import { ksparseReproduction } from "../repro/ksparse/ksparse_run.ts";

await runMain(async () => {
  const run = await startScript("ksparse");
  if (!run) return;
  const { args, backend } = run;
  const config = ksparseConfig(args.preset, args.dataset);
  if (args.epochs) config.epochs = args.epochs;
  const splits = await ksparseSplits(args.dataset, config);
  console.error(
    `ksparse: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n}, ${config.hidden} hidden, ${config.epochs} epochs, k in ${config.ks}`,
  );
  const { signal, dispose } = interruptSignal();
  let table;
  try {
    table = await ksparseReproduction(splits, config, run.reproOptions(signal));
  } finally {
    dispose();
  }
  for (const { k, W } of table.filters) {
    await writeFilterGridPng(`${args.out}/figure1-k${k}.png`, W, {
      count: Math.min(100, config.hidden),
      columns: 10,
      scale: 2,
      padding: 1,
    });
  }
  const settings =
    `Preset ${args.preset}: ${config.epochs} epochs, batch ${config.batchSize}, SGD lr ` +
    `${config.learningRate} momentum ${config.momentum}, k schedule from ${config.kScheduleFrom} ` +
    `over the first half; splits ${splits.train.n}/${splits.validation.n}/${splits.test.n}; ` +
    `seed ${args.seed}; backend ${backend.name}. Rows without "ours" are not run yet.`;
  const paths = await writeResultsTable(args.out, "table1", table.table1, {
    title: `Makhzani & Frey Table 1: ${args.dataset}, ${config.hidden} hidden units, error %`,
    notes: `Test error % of logistic regression on the features (all hidden units for the ` +
      `dropout and denoising autoencoders, the alpha*k largest for k-sparse, alpha chosen on ` +
      `validation). ${settings} The dropout and denoising autoencoders (sigmoid hidden, linear ` +
      `output, tied weights; not specified in the paper) train at lr ` +
      `${config.comparisonTraining.learningRate} with ${config.comparisonTraining.initStd} ` +
      `initialisation, chosen on validation (at 0.01 they diverge).`,
    columnDigits: { mse: 4, dead: 3, seconds: 1 },
  });
  if (table.table3.length) {
    await writeResultsTable(args.out, "table3", table.table3, {
      title: `Makhzani & Frey Table 3: ${args.dataset}, supervised fine-tuning, error %`,
      notes: `Test error % after fine-tuning (${config.fineTune.epochs} epochs per stage, lr ` +
        `${config.fineTune.learningRate.join(" to ")} linearly, momentum ` +
        `${config.fineTune.momentum}, best validation epoch kept; the deep network's stages ` +
        `after the softmax-only one at ${config.fineTune.deepScale} times that rate, since the ` +
        `full rate diverged). Pre-training: ${settings}`,
      columnDigits: { seconds: 1 },
    });
  }
  await writeResultsTable(args.out, "ablation", table.ablation, {
    title: `k-schedule ablation (Sec. 4.2.1): dead hidden units, % of ${config.hidden}`,
    notes: `"ours" is the % of hidden units never among the k largest on the training split, ` +
      `"validation" on the validation split. The paper argues for the schedule but gives no ` +
      `numbers. ${settings}`,
    columnDigits: { seconds: 1 },
  });
  await writeSvg(
    `${args.out}/figure4.svg`,
    histogramChart({
      series: table.activities.map((a) => ({ name: a.name, values: a.values })),
      bins: 60,
      layout: "multiples",
      logY: true,
      title: "Figure 4: hidden unit activities on validation digits",
      xLabel: "activity",
      yLabel: "count",
    }),
  );
  await writeSvg(
    `${args.out}/training-loss.svg`,
    lineChart({
      series: table.curves,
      xLabel: "epoch",
      yLabel: "training loss ||x - x^||^2",
      title: "k-sparse training loss",
    }),
  );
  const meta = await run.metadata(config.epochs, { config });
  await writeMetadata(args.out, "metadata", meta);
  console.log(await Deno.readTextFile(paths.markdown));
  console.error(`ksparse: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
