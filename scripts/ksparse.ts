/**
 * Reproduce Makhzani & Frey (2014), k-sparse autoencoders: Table 1 (k-sparse rows and raw
 * pixels) and Figure 1 (filters), on MNIST or Fashion-MNIST.
 *
 *   deno task repro:ksparse --preset smoke|quick|paper --backend auto|webgpu|wasm|cpu
 *
 * Writes to --out (default results/ksparse/<dataset>): table1.md/.csv, metadata.json,
 * figure1-k<k>.png, training-loss.svg. Interrupt with Ctrl-C and run again to resume.
 *
 * @module
 */
import { useBackend } from "../lib/backend.ts";
import { interruptSignal, parseScriptArgs, runMain, usage } from "../lib/cli.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { gitCommit, runMetadata, writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { writeFilterGridPng } from "../lib/plot/filters.ts";
import { lineChart, writeSvg } from "../lib/plot/svg.ts";
import { ksparseConfig, ksparseTable1 } from "../lib/repro/ksparse.ts";
import { autoProgress } from "../lib/train/progress.ts";

await runMain(async () => {
  const args = parseScriptArgs("ksparse");
  if (args.help) {
    console.log(usage("ksparse"));
    return;
  }

  const started = performance.now();
  const commit = await gitCommit(); // the code this run starts from
  const backend = await useBackend(args.backend, { report: true });
  const config = ksparseConfig(args.preset, args.dataset);
  if (args.epochs) config.epochs = args.epochs;
  const dataset = await loadDataset(args.dataset);
  const splits = splitDataset(dataset, {
    seed: 0,
    trainSize: config.sizes?.train,
    validationSize: config.sizes?.validation,
    testSize: config.sizes?.test,
  });
  console.error(
    `ksparse: preset ${args.preset}, ${args.dataset} ${splits.train.n}/${splits.validation.n}/` +
      `${splits.test.n}, ${config.hidden} hidden, ${config.epochs} epochs, k in ${config.ks}`,
  );
  const { signal, dispose } = interruptSignal();
  let table;
  try {
    table = await ksparseTable1(splits, config, {
      dataset: args.dataset,
      preset: args.preset,
      backend: backend.name,
      seed: args.seed,
      checkpointDir: args.checkpoints,
      fresh: args.fresh,
      progress: autoProgress(),
      signal,
    });
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
  const paths = await writeResultsTable(args.out, "table1", table.rows, {
    title: `Makhzani & Frey Table 1: ${args.dataset}, ${config.hidden} hidden units, error %`,
    notes:
      `Error % of logistic regression on the features (alpha*k largest for k-sparse, alpha chosen ` +
      `on validation). Rows without "ours" are not run yet. Preset ${args.preset}: ${config.epochs} ` +
      `epochs, batch ${config.batchSize}, SGD lr ${config.learningRate} momentum ${config.momentum}, ` +
      `k schedule from ${config.kScheduleFrom} over the first half; splits ${splits.train.n}/` +
      `${splits.validation.n}/${splits.test.n}.`,
    columnDigits: { mse: 4, dead: 3, seconds: 1 },
  });
  await writeSvg(
    `${args.out}/training-loss.svg`,
    lineChart({
      series: table.curves,
      xLabel: "epoch",
      yLabel: "training loss ||x - x^||^2",
      title: "k-sparse training loss",
    }),
  );
  const meta = await runMetadata({
    preset: args.preset,
    epochs: config.epochs,
    seeds: args.seed,
    backend: backend.name,
    dataset: args.dataset,
    wallSeconds: (performance.now() - started) / 1000,
    extra: {
      config,
      backendReason: backend.reason,
      adapter: backend.adapter ?? null,
      matmul: backend.matmul ?? null,
    },
  }, { commit });
  await writeMetadata(args.out, "metadata", meta);
  console.log(await Deno.readTextFile(paths.markdown));
  console.error(`ksparse: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
});
