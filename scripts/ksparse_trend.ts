/**
 * How Table 1's k-sparse error depends on run length (Makhzani & Frey trained for 5000
 * epochs): one k-sparse autoencoder trained for --epochs epochs with the k schedule of
 * Sec. 4.2.1 over the whole run, probed with logistic regression on its alpha*k features at
 * roughly doubling epochs.
 *
 *   deno task repro:ksparse-trend --preset quick --epochs 80
 *
 * Writes to --out (default results/ksparse/<dataset>): trend.md/.csv, trend.svg,
 * trend-metadata.json. Flags as every script; --preset sets the probe and the splits.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsTable } from "../lib/io/table.ts";
import { lineChart, writeSvg } from "../lib/plot/svg.ts";
import {
  KSPARSE_PAPER_TABLE1,
  ksparseConfig,
  ksparseSplits,
  probeKSparse,
  trainKSparse,
} from "../repro/ksparse/ksparse.ts";
import { autoProgress } from "../lib/train/progress.ts";

/** The k whose trend is measured: the paper's best (Table 1). */
const K = 25;
/** alpha values tried at each probe: the paper's best (3) and the quick preset's pick (4). */
const TREND_ALPHAS = [3, 4];

await runMain(async () => {
  const run = await startScript("ksparse-trend");
  if (!run) return;
  const { args, backend } = run;
  const config = ksparseConfig(args.preset, args.dataset);
  config.epochs = args.epochs ?? config.epochs * 8;
  const splits = await ksparseSplits(args.dataset, config);
  // one L2 weight per probe (the preset's largest) keeps the many probes affordable
  const trendProbe = { ...config.probe, l2: [config.probe.l2?.at(-1) ?? 1e-4] };
  const probeAt = new Set<number>();
  for (let e = Math.max(1, Math.round(config.epochs / 16)); e < config.epochs; e *= 2) {
    probeAt.add(e);
  }
  probeAt.add(config.epochs);
  const rows: Record<string, unknown>[] = [];
  const paper = args.dataset === "mnist"
    ? KSPARSE_PAPER_TABLE1.find((r) => r.row === `k-sparse autoencoder, k = ${K}`)!.paper
    : null;
  const checkpoint = `${args.checkpoints}/ksparse-trend-${args.dataset}-${args.preset}` +
    `-h${config.hidden}-e${config.epochs}-k${K}-s${args.seed}.ckpt`;
  if (args.fresh) await Deno.remove(checkpoint).catch(() => {});
  const { signal, dispose } = interruptSignal();
  try {
    const { model } = await trainKSparse(splits, K, config, {
      seed: args.seed,
      checkpoint,
      progress: autoProgress(),
      signal,
      onEpochEnd: async (epoch, m) => {
        if (!probeAt.has(epoch + 1)) return;
        const p = await probeKSparse(m, splits, TREND_ALPHAS, trendProbe);
        rows.push({
          row: `k = ${K} after ${epoch + 1} epochs`,
          paper,
          ours: 100 * p.best.testError,
          validation: 100 * p.best.validationError,
          alpha: p.alpha,
          epochs: epoch + 1,
          preset: args.preset,
          seed: args.seed,
          backend: backend.name,
        });
        console.error(
          `trend: epoch ${epoch + 1}: test error ${(100 * p.best.testError).toFixed(2)}%`,
        );
      },
    });
    model.dispose();
  } finally {
    dispose();
  }
  if (rows.length < probeAt.size) {
    console.error(
      `trend: ${rows.length} of ${probeAt.size} probes in this session (the others ran before ` +
        `a resume); run with --fresh for the whole curve`,
    );
  }
  await writeResultsTable(args.out, "trend", rows, {
    title: `k-sparse (k = ${K}) test error % against training epochs, ${args.dataset}`,
    notes: `One run of ${config.epochs} epochs (k scheduled from ${config.kScheduleFrom} to ${K} ` +
      `over the first half), probed along the way (alpha in ${TREND_ALPHAS.join(", ")} chosen on ` +
      `validation, L2 ${trendProbe.l2[0]}); the paper's value is after 5000 epochs. ` +
      `Hidden ${config.hidden}, batch ${config.batchSize}, SGD lr ${config.learningRate} momentum ` +
      `${config.momentum}; splits ${splits.train.n}/${splits.validation.n}/${splits.test.n}.`,
  });
  await writeSvg(
    `${args.out}/trend.svg`,
    lineChart({
      series: [{
        name: `k = ${K}`,
        x: rows.map((r) => r.epochs as number),
        y: rows.map((r) => r.ours as number),
      }],
      logX: true,
      xLabel: "epochs",
      yLabel: "test error %",
      title: `k-sparse k = ${K}: error against run length`,
    }),
  );
  const meta = await run.metadata(config.epochs, { config, probedAt: [...probeAt] });
  await writeMetadata(args.out, "trend-metadata", meta);
  console.log(await Deno.readTextFile(`${args.out}/trend.md`));
});
