/**
 * How Table 1's k-sparse error depends on run length (Makhzani & Frey trained for 5000
 * epochs): one k-sparse autoencoder (k = 25) trained for --epochs epochs (default 8 times the
 * preset's) with the k schedule of Sec. 4.2.1 over the whole run, probed with logistic
 * regression on its alpha*k features at roughly doubling epochs.
 *
 *   deno task repro:ksparse-trend --preset quick --epochs 80
 *
 * Writes to --out (default results/ksparse/<dataset>): trend.md/.csv, trend.svg,
 * trend-metadata.json. Flags as every script (`--help`); --preset sets the model, the probe
 * and the splits.
 *
 * @module
 */
import { interruptSignal, runMain, startScript } from "../repro/cli.ts";
import { writeMetadata } from "../lib/io/metadata.ts";
import { writeResultsSet } from "../lib/io/results_set.ts";
import { autoProgress } from "../lib/train/progress.ts";
import {
  ksparseSplits,
  ksparseTrend,
  ksparseTrendCheckpoint,
  ksparseTrendConfig,
  ksparseTrendFigure,
  ksparseTrendTable,
  writeKSparseFigures,
  writeKSparseTables,
} from "../repro/ksparse/mod.ts";

await runMain(async () => {
  const run = await startScript("ksparse-trend");
  if (!run) return;
  const { args, backend } = run;
  const trend = ksparseTrendConfig(args.preset, args.dataset, args.epochs);
  const splits = await ksparseSplits(args.dataset, trend.config);
  const checkpoint = ksparseTrendCheckpoint(
    args.checkpoints,
    args.dataset,
    args.preset,
    trend,
    args.seed,
  );
  if (args.fresh) await Deno.remove(checkpoint).catch(() => {});
  const { signal, dispose } = interruptSignal();
  let points;
  try {
    points = await ksparseTrend(splits, trend, {
      seed: args.seed,
      checkpoint,
      progress: autoProgress(),
      signal,
      onPoint: (p) =>
        console.error(`trend: epoch ${p.epochs}: test error ${(100 * p.testError).toFixed(2)}%`),
    });
  } finally {
    dispose();
  }
  if (points.length < trend.probeAt.length) {
    console.error(
      `trend: ${points.length} of ${trend.probeAt.length} probes in this session (the others ` +
        `ran before a resume); run with --fresh for the whole curve`,
    );
  }
  const runInfo = { ...args, backend: backend.name };
  const { written } = await writeResultsSet(args.out, async () => {
    const written = await writeKSparseTables(args.out, [
      ksparseTrendTable(points, trend, splits, runInfo),
    ]);
    await writeKSparseFigures(args.out, [ksparseTrendFigure(points, trend.k)]);
    const meta = await run.metadata(trend.config.epochs, {
      config: trend.config,
      probedAt: trend.probeAt,
    });
    await writeMetadata(args.out, "trend-metadata", meta);
    return { written };
  });
  console.log(await Deno.readTextFile(written.trend));
});
