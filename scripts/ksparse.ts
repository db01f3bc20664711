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
import { interruptSignal, parseScriptArgs, usage } from "../lib/cli.ts";
import { loadDataset } from "../lib/data/mnist.ts";
import { splitDataset } from "../lib/data/splits.ts";
import { linearProbe } from "../lib/eval/probe.ts";
import { runMetadata, writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { writeFilterGridPng } from "../lib/plot/filters.ts";
import { lineChart, writeSvg } from "../lib/plot/svg.ts";
import {
  KSPARSE_PAPER_TABLE1,
  KSPARSE_PRESETS,
  ksparseDiagnostics,
  probeKSparse,
  trainKSparse,
} from "../lib/repro/ksparse.ts";
import { autoProgress } from "../lib/train/progress.ts";

let args;
try {
  args = parseScriptArgs("ksparse");
} catch (e) {
  console.error((e as Error).message);
  Deno.exit(2);
}
if (args.help) {
  console.log(usage("ksparse"));
  Deno.exit(0);
}

const started = performance.now();
const backend = await useBackend(args.backend, { report: true });
const config = { ...KSPARSE_PRESETS[args.preset] };
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
const progress = autoProgress();
const { signal, dispose } = interruptSignal();
const checkpointOf = (k: number) =>
  `${args.checkpoints}/ksparse-${args.dataset}-${args.preset}-h${config.hidden}-e${config.epochs}-k${k}-s${args.seed}.ckpt`;

const rows: Record<string, unknown>[] = [];
const settings = {
  preset: args.preset,
  epochs: config.epochs,
  seed: args.seed,
  backend: backend.name,
};
const paper = (row: string) =>
  args.dataset === "mnist" ? KSPARSE_PAPER_TABLE1.find((r) => r.row === row)?.paper ?? null : null;

// Raw pixels + logistic regression (Table 1, first row).
const raw = await linearProbe(splits, config.probe);
rows.push({
  row: "Raw pixels",
  paper: paper("Raw pixels"),
  ours: 100 * raw.testError,
  validation: 100 * raw.validationError,
  alpha: null,
  ...settings,
  epochs: 0,
  seconds: raw.seconds,
});
for (const row of KSPARSE_PAPER_TABLE1.slice(1, 5)) {
  rows.push({
    row: row.row,
    paper: paper(row.row),
    ours: null,
    validation: null,
    alpha: null,
    ...settings,
    epochs: null,
    seconds: null,
  });
}

const curves: { name: string; x: number[]; y: number[] }[] = [];
try {
  for (const k of config.ks) {
    const checkpoint = checkpointOf(k);
    if (args.fresh) await Deno.remove(checkpoint).catch(() => {});
    const { model, result } = await trainKSparse(splits, k, config, {
      seed: args.seed,
      checkpoint,
      progress,
      signal,
    });
    curves.push({
      name: `k = ${k}`,
      x: result.history.map((h) => h.epoch + 1),
      y: result.history.map((h) => h.loss),
    });
    const probe = await probeKSparse(model, splits, config.alphas, config.probe);
    const diag = await ksparseDiagnostics(model, splits.validation);
    const name = `k-sparse autoencoder, k = ${k}`;
    rows.push({
      row: name,
      paper: paper(name),
      ours: 100 * probe.best.testError,
      validation: 100 * probe.best.validationError,
      alpha: probe.alpha,
      ...settings,
      seconds: result.seconds + probe.best.seconds,
      mse: diag.mse,
      dead: diag.deadFraction,
    });
    await writeFilterGridPng(
      `${args.out}/figure1-k${k}.png`,
      await model.params.W.data() as Float32Array,
      {
        count: Math.min(100, config.hidden),
        columns: 10,
        scale: 2,
        padding: 1,
      },
    );
    model.dispose();
  }
} finally {
  dispose();
}

const order = KSPARSE_PAPER_TABLE1.map((r) => r.row);
rows.sort((a, b) => {
  const ia = order.indexOf(a.row as string), ib = order.indexOf(b.row as string);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
});
const paths = await writeResultsTable(args.out, "table1", rows, {
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
    series: curves,
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
  extra: { config, backendReason: backend.reason, adapter: backend.adapter ?? null },
});
await writeMetadata(args.out, "metadata", meta);
console.log(await Deno.readTextFile(paths.markdown));
console.error(`ksparse: wrote ${args.out} in ${meta.wallSeconds.toFixed(1)} s`);
