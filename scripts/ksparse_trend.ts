/**
 * How Table 1's k-sparse error depends on run length (Makhzani & Frey trained for 5000
 * epochs): one k-sparse autoencoder (--k, default 25) trained for --epochs epochs (default 8
 * times the preset's) with the k schedule of Sec. 4.2.1 over the whole run, probed with
 * logistic regression on its alpha*k features at roughly doubling epochs; with --fine-tune,
 * the final model is fine-tuned as Table 3's k-sparse network. With --model dropout, denoising
 * or dropoutDenoising the same for one of Table 1's comparison autoencoders (probed on all its
 * hidden units).
 *
 *   deno task repro:ksparse-trend --preset quick --epochs 320 --k 40 --fine-tune \
 *     --fine-tune-epochs 50 --out results/ksparse/mnist-trend-k40-e320
 *
 * Writes to --out (default results/ksparse/<dataset>): trend.md/.csv, trend.svg,
 * trend-metadata.json. Flags as every script (`--help`); --preset sets the model, the probe
 * and the splits. An interrupted run resumes from its checkpoint with its earlier probes.
 *
 * @module
 */
import {
  choiceFlag,
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
import { autoProgress } from "../lib/train/progress.ts";
import {
  ksparseSplits,
  ksparseTrend,
  ksparseTrendCheckpoint,
  ksparseTrendConfig,
  ksparseTrendFigure,
  ksparseTrendTable,
  trendPointsFile,
  writeKSparseFigures,
  writeKSparseTables,
} from "../repro/ksparse/mod.ts";

const FLAGS = {
  k: "N  active hidden units of the trained model (default 25; Table 1 has 10, 25, 40)",
  model: "M  the autoencoder: ksparse (default), or Table 1's dropout, denoising or " +
    "dropoutDenoising",
  "fine-tune": "  fine-tune the final model as Table 3's k-sparse network",
  "fine-tune-epochs": "N  epochs of that fine-tuning (default: the preset's; the paper's 200)",
  "probe-l2": "A,A  L2 weights the probe validates (default: the preset's largest alone; " +
    "Table 1's probe takes the preset's list)",
  lr: "A  SGD rate of the trained autoencoder (default: the preset's; the paper's 0.01 for " +
    "k-sparse, ours for the others)",
};

await runMain(async () => {
  const run = await startScript("ksparse-trend", Deno.args, FLAGS);
  if (!run) return;
  const { args, backend } = run;
  const k = integerFlag("k", args.extra.k, 1);
  const model = choiceFlag(
    "model",
    args.extra.model,
    [
      "ksparse",
      "dropout",
      "denoising",
      "dropoutDenoising",
    ] as const,
  );
  if (model && model !== "ksparse" && k !== undefined) {
    throw new UsageError(`--k is for the k-sparse model; drop it with --model ${model}`);
  }
  if (model === "dropoutDenoising" && args.extra["fine-tune"] === "true") {
    throw new UsageError(
      "--fine-tune: Table 3 has no network for the dropout + denoising autoencoder; drop " +
        "--fine-tune or pick --model dropout or denoising",
    );
  }
  const trend = ksparseTrendConfig(args.preset, args.dataset, args.epochs, k, model);
  const fineTuneEpochs = integerFlag("fine-tune-epochs", args.extra["fine-tune-epochs"], 1);
  if (fineTuneEpochs !== undefined) trend.config.fineTune.epochs = fineTuneEpochs;
  const probeL2 = numberListFlag("probe-l2", args.extra["probe-l2"], 0);
  if (probeL2) trend.probe = { ...trend.probe, l2: probeL2 };
  const lr = numberFlag("lr", args.extra.lr, Number.MIN_VALUE, "rate");
  if (lr !== undefined) {
    if (trend.model === "ksparse") trend.config.learningRate = lr;
    else trend.config.comparisonTraining.learningRate = lr;
  }
  const splits = await ksparseSplits(args.dataset, trend.config);
  const checkpoint = ksparseTrendCheckpoint(
    args.checkpoints,
    args.dataset,
    args.preset,
    trend,
    args.seed,
  );
  if (args.fresh) {
    for (const f of [checkpoint, trendPointsFile(checkpoint)]) await Deno.remove(f).catch(() => {});
  }
  const { signal, dispose } = interruptSignal();
  let result;
  try {
    result = await ksparseTrend(splits, trend, {
      seed: args.seed,
      checkpoint,
      progress: autoProgress(),
      signal,
      fineTune: args.extra["fine-tune"] === "true",
      onPoint: (p) =>
        console.error(`trend: epoch ${p.epochs}: test error ${(100 * p.testError).toFixed(2)}%`),
    });
  } finally {
    dispose();
  }
  const { points } = result;
  if (result.probedNow < points.length) {
    console.error(
      `trend: ${result.probedNow} of ${points.length} probes in this session (the others ran ` +
        `before a resume, kept in ${trendPointsFile(checkpoint)})`,
    );
  }
  const runInfo = { ...args, backend: backend.name };
  const { written } = await writeResultsSet(args.out, async () => {
    const written = await writeKSparseTables(args.out, [
      ksparseTrendTable(points, trend, splits, runInfo, result.fineTune),
    ]);
    // a run resumed after its probes, without their file beside the checkpoint, has no curve
    if (points.length) {
      await writeKSparseFigures(args.out, [ksparseTrendFigure(points, trend.k, trend.model)]);
    }
    const meta = await run.metadata(trend.config.epochs, {
      config: trend.config,
      probe: trend.probe,
      probedAt: trend.probeAt,
      k: trend.model === "ksparse" ? trend.k : null,
      model: trend.model,
      fineTune: args.extra["fine-tune"] === "true" ? trend.config.fineTune : null,
    });
    await writeMetadata(args.out, "trend-metadata", meta);
    return { written };
  });
  console.log(await Deno.readTextFile(written.trend));
});
